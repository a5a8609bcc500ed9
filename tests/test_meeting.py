"""Meeting facts read from the three real proceedings documents, each fact checked against its cited paragraph."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from rag.meeting import Fact, MeetingFacts, is_dateline, meeting_facts, parse_dates
from rag.parsing import ParsedDocument, parse_document

ROOT = Path(__file__).resolve().parents[1]
SOFIA = ROOT / "index" / "sources" / "council-9278-18-eu-us-jha-ministerial-sofia-2018.txt"
WASHINGTON = ROOT / "tests" / "data" / "council-15284-18-eu-us-jha-ministerial-washington-2018.txt"
OTTAWA = ROOT / "tests" / "data" / "council-14888-18-eu-canada-jha-ministerial-ottawa-2018.txt"


def parse(path: Path) -> ParsedDocument:
    return parse_document(path.read_text(encoding="utf-8"), path.name, "fallback")


def facts_of(doc: ParsedDocument) -> MeetingFacts:
    rows = [(p.id, p.number, p.section, p.text) for p in doc.paragraphs]
    return meeting_facts(doc.id, doc.metadata, rows)


def by_field(meeting: MeetingFacts, field: str) -> list[Fact]:
    return [fact for fact in meeting.facts if fact.field == field]


def values(meeting: MeetingFacts, field: str) -> set[str]:
    return {fact.value for fact in by_field(meeting, field)}


@pytest.fixture(scope="module", params=[SOFIA, WASHINGTON, OTTAWA], ids=["sofia", "washington", "ottawa"])
def parsed(request: pytest.FixtureRequest) -> tuple[ParsedDocument, MeetingFacts]:
    doc = parse(request.param)
    return doc, facts_of(doc)


def test_every_fact_is_cited_to_a_real_paragraph_and_quoted_verbatim(parsed):
    doc, meeting = parsed
    texts = {p.id: p.text for p in doc.paragraphs}
    assert meeting.facts
    for fact in meeting.facts:
        assert fact.paragraph_id in texts, fact
        assert fact.quote and fact.quote in texts[fact.paragraph_id], fact
        assert fact.statement.endswith(".") and not fact.statement.endswith(".."), fact
        types = {
            "date",
            "place",
            "country",
            "person",
            "organisation",
            "document",
            "paper",
            "marking",
            "count",
            "text",
            "name",
            "overview",
        }
        assert set(fact.answer_type.split()) <= types
        assert (fact.party is not None) == fact.field.startswith("delegation_"), fact


def test_document_facts_come_from_the_header(parsed):
    doc, meeting = parsed
    header = f"{doc.id} header"
    assert values(meeting, "document_number") == {doc.id}
    assert values(meeting, "document_place") == {"Brussels"}
    assert values(meeting, "marking") == {"LIMITE"}
    assert values(meeting, "addressee") == {"Delegations"}
    # The service that wrote it ("From:") and the institution of the letterhead, in one fact cited to "From:".
    assert values(meeting, "issuer") == {"General Secretariat of the Council (Council of the European Union)"}
    assert by_field(meeting, "issuer")[0].quote == "From: General Secretariat of the Council"
    assert by_field(meeting, "addressee")[0].quote == "To: Delegations"
    assert by_field(meeting, "document_type")[0].statement == "The document is an outcome of proceedings."
    language = by_field(meeting, "language")[0]  # the dateline's "(OR. en)", in words
    assert language.value == "English" and "(OR. en)" in language.quote
    for field in ("document_number", "document_date", "document_place", "marking", "issuer", "addressee", "language"):
        assert all(fact.paragraph_id == header for fact in by_field(meeting, field))


def test_sofia_meeting_from_the_subject_and_the_joint_statement():
    meeting = facts_of(parse(SOFIA))
    assert meeting.label == "Sofia, 22-23 May 2018"
    assert meeting.name == "EU-US Justice and Home Affairs Ministerial Meeting"
    assert (meeting.place, meeting.country) == ("Sofia", "Bulgaria")
    assert (meeting.start, meeting.end) == (datetime.date(2018, 5, 22), datetime.date(2018, 5, 23))
    # Stated twice (Subject line, joint statement): one fact per source, so either citation holds.
    dates = by_field(meeting, "meeting_dates")
    assert {f.paragraph_id for f in dates} == {"9278/18 header", "9278/18 ¶19"}
    assert {f.value for f in dates} == {"22-23 May 2018"}
    assert next(f for f in dates if f.paragraph_id == "9278/18 ¶19").quote.startswith("On 22 and 23 May 2018,")
    assert values(meeting, "meeting_place") == {"Sofia", "Sofia, Bulgaria"}
    assert "The EU-U.S. Ministerial Meeting on Justice and Home Affairs took place in Sofia, Bulgaria." in {
        f.statement for f in meeting.facts
    }
    assert values(meeting, "document_date") == {"31 May 2018"}
    assert "the Bulgarian Presidency of the EU Council" in values(meeting, "host")
    assert values(meeting, "issued_at_end") == {"joint press statement"}


def test_sofia_delegations_per_party():
    meeting = facts_of(parse(SOFIA))
    heads = by_field(meeting, "delegation_head")
    assert [(f.party, f.paragraph_id) for f in heads] == [("US", "9278/18 ¶2")]
    assert heads[0].statement == (
        "The US delegation was headed by Attorney General Jeff Sessions and "
        "Under Secretary for Homeland Security Claire Grady."
    )
    represented = {(f.party, f.paragraph_id): f.value for f in by_field(meeting, "delegation_representatives")}
    assert set(represented) == {("EU", "9278/18 ¶2"), ("US", "9278/18 ¶20"), ("EU", "9278/18 ¶21")}
    assert "Jeff Sessions" in represented["US", "9278/18 ¶20"] and "Claire Grady" in represented["US", "9278/18 ¶20"]
    for where in ("9278/18 ¶2", "9278/18 ¶21"):
        assert all(name in represented["EU", where] for name in ("Radev", "Tsacheva", "Kickl", "Moser", "King"))


def test_next_meeting_is_not_taken_for_the_meeting_itself():
    sofia = facts_of(parse(SOFIA))
    upcoming = by_field(sofia, "next_meeting")
    assert {f.paragraph_id for f in upcoming} == {"9278/18 ¶22", "9278/18 ¶26"}
    assert {f.value for f in upcoming} == {"Washington, D.C., second half of 2018"}
    assert {f.answer_type for f in upcoming} == {"date place"}  # it answers when and where
    assert not any("Washington" in f.value for f in sofia.facts if f.field.startswith("meeting_"))

    washington = facts_of(parse(WASHINGTON))
    assert washington.label == "Washington, D.C., 6-7 December 2018"
    assert (washington.place, washington.country) == ("Washington, D.C.", None)
    assert (washington.start, washington.end) == (datetime.date(2018, 12, 6), datetime.date(2018, 12, 7))
    assert [(f.value, f.paragraph_id) for f in by_field(washington, "next_meeting")] == [
        ("Bucharest, first half of 2019", "15284/18 ¶7")
    ]
    assert by_field(washington, "next_meeting")[0].statement == (
        "The next meeting is to take place in the first half of 2019 in Bucharest."
    )
    assert values(washington, "meeting_place") == {"Washington, D.C."}

    ottawa = facts_of(parse(OTTAWA))
    # The expert seminar "in Ottawa in spring 2019" is not a meeting of the ministers.
    assert [(f.value, f.paragraph_id) for f in by_field(ottawa, "next_meeting")] == [("Brussels, 2020", "14888/18 ¶6")]
    assert values(ottawa, "meeting_place") == {"Ottawa"}


def test_washington_and_ottawa_delegations():
    washington = facts_of(parse(WASHINGTON))
    (head,) = by_field(washington, "delegation_head")
    assert head.party == "US" and "Matthew Whitaker" in head.value and "Kirstjen Nielsen" in head.value
    (eu,) = by_field(washington, "delegation_representatives")
    assert eu.party == "EU" and "Carmen Dan" in eu.value
    assert values(washington, "document_date") == {"14 December 2018"}
    assert not by_field(washington, "host") and not by_field(washington, "issued_at_end")

    ottawa = facts_of(parse(OTTAWA))
    assert ottawa.label == "Ottawa, 20 November 2018"
    assert ottawa.name == "EU-Canada Justice and Home Affairs Ministerial Meeting"
    assert ottawa.start == ottawa.end == datetime.date(2018, 11, 20)
    (head,) = by_field(ottawa, "delegation_head")
    assert head.party == "Canada" and "Ralph Goodale" in head.value and "Jody Wilson-Raybould" in head.value
    (eu,) = by_field(ottawa, "delegation_representatives")
    assert eu.party == "EU" and "Herbert Kickl" in eu.value and "Dimitris Avramopoulos" in eu.value


def test_plain_text_without_the_council_layout_gives_no_facts():
    text = "The committee discussed the budget.\n\nIt agreed to continue its work on the annual report."
    meeting = facts_of(parse_document(text, "notes.txt", "notes"))
    assert meeting.facts == ()
    assert (meeting.name, meeting.place, meeting.start, meeting.dates_text) == (None, None, None, None)
    assert meeting.label == "notes"


def test_a_header_without_a_meeting_in_its_subject_labels_by_document_number():
    subject = "Subject: Outcome of proceedings of the EU-US Justice and Home Affairs Ministerial Meeting"
    text = SOFIA.read_text(encoding="utf-8").replace(f"{subject} (Sofia, 22-23 May 2018)", "Subject: Draft conclusions")
    assert "Draft conclusions" in text
    doc = parse_document(text, "draft.txt", "draft")
    meeting = facts_of(doc)
    assert meeting.name is None and values(meeting, "marking") == {"LIMITE"}
    # The joint statement still says where and when, cited to the annex.
    assert meeting.label == "Sofia, 22-23 May 2018"
    assert {f.paragraph_id for f in by_field(meeting, "meeting_dates")} == {"9278/18 ¶19"}

    bare = meeting_facts("1234/18", {"number": "1234/18"}, [("1234/18 ¶1", 1, "", "Nothing about a meeting.")])
    assert bare.facts == () and bare.label == "1234/18"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22-23 May 2018", (datetime.date(2018, 5, 22), datetime.date(2018, 5, 23), "22-23 May 2018")),
        ("22 and 23 May 2018", (datetime.date(2018, 5, 22), datetime.date(2018, 5, 23), "22-23 May 2018")),
        ("5-6 December 2018", (datetime.date(2018, 12, 5), datetime.date(2018, 12, 6), "5-6 December 2018")),
        ("on 20 November 2018", (datetime.date(2018, 11, 20), datetime.date(2018, 11, 20), "20 November 2018")),
        (
            "30 November - 1 December 2018",
            (datetime.date(2018, 11, 30), datetime.date(2018, 12, 1), "30 November-1 December 2018"),
        ),
        ("6-7 december 2018", (datetime.date(2018, 12, 6), datetime.date(2018, 12, 7), "6-7 December 2018")),
        ("31 February 2018", None),
        ("in the second half of 2018", None),
    ],
)
def test_parse_dates(text, expected):
    assert parse_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("Bucharest, 12 June 2019", True),
        ("Washington, D.C., 7 December 2018.", True),
        ("The meeting took place in Sofia, 23 May 2018", False),
        ("Sofia hosted the meeting on 23 May 2018.", False),
    ],
)
def test_a_dateline_is_a_place_and_a_date_alone(text, dateline):
    assert is_dateline(text) is dateline


def test_a_dateline_is_never_a_prose_candidate():
    # "Who led the US side there?" was once answered "Bucharest, 12 June 2019": a dateline asserts nothing.
    import numpy as np
    from llama_index.core.schema import NodeWithScore, TextNode

    from rag.reader.candidates import sentence_candidates

    node = TextNode(
        text="The US delegation was headed by William Barr. Bucharest, 12 June 2019",
        metadata={"paragraph_id": "10188/19 ¶20", "document": "10188/19", "section": "Annex", "number": 20},
    )
    found = sentence_candidates(
        [NodeWithScore(node=node, score=1.0)], lambda ids: {}, lambda pid: None, lambda t: np.zeros((len(t), 384))
    )
    assert [c.text for c in found] == ["The US delegation was headed by William Barr."]


def test_the_council_presidency_and_the_incoming_one_are_facts_of_their_own():
    sofia = facts_of(parse(SOFIA))
    # Hosted "by the Bulgarian Presidency of the EU Council": the host is named, and so is a country.
    (host,) = by_field(sofia, "host")  # "The European Union, hosting the meeting, ..." names it only in passing
    assert host.value == "the Bulgarian Presidency of the EU Council" and host.answer_type == "organisation country"
    (current,) = by_field(sofia, "presidency")
    assert (current.value, current.paragraph_id, current.answer_type) == ("Bulgaria", "9278/18 ¶19", "country")
    (incoming,) = by_field(sofia, "incoming_presidency")
    assert (incoming.value, incoming.paragraph_id) == ("Austria", "9278/18 ¶2")
    assert "incoming Austrian Presidency" in incoming.quote

    washington = facts_of(parse(WASHINGTON))
    # "(Austrian Presidency)", "(incoming Romanian Presidency)"; "under the Romanian Presidency" is the next
    # meeting's and says nothing of this one.
    assert values(washington, "presidency") == {"Austria"}
    assert values(washington, "incoming_presidency") == {"Romania"}
    assert by_field(washington, "incoming_presidency")[0].paragraph_id == "15284/18 ¶2"
