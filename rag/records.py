"""What the engine knows of the indexed paragraphs and documents beyond their vectors: whole paragraphs in reading
order, each document's meeting and the words that describe it, and the contract's view of a meeting."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from rag.contract import Meeting
from rag.meeting import MeetingFacts


@dataclass(frozen=True)
class ParagraphView:
    id: str
    document: str
    number: int  # 0 for the header block
    section: str
    label: str
    text: str


@dataclass(frozen=True)
class DocumentRecord:
    """What answering knows of one indexed document beyond its paragraphs."""

    id: str
    title_text: str  # subject and header lines: where generic names such as "Council" are satisfied
    meeting_parties: frozenset[str]  # the sides of the meeting ("EU", "US"): who "both sides" are
    summary_paragraph: str
    meeting: MeetingFacts


def paragraphs_in_order(nodes: list[Any]) -> dict[str, ParagraphView]:
    """Whole paragraphs (split chunks joined again), ordered by document and paragraph number."""
    parts: dict[str, list[Any]] = {}
    for node in nodes:
        parts.setdefault(node.metadata["paragraph_id"], []).append(node)
    views = []
    for pid, chunks in parts.items():
        chunks.sort(key=lambda n: int(n.metadata.get("part", 1)))
        meta = chunks[0].metadata
        text = " ".join(c.get_content() for c in chunks)
        views.append(ParagraphView(pid, meta["document"], int(meta["number"]), meta["section"], meta["label"], text))
    views.sort(key=lambda v: (v.document, v.number))
    return {v.id: v for v in views}


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
