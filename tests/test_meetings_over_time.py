"""Questions over several meetings that ask for one of them by time: the newest ("the last time", "most
recently") or the first, asked on their own or as a follow-up of a question every meeting answered."""

from __future__ import annotations

import pytest

from tests.test_answers import assert_citations_verifiable
from tests.test_trust import ask_chain

NEWEST = "8470/20"  # the video conference of May 2020
EVERY_MEETING = ["9278/18", "14888/18", "15284/18", "10188/19", "15124/19", NEWEST]  # in date order


@pytest.mark.parametrize(
    "question",
    [
        # "the last time" had been left in the question the reader saw, and it was refused.
        "What did the US say about the visa waiver programme the last time?",
        "What did the US say about the visa waiver programme most recently?",
    ],
)
def test_the_last_time_a_side_spoke_of_a_matter_is_the_newest_meeting(six_meetings, question):
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer", answer.answer
    assert {c.document for c in answer.citations} == {NEWEST}, answer.answer
    assert "processing of visa applications" in answer.answer
    assert_citations_verifiable(answer)


def test_the_last_time_after_a_question_every_meeting_answered_is_the_newest_of_them(six_meetings):
    """The follow-up took the conversation's every-meeting scope and answered meeting by meeting again."""
    first, last = ask_chain(
        six_meetings,
        ["Which meetings discussed the visa waiver programme?", "What did the US say about it the last time?"],
    )
    assert len({c.document for c in first.citations}) > 2, first.answer
    assert last.outcome == "answer", last.answer
    assert {c.document for c in last.citations} == {NEWEST}, last.answer
    assert "At the video conference" in last.answer


def test_and_the_first_time_after_the_last_time_is_the_oldest_meeting(six_meetings):
    """ "And the first time?" had been put in the last question's topic ("What did the US say about the first
    time?"), and on the one meeting the last answer came from."""
    *_, first = ask_chain(
        six_meetings,
        [
            "Which meetings discussed the visa waiver programme?",
            "What did the US say about it the last time?",
            "And the first time?",
        ],
    )
    assert first.outcome == "answer", first.answer
    assert {c.document for c in first.citations} == {"9278/18"}, first.answer
    assert "only able to commit to further transparency" in first.answer
    assert_citations_verifiable(first)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # Washington's statement on the programme had answered yes: Sofia spoke of it first.
        ("Did the visa waiver programme first come up in Washington?", "five EU Member States not covered"),
        ("Was the CLOUD Act first raised at Sofia?", "CLOUD Act"),
    ],
)
def test_whether_a_named_meeting_was_the_first_is_shown_by_the_first(six_meetings, question, first):
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer", answer.answer
    assert {c.document for c in answer.citations} == {"9278/18"}, answer.answer
    assert first in answer.answer


def test_what_a_side_first_said_is_the_oldest_meeting(six_meetings):
    """ "first say" was not read as the first time (Bucharest's joint stock-taking answered)."""
    answer = six_meetings.ask("What did the US first say about the visa waiver programme?")
    assert {c.document for c in answer.citations} == {"9278/18"}, answer.answer
    assert "only able to commit to further transparency" in answer.answer


@pytest.mark.parametrize("question", ["Summarise the meeting.", "What were the main takeaways?"])
def test_an_overview_over_several_meetings_is_each_meetings_summary(six_meetings, question):
    """No meeting named over six: each one's Summary, in date order (it had been the three or five meetings whose
    passages ranked among the best of all)."""
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer", answer.answer
    assert list(dict.fromkeys(c.document for c in answer.citations)) == EVERY_MEETING
    assert all(c.id.endswith("¶1") for c in answer.citations)  # the Summaries


@pytest.mark.parametrize("question", ["When was the meeting?", "Where was the meeting held?"])
def test_when_or_where_the_meeting_was_over_several_meetings_is_each_meetings(six_meetings, question):
    """No meeting named over six: each one's own record (it had been the four whose records ranked among the best)."""
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer", answer.answer
    assert list(dict.fromkeys(c.document for c in answer.citations)) == EVERY_MEETING


def test_the_video_conference_asked_about_is_its_summary(six_meetings):
    # Named by how it was held, the meeting had been read as a matter ("video conference"): its sentence saying it
    # was held so answered, not its Summary.
    answer = six_meetings.ask("Tell me about the video conference.")
    assert [c.id for c in answer.citations] == ["8470/20 ¶1"], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "How did the PNR discussion evolve over time?",
        "How has the number of Member States outside the visa waiver programme changed?",
    ],
)
def test_how_a_matter_evolved_over_time_is_each_meetings_statement_in_date_order(six_meetings, question):
    # The first had been refused (no one sentence says how it evolved), the second two meetings' statements.
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer", answer.answer
    documents = list(dict.fromkeys(c.document for c in answer.citations))
    assert len(documents) >= 4 and documents[0] == "9278/18" and documents[-1] == "8470/20", documents
    assert answer.answer.count("PNR" if "PNR" in question else "Member States") >= 4


def test_each_meetings_part_speaks_of_the_matter(six_meetings):
    # Read meeting by meeting, Washington's part had been "The two sides welcomed the progress made since Sofia on
    # sharing battlefield information ...": the question's "progress" and "made", and no word of e-evidence.
    answer = six_meetings.ask("What progress was made on e-evidence over the meetings?")
    assert answer.outcome == "answer" and "battlefield" not in answer.answer, answer.answer
    assert {"10188/19", "15124/19", "8470/20"} <= {c.document for c in answer.citations}


