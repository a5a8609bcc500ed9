"""What a cause did: "How did the pandemic affect the 2020 meeting?" is answered by the sentence giving the pandemic
as a cause, never by one that only names both, and a question with nothing affected named lists each effect."""

from __future__ import annotations

import pytest

from rag.reader.question_wording import effect_asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How did the pandemic affect the 2020 meeting?", ("the pandemic", "the 2020 meeting")),
        ("What impact did COVID have on travel?", ("COVID", "travel")),
        ("What were the consequences of the pandemic?", ("the pandemic", "")),
        ("What was the impact of Brexit on Europol?", ("Brexit", "Europol")),
        ("How was the PNR review affected by the pandemic?", ("the pandemic", "the PNR review")),
        # A change over time is no effect of anything:
        (
            "How did the number of Member States outside the Visa Waiver Programme change from Bucharest to Helsinki?",
            None,
        ),
        ("What did the US say about the impact of encryption?", None),
    ],
)
def test_an_effect_question_names_its_cause_and_what_it_affected(question, asked):
    assert effect_asked(question) == asked


@pytest.mark.parametrize(
    ("question", "effect"),
    [
        # Each was refused: the gate reads a question asking an effect as far from any fact.
        ("How did the pandemic affect the 2020 meeting?", "was held by video conference because of the COVID-19"),
        ("How did COVID affect the 2020 ministerial?", "was held by video conference because of the COVID-19"),
        ("How did the pandemic affect the PNR review?", "postpone the joint evaluation"),
        ("What was the impact of the pandemic on crime?", "sale of counterfeit medical goods exploiting the pandemic"),
        # Answered with Helsinki's concern about child sexual abuse material, which says nothing of lockdowns.
        ("What effect did the lockdowns have on child sexual abuse material?", "online during the lockdowns"),
    ],
)
def test_what_a_cause_affected_is_the_sentence_giving_it_as_the_cause(six_meetings, question, effect):
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer" and effect in answer.answer, answer.answer
    assert {c.document for c in answer.citations} == {"8470/20"}


def test_with_nothing_affected_named_each_effect_is_given(six_meetings):
    answer = six_meetings.ask("What impact did the pandemic have?")
    assert answer.outcome == "answer", answer.answer
    said = [
        "held by video conference because of the COVID-19 pandemic",
        "counterfeit medical goods exploiting the pandemic",
        "Migration and Asylum had been postponed because of the pandemic",
    ]
    assert sum(effect in answer.answer for effect in said) >= 2, answer.answer
    assert len(answer.citations) >= 2 and {c.document for c in answer.citations} == {"8470/20"}


def test_a_sentence_naming_the_cause_without_an_effect_does_not_answer(six_meetings):
    # Was the sides briefing each other on the CLOUD Act and the Commission's proposals: nothing of what one did.
    answer = six_meetings.ask("How did the CLOUD Act affect the e-evidence talks?")
    assert answer.outcome == "not_stated" and "what effect the CLOUD Act had" in answer.answer, answer.answer
    # A sentence speaking of the impact asked about still answers.
    answer = six_meetings.ask("What impact did the GDPR have on data exchange?")
    assert answer.outcome == "answer" and "potential impact on transatlantic data exchange" in answer.answer


@pytest.mark.parametrize(
    ("question", "cause"),
    [
        # The EU's own sentence on migration had been trusted as what it said; the cause is its ground.
        ("Why did the EU bring up visas?", "as a matter of reciprocity"),
        ("Why did the EU put measures in place on migration?", "as a response to the migration crisis"),
    ],
)
def test_why_is_answered_by_the_likely_sentence_giving_a_ground(engine, question, cause):
    answer = engine.ask(question)
    assert not answer.abstained and cause in answer.answer and "migration trends" not in answer.answer


def test_a_light_verb_the_corpus_never_writes_is_no_unknown_matter(engine):
    # "go" is written nowhere in the proceedings: the question had read as one about something never spoken of, and
    # the sentence ranked first (the sides briefing each other) was given, not its ground ("Since ...").
    answer = engine.ask("Why couldn't the two sides go further on e-evidence?")
    assert answer.outcome == "answer" and "at different stages" in answer.answer, answer.answer
    assert "took the opportunity to brief each other" not in answer.answer


def test_what_a_deed_waits_for_is_its_ground(six_meetings):
    """ "paused in March 2020, after four rounds, pending progress in the trilogues": "Why?" after it had been "they
    say no more of it than the last answer did", which gave the ground."""
    from tests.test_trust import ask_chain

    *_, why = ask_chain(six_meetings, ["What happened to the e-evidence negotiations in 2020?", "Why?"])
    assert why.outcome == "answer" and "pending progress in the trilogues" in why.answer, why.answer


def test_why_a_meeting_named_by_its_date_and_title_was_held_online(six_meetings):
    # Read over all six meetings ("in person" named the five held in person) and on the title's words, which every
    # header writes: refused, though the video conference's proceedings give the cause.
    answer = six_meetings.ask(
        "Why did the May 2020 EU-US justice and home affairs ministerial take place online rather than in person?"
    )
    assert answer.outcome == "answer" and "because of the COVID-19 pandemic" in answer.answer, answer.answer
    assert {c.document for c in answer.citations} == {"8470/20"}


@pytest.mark.parametrize("follow_up", ["What triggered the concern?", "What prompted it?"])
def test_what_triggered_a_thing_asks_its_cause(engine, follow_up):
    # Refused: "what triggered" was not read as asking why, nor "in the wake of" as giving a cause.
    history = [
        {"role": "user", "content": "Did election security come up?"},
        {"role": "assistant", "content": engine.ask("Did election security come up?").answer},
    ]
    answer = engine.ask(follow_up, history)
    assert answer.outcome == "answer" and "in the wake of the Cambridge Analytica scandal" in answer.answer, (
        answer.answer
    )
