"""Which meetings a question names (rag/scope.py), read against meetings' own metadata."""

import dataclasses
import datetime

import pytest

from rag.meeting import Fact, MeetingFacts
from rag.scope import asks_what_became, held_after, scope


def meeting(document, place, country, start, end, presidency=None, next_place=None):
    facts = ()
    if next_place:
        facts = (Fact("next_meeting", next_place, "", "text", None, f"{document} ¶9", ""),)
    return MeetingFacts(
        document, "EU-US Justice and Home Affairs Ministerial Meeting", place, country,
        datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), "dates", facts, presidency,
    )  # fmt: skip


MEETINGS = [
    meeting("9278/18", "Sofia", "Bulgaria", "2018-05-22", "2018-05-23", "Bulgarian", "Washington, second half of 2018"),
    meeting("15284/18", "Washington, D.C.", None, "2018-12-06", "2018-12-07", "Austrian"),
    meeting("10188/19", "Bucharest", "Romania", "2019-06-11", "2019-06-12", "Romanian"),
    meeting("15124/19", "Helsinki", "Finland", "2019-12-10", "2019-12-11", "Finnish"),
    meeting("8470/20", "video conference", None, "2020-05-28", "2020-05-28", "Croatian"),
]


@pytest.mark.parametrize(
    ("question", "documents", "text"),
    [
        ("Who headed the US delegation in Washington?", ("15284/18",), "Who headed the US delegation?"),
        ("Summarise the Sofia meeting", ("9278/18",), "Summarise the meeting"),
        # (a meeting's city asked about whole; it had been a name to find, first in Bucharest's "next meeting")
        ("Tell me about Helsinki", ("15124/19",), "Tell me about the meeting"),
        ("Summarise Bucharest.", ("10188/19",), "Summarise the meeting."),
        ("Give me a rundown of Bucharest", ("10188/19",), "Give me a rundown of the meeting"),
        ("What was agreed in December 2018?", ("15284/18",), "What was agreed?"),
        ("What did the 2019 meetings say about PNR?", ("10188/19", "15124/19"), None),
        ("Who spoke for the EU under the Austrian Presidency?", ("15284/18",), "Who spoke for the EU?"),
        ("What was decided at the latest ministerial?", ("8470/20",), None),
        ("What did the first meeting agree?", ("9278/18",), None),
        # The first (last) of the meetings the rest of the words name: this had been "no indexed meeting matches"
        # (the first of all is Sofia, not in Washington; test_multi_document has the first EU-Canada meeting).
        ("Who led the US side at the first Washington meeting?", ("15284/18",), None),
        ("Who attended last year's meeting?", ("10188/19", "15124/19"), None),
        ("Which meeting was held by video conference?", ("8470/20",), "Which meeting was held by video conference?"),
        # Said as where the meeting was, it only says which meeting: taken out like any place.
        ("Who led the US side at the video conference?", ("8470/20",), "Who led the US side?"),
        ("How did PNR change between Sofia and Washington?", ("9278/18", "15284/18"), "How did PNR change?"),
        ("What did Washington say compared with Sofia?", ("9278/18", "15284/18"), None),
        # Each side of a comparison is its own meeting; words on one side narrow only that side.
        ("How did it go between Helsinki and the 2020 video conference?", ("15124/19", "8470/20"), "How did it go?"),
        ("What changed from the Washington meeting in December 2018 to Bucharest?", ("15284/18", "10188/19"), None),
        ("What changed at Helsinki in 2019?", ("15124/19",), None),
        ("Between Washington 2018 and Bucharest, how far did it go?", ("15284/18", "10188/19"), "How far did it go?"),
        # Where people went is where the meeting was ("to Washington" had pinned the US as a party).
        ("Which commissioners went to Washington?", ("15284/18",), "Which commissioners went?"),
        ("Who came to Sofia for the US?", ("9278/18",), "Who came for the US?"),
        # ... and where a side sent someone ("to Ottawa" had pinned Canada: the Canadian delegation answered)
        ("Who did the EU send to Helsinki?", ("15124/19",), "Who did the EU send?"),
        ("Did Romania send anyone to the Bucharest meeting?", ("10188/19",), "Did Romania send anyone?"),
        # A meeting held by video is held "online", "virtually": said as how it was held, or which meeting it was.
        ("Which meeting was held online?", ("8470/20",), "Which meeting was held online?"),
        ("Who attended the online meeting for the US?", ("8470/20",), None),
        ("What was discussed at the virtual meeting?", ("8470/20",), "What was discussed?"),
        # A meeting named by its neighbour in date order.
        ("What did the meeting before the Helsinki one decide?", ("10188/19",), "What did the meeting decide?"),
        ("What was agreed at the ministerial after Sofia?", ("15284/18",), "What was agreed at the ministerial?"),
        ("What did the meeting before the 2019 Helsinki one decide?", ("10188/19",), "What did the meeting decide?"),
        # ... by a verb of following ("followed" had left Sofia in the question, a name the answer had to write)
        ("Which meeting followed Sofia?", ("15284/18",), "Which meeting?"),
        ("Which meeting preceded Helsinki?", ("10188/19",), "Which meeting?"),
        # The indexed proceedings are every meeting: "in the corpus" narrows nothing and asks for no words
        ("What was the first ministerial in the corpus?", ("9278/18",), "What was the ministerial?"),
        # A date further from the meeting word ("EU-US" had named the five EU-US meetings alone, compared)
        ("What did the May 2020 EU-US justice and home affairs ministerial discuss?", ("8470/20",), None),
        # ... and the meeting's own title goes with it, and how it was not held names it as well (the title's words
        # had drawn every header to the question, and "in person" had named the five held in person)
        (
            "Why did the May 2020 EU-US justice and home affairs ministerial take place online rather than in person?",
            ("8470/20",),
            "Why did the ministerial take place online?",
        ),
        ("What did the December 2019 JHA ministerial agree?", ("15124/19",), "What did the ministerial agree?"),
        # A meeting attended is named without a preposition (Helsinki had been read as no meeting, and Bucharest's
        # Commissioner for Migration, Home Affairs and Citizenship answered)
        (
            "Which Commissioner for Home Affairs attended Helsinki?",
            ("15124/19",),
            "Which Commissioner for Home Affairs attended?",
        ),
        ("Who attended the Bucharest meeting?", ("10188/19",), "Who attended the meeting?"),
        # A month as people shorten it
        ("What was agreed in Dec 2018?", ("15284/18",), "What was agreed?"),
        ("Who led the US side in Dec. 2019?", ("15124/19",), "Who led the US side?"),
        # A Presidency's meeting names the meeting, and its words leave the question as a place's do (kept,
        # "Finnish" and "Presidency" were names the answer had to write).
        (
            "Was end-to-end encryption raised at the Finnish Presidency's EU-US ministerial?",
            ("15124/19",),
            "Was end-to-end encryption raised?",
        ),
        ("Who led the US side at the Romanian Presidency's ministerial?", ("10188/19",), "Who led the US side?"),
        # The state of things by a date is what that month's meeting records ("do not mention December")
        ("How many rounds took place by December 2019?", ("15124/19",), "How many rounds took place?"),
        # ... and by a meeting's city, when the city is no side's seat ("do not mention Bucharest")
        (
            "How many fighters had the US reported by Bucharest?",
            ("10188/19",),
            "How many fighters had the US reported?",
        ),
        ("What was proposed by Washington?", (), "What was proposed by Washington?"),  # the US proposed it
        # The scene set before a colon or a dash, as a journalist notes it
        (
            "Washington, Dec 2018: was there any movement on e-evidence?",
            ("15284/18",),
            "Was there any movement on e-evidence?",
        ),
        ("Helsinki, December 2019 - who led the US side?", ("15124/19",), "Who led the US side?"),
        # In a comparison, a side's capital said as its owner is the side, and "online" how a thing is done
        # (both had been read as meetings, and no one meeting was all of them: "no indexed meeting matches").
        (
            "Did Washington's preference for voluntary action shift between Sofia and Helsinki?",
            ("9278/18", "15124/19"),
            "Did Washington's preference for voluntary action shift?",
        ),
        (
            "How did terrorist content online change between Sofia and Helsinki?",
            ("9278/18", "15124/19"),
            "How did terrorist content online change?",
        ),
    ],
)
def test_meetings_are_named_by_place_date_presidency_and_order(question, documents, text):
    found = scope(question, MEETINGS)
    assert found.documents == documents and found.missing is None
    if text is not None:
        assert found.text == text


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("Which meetings discussed PNR?", "What was said about PNR?"),
        ("At which meetings did soft targets come up?", "What was said about soft targets?"),
        ("In how many meetings was the Umbrella Agreement discussed?", "What was said about the Umbrella Agreement?"),
        ("What did each meeting say about visa reciprocity?", "What was said about visa reciprocity?"),
        # (who came is no matter spoken of)
        ("In which meetings did William Barr head the US delegation?", None),
    ],
)
def test_which_meetings_spoke_of_a_matter_reads_each_for_what_it_said(question, text):
    found = scope(question, MEETINGS)
    assert found.every and found.documents == tuple(m.document for m in MEETINGS)
    assert found.text == (text or question)


