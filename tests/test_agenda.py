"""A meeting's agenda, asked for whole: its numbered sections, each cited to the first paragraph under it."""

import pytest

from rag.agenda import asks_for_the_agenda
from rag.support import SupportChecker
from tests.test_answers import assert_citations_verifiable
from tests.test_trust import ask_chain


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What was on the agenda?", True),
        ("What items were on the agenda at Helsinki?", True),
        ("List the agenda items.", True),
        ("Which topics were covered?", True),
        ("What topics did they discuss?", True),
        ("Was election security on the agenda?", False),  # one matter, asked whether it came up
        ("What was on the agenda regarding migration?", False),
        ("Which topics were discussed under transnational organised crime?", False),
        ("What was discussed?", False),  # an overview: the Summary
        # Said with other verbs (each had been refused)
        ("What topics did the meeting deal with?", True),
        ("What subjects came up in Bucharest?", True),
        ("What issues did the Washington meeting tackle?", True),
        ("What issues came up on PNR?", False),
    ],
)
def test_the_agenda_is_asked_for_whole_only(question, asked):
    assert asks_for_the_agenda(question) is asked


def test_the_agenda_is_the_numbered_sections_each_cited(engine):
    answer = engine.ask("What was on the agenda?")
    assert answer.outcome == "answer", answer.answer
    assert answer.answer.startswith("1(a) Information sharing, including battlefield information, PNR and aviation")
    assert "3(c) Visa reciprocity [8]." in answer.answer
    assert answer.answer.endswith("5 Priorities of the incoming Austrian Presidency [11].")
    assert [c.id for c in answer.citations][:3] == ["9278/18 ¶4", "9278/18 ¶7", "9278/18 ¶8"]
    assert "Annex" not in answer.answer and "Summary" not in answer.answer
    assert_citations_verifiable(answer)
    # Each item is supported by what it cites: the paragraph under its heading.
    assert all(s.supported for s in SupportChecker(engine.embed).check(answer.answer, answer.citations))


def test_an_item_of_the_agenda_is_asked_about_by_its_place_in_it(engine):
    _, third = ask_chain(engine, ["What was on the agenda?", "Tell me more about the third item."])
    assert third.outcome == "answer" and "CBRN" in third.answer, third.answer


@pytest.mark.parametrize(
    "question", ["What were the main topics?", "What topics were on the table?", "What were the topics discussed?"]
)
def test_the_topics_asked_for_whole_are_the_agenda(engine, question):
    # "What were the main topics?" and "What topics were on the table?" were refused.
    answer = engine.ask(question)
    assert answer.outcome == "answer" and "1(a) Information sharing" in answer.answer, answer.answer


def test_the_agenda_of_a_meeting_not_indexed_is_not_the_indexed_ones(engine):
    # The bundled Sofia meeting's agenda had been given for Helsinki's.
    answer = engine.ask("What were the topics discussed at the Helsinki meeting?")
    assert answer.outcome == "not_stated" and "Helsinki" in answer.answer, answer.answer


def test_how_many_items_were_on_the_agenda_is_the_agenda_counted(engine):
    # Refused: "the closest passages give no number of topics".
    answer = engine.ask("How many topics were on the agenda?")
    assert answer.outcome == "answer" and "1(a) Information sharing" in answer.answer, answer.answer
    assert answer.note == "11 items on the agenda." and len(answer.citations) == 11


def test_a_topic_after_the_meeting_is_no_agenda_asked_whole():
    # "at the meeting regarding drugs" had been read as the meeting only: the whole agenda for a question on drugs.
    assert not asks_for_the_agenda("What was on the agenda at the meeting regarding drugs?")
    assert asks_for_the_agenda("What was on the agenda at the Helsinki meeting?")
