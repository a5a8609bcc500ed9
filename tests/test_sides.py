"""A comparison of the sides ("Compare what the EU and US said about X", "What did each side say about X?"): each
side's statement, side by side, and a side with none said to have none. Read as a whole such a question got one
side's sentence, or none."""

import pytest

from rag.contract import Turn
from rag.sides import other_side_named, side_questions
from tests.test_answers import assert_citations_verifiable
from tests.test_trust import ask_chain

EU_US = ["EU", "US"]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "Compare what the EU and US said about terrorist content online.",
            [
                "What did the EU say about terrorist content online?",
                "What did the US say about terrorist content online?",
            ],
        ),
        (
            "How did the Americans' view on e-evidence compare with the Europeans'?",
            ["What did the US say about e-evidence?", "What did the EU say about e-evidence?"],
        ),
        (
            "What were the differences between the two sides on migration?",
            ["What did the EU say about migration?", "What did the US say about migration?"],
        ),
        (  # "each side" stands for every side, in the question's own words
            "What laws did each side describe on digital evidence?",
            [
                "What laws did the EU describe on digital evidence?",
                "What laws did the US describe on digital evidence?",
            ],
        ),
        (
            "What did the EU and Canada each say about PNR?",
            ["What did the EU say about PNR?", "What did Canada say about PNR?"],
        ),
        (  # what scopes the meeting stays with the topic
            "How did the two sides' positions on PNR differ in 2020?",
            ["What did the EU say about PNR in 2020?", "What did the US say about PNR in 2020?"],
        ),
        (  # an approach "to" a matter names it, and the other side's "one" is the same approach (had been refused)
            "How does the EU approach to migration differ from the US one?",
            ["What did the EU say about migration?", "What did the US say about migration?"],
        ),
    ],
)
def test_a_comparison_of_the_sides_is_one_question_per_side(question, asked):
    assert [q for _, q in side_questions(question, lambda: EU_US)] == asked


@pytest.mark.parametrize(
    "question",
    [
        "Compare what Sofia and Washington said about e-evidence.",  # meetings, by their cities
        "How did the US position on PNR change between Sofia and Washington?",
        "Given that the US and EU regimes differ, what were the parties able to commit to?",  # a clause, not asked
        "How do drug-taking habits compare on the two sides of the Atlantic?",  # no side speaks
        "What did the US say about money laundering?",
        "Compare the EU and US positions.",  # about nothing named
    ],
)
def test_other_questions_are_no_comparison_of_the_sides(question):
    assert side_questions(question, lambda: EU_US) is None


@pytest.mark.parametrize(
    ("question", "eu_said", "us_said"),
    [
        ("Compare what the EU and US said about terrorist content online.", "Internet Forum", "voluntary efforts"),
        ("How did the EU and US positions on visa reciprocity differ?", "urgency", "transparency"),
        ("What did the Europeans and the Americans each want on PNR?", "PNR Directive", "renewal"),
    ],
)
def test_each_sides_statement_is_given(engine, question, eu_said, us_said):
    answer = engine.ask(question)
    assert answer.outcome == "answer", answer.answer
    assert eu_said in answer.answer and us_said in answer.answer, answer.answer
    assert answer.note is None
    assert_citations_verifiable(answer)


@pytest.mark.parametrize(
    ("question", "said", "silent"),
    [
        # The US spoke of its institutional changes; the EU's part is only the joint intention.
        ("What did the EU and the US each say about CBRN?", "institutional changes", "the EU"),
        # Canada was not at the table in Sofia: the EU's update is the answer, Canada's silence is said.
        ("Compare what the EU and Canada said about PNR.", "PNR Directive", "Canada"),
    ],
)
def test_a_side_with_no_statement_is_said_to_have_none(engine, question, said, silent):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and said in answer.answer, answer.answer
    assert answer.note == f"No passage states clearly enough what {silent} said on it."
    assert_citations_verifiable(answer)


def _turns(*questions):
    return [Turn(role=role, content=text) for q in questions for role, text in (("user", q), ("assistant", "..."))]


@pytest.mark.parametrize(
    ("asked", "question", "meant"),
    [
        (["What did the EU say about PNR?"], "And the other side?", "And the US?"),
        (["What did the US say about e-evidence?"], "What did the other delegation want?", "What did the EU want?"),
        # asked again, the other side is the first one once more
        (["What did the EU say about PNR?", "And the other side?"], "And the other side?", "And the EU?"),
        (["What was said about PNR?"], "And the other side?", "And the other side?"),  # no side asked about
        (["What did the EU and the US say?"], "And the other side?", "And the other side?"),  # no one other
    ],
)
def test_the_other_side_is_the_side_not_asked_about_last(asked, question, meant):
    assert other_side_named(question, _turns(*asked), lambda: EU_US) == meant


def test_the_other_side_is_the_one_the_last_answer_did_not_speak_for(engine):
    # The question named no side; the answer said what the EU delegation reported.
    first, other = ask_chain(engine, ["What was said about terrorist content online?", "And the other side?"])
    assert first.answer.startswith("The EU delegation"), first.answer
    assert other.outcome == "answer" and other.answer.startswith("The US stressed"), other.answer


def test_the_other_side_is_answered_in_a_conversation(engine):
    eu, us = ask_chain(engine, ["What did the EU say about PNR?", "And the other side?"])
    assert "PNR Directive" in eu.answer
    assert us.outcome == "answer" and "renewal of the EU-US PNR agreement" in us.answer, us.answer


def test_the_meetings_sides_are_looked_up_only_for_a_question_that_needs_them():
    # (Every question passes here: the lookup reads every meeting's record and, for "the other side", the
    # conversation's meetings.)
    def never() -> list[str]:
        raise AssertionError("looked up")

    assert side_questions("What did the US say about money laundering?", never) is None
    assert side_questions("Compare what the EU and US said about PNR.", never) is not None
    assert other_side_named("And the US?", _turns("What did the EU say about PNR?"), never) == "And the US?"