@pytest.mark.parametrize(
    "question",
    [
        "What did Washington say about PNR?",  # a party, not a meeting
        "Tell me about Washington",  # (the US's seat: a side as much as a meeting)
        "Who led the delegation from Canada?",
        "What will be discussed at the next meeting in Washington?",  # the meeting the proceedings announce
        "What was said about the EU-Turkey statement?",
        "How many Member States are outside the Visa Waiver Programme?",
        "PNR: what did they agree?",  # a topic set first names no meeting
    ],
)
def test_a_party_or_an_announced_meeting_is_no_scope(question):
    found = scope(question, MEETINGS)
    assert found.documents == () and found.missing is None and found.text == question


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("What was discussed at the Lisbon meeting?", "Lisbon"),
        ("Who was at the meeting in Vienna?", "Vienna"),  # (it had been answered with the EU's "Austrian" ministers)
        ("What was agreed at the meeting in March 2017?", "March 2017"),
        ("What was said at the Sofia meeting in December 2018?", "at the Sofia meeting in December 2018"),
        ("What changed between Sofia in 2019 and Washington?", "between Sofia in 2019 Washington"),
    ],
)
def test_a_meeting_that_is_not_indexed_is_missing(question, missing):
    found = scope(question, MEETINGS)
    assert not found.scoped and found.missing == missing


