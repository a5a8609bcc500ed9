"""What the engine knows of the indexed paragraphs and documents beyond their vectors: whole paragraphs in reading
order, each document's meeting and the words that describe it, and the contract's view of a meeting."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rag.contract import Meeting
from rag.meeting import MeetingFacts, meeting_facts
from rag.reader.gazetteer import parties_in


@dataclass(frozen=True)
class ParagraphView:
    id: str
    document: str
    number: int  # 0 for the header block
    section: str
    label: str
    text: str
    parent: str = ""  # the numbered section a subsection is under (rag/parsing.Paragraph.parent)


@dataclass(frozen=True)
class DocumentRecord:
    """What answering knows of one indexed document beyond its paragraphs."""

    id: str
    title_text: str  # subject and header lines: where generic names such as "Council" are satisfied
    meeting_parties: frozenset[str]  # the sides of the meeting ("EU", "US"): who "both sides" are
    summary_paragraph: str
    meeting: MeetingFacts


def paragraphs_in_order(nodes: Iterable[Any]) -> dict[str, ParagraphView]:
    """Whole paragraphs (split chunks joined again), ordered by document and paragraph number."""
    return paragraphs_of((node.metadata, node.get_content()) for node in nodes)


def paragraphs_of(chunks: Iterable[tuple[Mapping[str, Any], str]]) -> dict[str, ParagraphView]:
    """paragraphs_in_order from each chunk's (metadata, text)."""
    views: list[ParagraphView] = []
    split: dict[str, list[tuple[Mapping[str, Any], str]]] = {}
    for metadata, text in chunks:
        if metadata.get("parts") == 1:  # most paragraphs are one chunk: nothing to join (a start makes 100k)
            views.append(_view(metadata, text))
        else:
            split.setdefault(metadata["paragraph_id"], []).append((metadata, text))
    for chunked in split.values():
        chunked.sort(key=lambda chunk: int(chunk[0].get("part", 1)))
        views.append(_view(chunked[0][0], " ".join(chunk_text for _, chunk_text in chunked)))
    views.sort(key=lambda v: (v.document, v.number))
    return {v.id: v for v in views}


def _view(meta: Mapping[str, Any], text: str) -> ParagraphView:
    number = int(meta["number"])
    section, label, parent = meta["section"], meta["label"], meta.get("parent", "")  # (indexes before it: none)
    return ParagraphView(meta["paragraph_id"], meta["document"], number, section, label, text, parent)


def by_document(views: Mapping[str, ParagraphView]) -> dict[str, list[ParagraphView]]:
    """Each document's paragraphs, in order (`views` in document and paragraph order)."""
    own: dict[str, list[ParagraphView]] = {}
    for view in views.values():
        own.setdefault(view.document, []).append(view)
    return own


def document_record(
    document: str, metadata: Mapping[str, Any], own: list[ParagraphView], meeting: MeetingFacts | None = None
) -> DocumentRecord:
    """What answering knows of one document; `meeting`: its facts when already read (rag/derived stores them)."""
    if meeting is None:
        meeting = meeting_facts(document, metadata, [(p.id, p.number, p.section, p.text) for p in own])
    header = next((p.text for p in own if p.number == 0), "")
    title = f"{metadata.get('subject', '')} {metadata.get('title', '')} {header}"
    parties = parties_in(meeting.name or metadata.get("subject", ""))
    return DocumentRecord(document, title, frozenset(parties), metadata.get("summary_paragraph", ""), meeting)


def fact_statements(
    record: DocumentRecord, paragraphs: Mapping[str, ParagraphView]
) -> list[tuple[str, str, str, str, str, str]]:
    """(statement, quote, paragraph id, answer type, field, party) of a document's facts and its own Summary (what
    an overview question is answered with), each read from a paragraph that is indexed: what the reader embeds.
    The party is a delegation fact's side ("US"), else ""."""
    stated = [
        (f.statement, f.quote, f.paragraph_id, f.answer_type, f.field, f.party or "") for f in record.meeting.facts
    ]
    summary = paragraphs.get(record.summary_paragraph)
    if summary is not None:
        stated.append((summary.text, summary.text, summary.id, "overview", "summary", ""))
    return [s for s in stated if s[2] in paragraphs]


def with_meeting(view: ParagraphView, record: DocumentRecord) -> ParagraphView:
    if not (record.meeting.place or record.meeting.dates_text):
        return view  # no meeting read from the document: its number names it
    return dataclasses.replace(view, label=f"{record.meeting.label} · {view.label}")


def meeting_ref(meeting: MeetingFacts) -> Meeting | None:
    """The contract's view of a document's meeting; None when nothing about a meeting could be read."""
    if not (meeting.place or meeting.dates_text or meeting.name):
        return None
    return Meeting(
        label=meeting.label,
        name=meeting.name,
        place=meeting.place,
        country=meeting.country,
        start=meeting.start.isoformat() if meeting.start else None,
        end=meeting.end.isoformat() if meeting.end else None,
    )