def test_what_was_agreed_on_a_matter_is_only_the_meetings_speaking_of_it(six_meetings):
    # Ottawa's "The two sides exchanged views on ... electronic evidence ... and agreed to coordinate their positions"
    # had come first: its own gate passed it (few passages to beat), and the meetings were not required to speak of
    # fraud, as they are when what was said on a topic is asked.
    answer = six_meetings.ask("What did the two sides agree on fraud?")
    assert answer.outcome == "answer" and "fraudulent offers" in answer.answer, answer.answer
    assert {c.document for c in answer.citations} == {NEWEST}, answer.answer


def test_a_date_of_talks_on_a_matter_is_no_meeting(six_meetings):
    # Refused, "no indexed meeting matches 'March 2020'": "talks" was read as a meeting of that date, where the
    # e-evidence talks are the negotiations, paused then. Talks of a side or a place still name a meeting.
    answer = six_meetings.ask("What happened to the e-evidence talks in March 2020?")
    assert answer.outcome == "answer" and "paused in March 2020" in answer.answer, answer.answer
    missing = six_meetings.ask("What was agreed at the EU-US talks in March 2017?")
    assert missing.outcome == "not_stated" and "no indexed meeting matches" in missing.answer, missing.answer


def test_the_newest_state_of_a_matter_asked_by_its_abbreviation_is_the_newest_meetings(six_meetings):
    # "How many member states are still waiting to join the VWP?" had been Sofia's five: only Sofia writes "VWP",
    # and the later meetings' "Visa Waiver Programme" was not read as speaking of it.
    answer = six_meetings.ask("How many member states are still waiting to join the VWP?")
    assert {c.document for c in answer.citations} == {"8470/20"}, answer.answer
    assert "two Member States, Bulgaria and Romania" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Had been Bucharest's and Helsinki's 2020 (the evaluation the video conference postponed): "the next" in the
        # present asks for the newest state, as "When will ...?" does.
        "When is the next PNR evaluation?",
        # Had been Bucharest's alone: its "next joint evaluation" made "next" a word of the matter the newest must say.
        "When is the next PNR evaluation now?",
    ],
)
def test_when_the_next_of_something_is_asked_in_the_present_the_newest_meeting_says(six_meetings, question):
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer" and "to the first half of 2021" in answer.answer, answer.answer
    assert {c.document for c in answer.citations} == {NEWEST}, answer.answer


def test_when_a_side_wanted_the_next_review_is_said_of_one_still_ahead(six_meetings):
    # Refused: "the next PNR review" was read as the next meeting, whose record no sentence on PNR is. Then, read as
    # it is, Washington's "welcomed the joint review ... completed in November 2018" came beside Bucharest's.
    answer = six_meetings.ask("When did the US want the next PNR review?")
    assert answer.outcome == "answer" and "be held in 2020 instead of 2021" in answer.answer, answer.answer
    assert {c.document for c in answer.citations} == {"10188/19"}, answer.answer


def test_whether_a_thing_was_done_yet_is_the_newest_state(six_meetings):
    from rag.reader.question import analyse

    # Was Ottawa's "agreed to sign the agreement in the first half of 2019" (the state two meetings before): "yet"
    # asks as of now, and "EU-Canada" names the agreement, no side saying it (Bucharest's EU sentence had conflicted).
    assert analyse("Has the EU-Canada PNR agreement been signed yet?", six_meetings.stats).speakers == frozenset()
    answer = six_meetings.ask("Has the EU-Canada PNR agreement been signed yet?")
    assert answer.outcome == "answer" and "has not yet been signed" in answer.answer, answer.answer
    assert {c.document for c in answer.citations} == {"10188/19"}


@pytest.mark.parametrize(
    ("topic", "when", "meeting", "said"),
    [
        # Had been Sofia's statement on terrorism ("... in public spaces"): no word of the matter was required.
        ("What did they say about soft targets?", "When was it first discussed?", "15284/18", "soft targets"),
        # Had been the video conference's right-wing extremism (one meeting speaks of firearms).
        ("What was said about firearms?", "When was that last discussed?", "14888/18", "firearms"),
        # Had been refused: the statement, already said, did not pass the gate again.
        ("What was said about right-wing extremism?", "When was that first discussed?", NEWEST, "right-wing"),
    ],
)
def test_when_a_matter_first_or_last_came_up_as_a_follow_up_is_the_conversations_matter(
    six_meetings, topic, when, meeting, said
):
    *_, answer = ask_chain(six_meetings, [topic, when])
    assert answer.outcome == "answer", answer.answer
    assert {c.document for c in answer.citations} == {meeting}, answer.answer
    assert said in answer.answer
    assert_citations_verifiable(answer)


@pytest.mark.parametrize(
    ("question", "meeting", "said"),
    [
        # Both had been refused: "the first meeting where" was no first time, and no first meeting of all either.
        ("What was the first meeting where the CLOUD Act came up?", "9278/18", "CLOUD Act"),
        ("Which was the first ministerial at which soft targets were discussed?", "15284/18", "soft targets"),
    ],
)
def test_the_first_meeting_where_a_matter_came_up_is_the_oldest_to_speak_of_it(six_meetings, question, meeting, said):
    answer = six_meetings.ask(question)
    assert answer.outcome == "answer", answer.answer
    assert {c.document for c in answer.citations} == {meeting}, answer.answer
    assert said in answer.answer
    assert_citations_verifiable(answer)