@pytest.mark.parametrize(
    "question", ["When is the Washington meeting?", "What was agreed at the meeting in Washington?"]
)
def test_a_meeting_only_a_document_announces_is_named_as_announced(question):
    only_sofia = MEETINGS[:1]  # its document announces the next meeting, in Washington
    found = scope(question, only_sofia)
    assert found.announced == "Washington" and found.missing is None and not found.scoped
    assert scope(question, MEETINGS).announced is None  # indexed, it is that meeting
    assert scope("What did Washington say about PNR?", only_sofia).announced is None  # a party, not a meeting


def test_whether_the_meeting_was_in_a_place_presumes_no_meeting_there():
    assert scope("Was the meeting in Vienna?", MEETINGS).missing is None  # the meeting's own place answers it


def test_each_meeting_recent_and_first_are_told_apart():
    assert scope("How many were outside the programme at each ministerial?", MEETINGS).compared
    assert scope("What is the latest position on PNR?", MEETINGS).recent
    assert scope("When was the CLOUD Act first discussed?", MEETINGS).earliest
    assert scope("When was violent right-wing extremism first put on the agenda?", MEETINGS).earliest
    assert scope("When did PNR first come up?", MEETINGS).earliest
    assert not scope("When was the CLOUD Act discussed?", MEETINGS).compared


def test_a_presidency_as_speaker_stays_in_the_question_and_names_no_meeting():
    # A Presidency speaks at the meeting before its term too (the incoming one presents its priorities): naming
    # it as the one who spoke does not narrow the question to the meeting held during it.
    spoke = scope("What did the Austrian Presidency present?", MEETINGS)
    assert spoke.documents == () and spoke.text == "What did the Austrian Presidency present?"
    # ... nor as whose priorities they were (narrowed to the Croatian Presidency's own meeting, it was refused:
    # the incoming Croatian Presidency presented them at Helsinki)
    owned = scope("What are the Croatian Presidency's priorities?", MEETINGS)
    assert owned.documents == () and owned.text == "What are the Croatian Presidency's priorities?"
    # Said as whose meeting it was, it names that meeting.
    assert scope("At the Romanian Presidency's ministerial, what did the US propose?", MEETINGS).documents == (
        "10188/19",
    )
    assert scope("What was agreed under the Austrian Presidency?", MEETINGS).text == "What was agreed?"


def test_one_meeting_is_never_compared():
    only = MEETINGS[:1]
    assert not scope("What did the meetings say?", only).compared
    assert scope("Who spoke in Sofia?", only).documents == ("9278/18",)


