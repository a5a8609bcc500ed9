"""A question naming a part of a document (the outcome of proceedings, or the joint statement annexed to it) is
answered from that part; a question setting the two side by side is answered by each, said apart."""

from __future__ import annotations

import pytest

from rag.reader.question import analyse


@pytest.mark.parametrize(
    ("question", "parts", "part"),
    [
        ("According to the joint statement, why does cooperation matter?", {"statement"}, "statement"),
        ("What does the joint text say about PNR?", {"statement"}, "statement"),
        ("What does the outcome section say about PNR?", {"outcome"}, "outcome"),
        # Both named, or one set beside the rest: each part is read apart, none holds the candidates.
        ("What do the outcome section and the joint statement say about visas?", {"outcome", "statement"}, ""),
        ("Compare what the US said about migration with what the joint statement says about it.", {"statement"}, ""),
        ("What did the two sides say about PNR?", set(), ""),
        ("Was a joint evaluation of the PNR agreement planned?", set(), ""),  # a joint evaluation is no part
        # What people call the joint statement too.
        ("Which topics did the joint press release cover?", {"statement"}, "statement"),
        ("What did the communiqué say about drugs?", {"statement"}, "statement"),
    ],
)
def test_the_parts_of_a_document_a_question_names(engine, question, parts, part):
    asked = analyse(question, engine.stats)
    assert asked.parts == parts and asked.part == part


def test_the_joint_statement_called_a_press_release_is_read_as_the_statement(engine):
    # "topics" says no topic: the press release's sentence "At the end of the meeting, a joint press statement was
    # issued" would state the question's remaining words, had the press release not been read as the statement.
    answer = engine.ask("Which topics did the joint press release cover?")
    assert "was issued" not in answer.answer, answer.answer
    # The joint statement never speaks of drugs (the outcome's ¶15 does).
    assert engine.ask("What did the communiqué say about drugs?").outcome == "not_stated"


def test_a_question_about_the_joint_statement_is_answered_from_it(engine):
    answer = engine.ask("What does the joint statement say about migrant smuggling?")
    assert not answer.abstained and "prevent and eradicate migrant smuggling" in answer.answer
    assert all("statement" in c.section.lower() for c in answer.citations)  # not the outcome's ¶13


def test_the_outcome_and_the_joint_statement_side_by_side_are_each_said_apart(engine):
    answer = engine.ask(
        "What do the outcome of proceedings and the joint statement say about terrorist content online?"
    )
    assert not answer.abstained
    outcome, statement = answer.answer.split("In the joint statement:")
    assert outcome.startswith("In the outcome of proceedings:") and "Internet Forum" in outcome
    assert "terrorist purposes" in statement
    cited = {c.label.split("·")[-1].strip() for c in answer.citations}
    assert "¶7" in cited and "¶22" in cited


def test_parts_side_by_side_that_do_not_both_speak_of_it_are_not_stated(engine):
    # Only the outcome (¶17) speaks of the incoming Presidency's priorities: its sentence alone would read as what
    # both parts say, so the answer is "not stated", and says why.
    answer = engine.ask(
        "What do the outcome section and the joint statement say about the incoming Austrian Presidency's priorities?"
    )
    assert answer.abstained and "not both parts of the document" in answer.answer


def test_a_fact_read_from_each_part_answers_for_that_part(engine):
    # Her office is a delegation fact in each part: "Under Secretary" in the outcome's ¶2, "Acting Deputy
    # Secretary" in the statement's ¶20. The ranker finds the outcome's fact unlikely (0.12) for this wording, but
    # a fact of the kind asked for is trusted from the floor it is trusted at anywhere.
    answer = engine.ask(
        "How does Claire Grady's title in the outcome section differ from her title in the joint statement?"
    )
    assert answer.outcome == "answer", answer.answer
    outcome, statement = answer.answer.split("In the joint statement:")
    assert "Under Secretary for Homeland Security Claire Grady" in outcome
    assert "Acting Deputy Secretary for Homeland Security" in statement
    assert [c.id for c in answer.citations] == ["9278/18 ¶2", "9278/18 ¶20"]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Where are evolving chemical threats said to arise, according to the joint text?", "public spaces"),
        ("In the joint statement, where do chemical threats matter most?", "public spaces"),
    ],
)
def test_a_likely_sentence_of_the_one_part_named_is_trusted_sooner(engine, question, said):
    # The part's few paragraphs leave its best sentence fewer rivals: the gate (0.5-0.66 here) had refused it.
    answer = engine.ask(question)
    assert answer.outcome == "answer" and said in answer.answer, answer.answer
    assert all(c.id in {"9278/18 ¶22"} for c in answer.citations)