def test_a_meeting_named_by_who_met_narrows_without_comparing():
    canada = meeting("14888/18", "Ottawa", "Canada", "2018-11-20", "2018-11-21")
    canada = dataclasses.replace(canada, name="EU-Canada Justice and Home Affairs Ministerial Meeting")
    meetings = [canada, *MEETINGS]
    each = scope("How many were outside the programme at each EU-US ministerial?", meetings)
    # "EU-US" says which meetings, not which parties a statement must name: it leaves the reader's question.
    assert each.documents == tuple(m.document for m in MEETINGS) and each.every and "EU-US" not in each.text
    one = scope("What did the EU-US ministerial say about PNR?", meetings)
    assert "14888/18" not in one.documents and not one.compared
    assert one.text == "What did the ministerial say about PNR?"
    assert scope("Who spoke at the EU-Canada meeting?", meetings).documents == ("14888/18",)
    assert scope("What was agreed at the EU-Japan ministerial?", meetings).missing == "EU-Japan"
    assert scope("What was said about the EU-Turkey statement?", meetings).missing is None
    # Who met, as who acted: narrows to their meetings and stays in the question (the sides did it). Retrieval
    # had ranked the EU-US meetings' cybercrime sentences first, and the answer was "not stated".
    acting = scope("Which convention did the EU and Canada discuss?", meetings)
    assert (
        acting.documents == ("14888/18",) and not acting.compared and acting.text.endswith("the EU and Canada discuss?")
    )
    assert scope("What was agreed between the EU and Canada?", meetings).documents == ("14888/18",)
    assert not scope("What did the EU say about Canada and Japan?", meetings).documents
    # One side named, as who the EU met: "the Canada meeting" is the EU-Canada one (it had been "no indexed meeting
    # matches Canada"), and it leaves the question as "EU-Canada" does; a side no meeting was with is missing, and a
    # city is a place, never a side ("the Washington meeting" is one held there).
    for question in ("Was terrorism financing raised at the Canada meeting?", "Who came to the Canadian ministerial?"):
        found = scope(question, meetings)
        assert found.documents == ("14888/18",) and "Canad" not in found.text, question
    assert scope("What was said at the American meeting?", meetings).documents == tuple(m.document for m in MEETINGS)
    assert scope("What was said at the Japanese meeting?", meetings).missing == "Japanese"
    assert scope("What was agreed at the Washington meeting?", [canada, MEETINGS[0]]).documents == ()


def test_the_meetings_places_are_read_once_per_set_of_meetings():
    """A question at 2,000 meetings spent ~15 ms gathering every meeting's place names again: they are kept for
    the meetings they were read from, and other meetings (another engine's, a reload's) get their own."""
    from rag.scope import _place_index

    first = _place_index(MEETINGS)
    assert _place_index(list(MEETINGS)) is first  # the same meetings, in a new list as each question makes
    moved = [dataclasses.replace(MEETINGS[0], place="Varna", country="Bulgaria"), *MEETINGS[1:]]
    assert _place_index(moved) is not first
    assert scope("What was agreed in Varna?", moved).documents == ("9278/18",)
    assert scope("What was agreed in Sofia?", MEETINGS).documents == ("9278/18",)
    assert scope("What was agreed in Sofia?", moved).documents == ()


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Did they actually do it?", True),
        ("Did that date hold?", True),
        ("Was that followed up at the next ministerial?", True),
        ("Did they come back to it in Washington as promised?", True),
        ("What's the plan for following up?", False),  # this meeting's plan, not what became of it
        ("Did they hold the meeting in Sofia?", False),
        ("What did they come back to?", False),
        ("And was that date kept?", True),
        ("Was the deadline met?", True),
        ("Did they keep to it?", True),
        ("Who were the ministers that met in Sofia?", False),
        ("Which date was kept for the seminar?", False),
        ("Was it delayed?", True),
        ("Has it been postponed?", True),
        ("Did it slip?", True),
        ("Was it held in Sofia?", False),
    ],
)
def test_a_follow_up_asking_what_became_of_a_matter_is_told_apart(question, asks):
    assert asks_what_became(question) is asks


def test_the_meetings_held_after_one_are_in_date_order():
    assert held_after(MEETINGS[2], list(reversed(MEETINGS))) == ("15124/19", "8470/20")
    assert held_after(MEETINGS[-1], MEETINGS) == ()


@pytest.mark.parametrize(
    "question",
    [
        "Where will the meeting after the video conference be held?",
        "When is the meeting after the 2020 video conference?",
    ],
)
def test_the_meeting_after_the_newest_is_the_one_it_announced(question):
    # It had been "no indexed meeting matches", and with the year, the video conference itself.
    found = scope(question, MEETINGS)
    assert found.documents == ("8470/20",) and found.announced and "video conference" not in found.text
