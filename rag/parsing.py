"""Turn the text of an "outcome of proceedings" document into document metadata and citable paragraphs.

The shape we expect (and fall back from gracefully): a header block (issuing body, "Brussels, 31 May 2018
(OR. en)", document number, marking, subject codes, document type, From/To/Subject, Summary), then numbered
sections ("1. Counterterrorism") with lettered subsections ("a) Information sharing, ..."), body paragraphs,
and an Annex introduced by an unnumbered title after the numbered sections.

Headings are not paragraphs: they become the section of the paragraphs under them. Every other block of text
becomes exactly one paragraph, so nothing in the source is silently dropped.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.errors import SourceError
from rag.text import clean, not_text

_DOC_NUMBER = re.compile(r"^\d{1,6}/\d{2}(?:\s+(?:ADD|COR|REV|EXT)\s*\d+)*$", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'-]+),\s*(?P<date>\d{1,2}(?:[-–]\d{1,2})?\s+[A-Z][a-z]+\s+\d{4})"
    r"(?:\s*\((?:OR\.\s*)?(?P<lang>[a-z]{2})\))?$"
)
_FIELD = re.compile(r"^(?P<key>From|To|Subject|Summary|Date|Place)\s*:\s*(?P<value>.*)$", re.IGNORECASE | re.DOTALL)
_SECTION = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<title>\S.*)$")
_SUBSECTION = re.compile(r"^(?P<letter>[a-z])\)\s+(?P<title>\S.*)$")
_ANNEX = re.compile(r"^annex\b[\s:.-]*(?P<title>.*)$", re.IGNORECASE)
_CODES = re.compile(r"^(?:[A-Z][A-Z-]{1,15}\s+\d{1,4}\s*)+$")
_MARKINGS = {"LIMITE", "PUBLIC", "RESTREINT UE", "RESTREINT UE/EU RESTRICTED", "CONFIDENTIEL UE", "SECRET UE"}
_HEADING_MAX_WORDS = 24


@dataclass(frozen=True)
class Paragraph:
    """One citable unit: a body paragraph, or the document's header block."""

    id: str  # "9278/18 ¶4", or "9278/18 header"
    document: str  # "9278/18"
    number: int  # 0 for the header block
    section: str  # "1(a) Information sharing, including battlefield information, PNR and aviation security"
    text: str
    # The page the paragraph starts on, for sources that have pages (PDF); None otherwise. The page is shown in
    # the label ("9278/18 · 1 Counterterrorism · p.3 ¶14") but is deliberately NOT part of the id: the same
    # proceedings indexed as text, DOCX or PDF keep identical ids, so citations, eval gold paragraphs and
    # API links stay valid whichever format a document arrives in, and re-paginating a PDF changes no id.
    page: int | None = None
    # The numbered section a subsection is under ("1 Counterterrorism" for "1(c) Further cooperation on CBRN ..."):
    # what the paragraph is about too, though its own heading does not say it. "" where there is none.
    parent: str = ""

    @property
    def label(self) -> str:
        where = f" · {self.section}" if self.section else ""
        page = "" if self.page is None else f"p.{self.page}"
        if self.number == 0:
            return f"{self.document}{where}" + (f" · {page}" if page else "")
        return f"{self.document}{where} · {page + ' ' if page else ''}¶{self.number}"


@dataclass
class ParsedDocument:
    id: str
    source: str
    metadata: dict[str, str] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.metadata.get("subject") or self.metadata.get("title") or self.id

    @property
    def paragraph_count(self) -> int:
        """The numbered paragraphs, the header block aside: the one count every door shows (the index report,
        GET /api/documents, /readyz, the UI)."""
        return sum(1 for p in self.paragraphs if p.number > 0)

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for paragraph in self.paragraphs:
            # The page counts only when there is one, so a text document's fingerprint is what it always was.
            page = "" if paragraph.page is None else f"\x1fp{paragraph.page}"
            parent = f"\x1fs{paragraph.parent}" if paragraph.parent else ""  # (likewise the parent section)
            digest.update(f"{paragraph.id}\x1f{paragraph.section}\x1f{paragraph.text}{page}{parent}\x1e".encode())
        return digest.hexdigest()


def _blocks(text: str) -> list[tuple[int, str]]:
    """Blank-line separated blocks with their start offsets in `text`, Markdown residue stripped; lines inside a
    block are kept as lines. The offsets place each block on its page when the source has pages."""
    blocks = []
    start = 0
    for separator in [*re.finditer(r"\n\s*\n", text), None]:
        end = separator.start() if separator else len(text)
        lines = [clean(line) for line in text[start:end].split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append((start, "\n".join(lines)))
        start = separator.end() if separator else end
    return blocks


def _is_title(block: str) -> bool:
    """A short line that does not read as a sentence: a heading, not a paragraph."""
    one_line = " ".join(block.split("\n"))
    return (
        "\n" not in block
        and len(one_line.split()) <= _HEADING_MAX_WORDS
        and not one_line.endswith((".", ":", ";", ",", "?", "!"))
    )


def _parse_header(blocks: list[str], metadata: dict[str, str]) -> tuple[list[str], int]:
    """Read header fields from the leading blocks. Returns the header's lines and where the body starts."""
    header_lines: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        one_line = " ".join(block.split("\n"))
        field_match = _FIELD.match(one_line)
        if field_match:
            key = field_match.group("key").lower()
            if key == "summary":
                break  # The summary is the first body paragraph: it is the document's own abstract.
            metadata[key] = field_match.group("value").strip()
            header_lines.append(one_line)
        elif _DOC_NUMBER.match(one_line) and "number" not in metadata:
            metadata["number"] = re.sub(r"\s+", " ", one_line.upper())
            header_lines.append(one_line)
        elif (dateline := _DATELINE.match(one_line)) and "date" not in metadata:
            metadata["place"] = dateline.group("place").strip()
            metadata["date"] = dateline.group("date")
            if dateline.group("lang"):
                metadata["language"] = dateline.group("lang")
            header_lines.append(one_line)
        elif one_line.upper() in _MARKINGS:
            metadata["marking"] = one_line.upper()
            header_lines.append(one_line)
        elif _CODES.match(one_line):
            metadata["subject_codes"] = ", ".join(re.findall(r"[A-Z][A-Z-]+\s+\d+", one_line))
            header_lines.append(one_line)
        elif one_line.isupper() and len(one_line.split()) <= 8 and "doc_type" not in metadata:
            metadata["doc_type"] = one_line
            header_lines.append(one_line)
        elif _is_title(one_line) and not _SECTION.match(one_line) and "issuer" not in metadata and i < 3:
            metadata["issuer"] = one_line
            header_lines.append(one_line)
        else:
            break  # The first block that is none of the header's fields starts the body.
        i += 1
    return header_lines, i


def parse_document(
    text: str, source: str, fallback_id: str, page_starts: Sequence[int] | None = None
) -> ParsedDocument:
    """Parse one document. `fallback_id` names it when the text carries no Council document number.

    `page_starts` (sources with pages): the offset in `text` where each page begins, page 1 first; a paragraph's
    page is the one its first character is on.
    """
    if not text.strip():
        raise SourceError(f"{source}: the file is empty; there is nothing to index.")
    problem = not_text(text)
    if problem:  # damaged text (rag/text.not_text): refused with where it is, since the tokenizer cannot read it
        raise SourceError(f"{source}: the text contains {problem}; fix the file (or its conversion) and index again.")
    text = text.replace("\r\n", "\n").replace("\r", "\n") if page_starts is None else text
    located = _blocks(text)
    blocks = [block for _, block in located]

    def page_of(block_index: int) -> int | None:
        return (bisect_right(page_starts, located[block_index][0]) or 1) if page_starts else None

    metadata: dict[str, str] = {}
    header_lines, body_start = _parse_header(blocks, metadata)
    doc_id = metadata.get("number") or fallback_id
    parsed = ParsedDocument(id=doc_id, source=source, metadata=metadata)

    if header_lines:
        header = "\n".join(header_lines)
        parsed.paragraphs.append(Paragraph(f"{doc_id} header", doc_id, 0, "Header", header, page_of(0)))

    section, subsection, number = "", "", 0
    seen_numbered = False
    for index in range(body_start, len(blocks)):
        block = blocks[index]
        one_line = " ".join(block.split("\n"))
        field_match = _FIELD.match(one_line)
        if field_match and field_match.group("key").lower() == "summary":
            # "Summary:" is a label, kept with the headings; the text after it is the first paragraph.
            parsed.headings.append(one_line[: field_match.start("value")].strip())
            section, subsection, text_of_block = "Summary", "", field_match.group("value").strip()
            if not text_of_block:
                continue  # the summary's text follows in the next block
            metadata["summary"] = text_of_block
            metadata["summary_paragraph"] = f"{doc_id} ¶{number + 1}"
        elif _is_title(block) and (heading := _heading(one_line, seen_numbered)):
            kind, value = heading
            if kind == "section":
                section, subsection, seen_numbered = value, "", True
            elif kind == "subsection":
                subsection = value
            else:
                section, subsection = value, ""
            parsed.headings.append(one_line)
            continue
        else:
            if section == "Summary":
                section = "Introduction"
            text_of_block = one_line
        number += 1
        where = _join_section(section, subsection)
        parent = section if subsection and section[:1].isdigit() else ""
        parsed.paragraphs.append(
            Paragraph(f"{doc_id} ¶{number}", doc_id, number, where, text_of_block, page_of(index), parent)
        )

    if number == 0:
        raise SourceError(f"{source}: no paragraphs of text were found; is this a proceedings document?")
    return parsed


def _heading(line: str, seen_numbered: bool) -> tuple[str, str] | None:
    if m := _SECTION.match(line):
        return "section", f"{m.group('num')} {m.group('title')}"
    if m := _SUBSECTION.match(line):
        return "subsection", f"({m.group('letter')}) {m.group('title')}"
    if m := _ANNEX.match(line):
        title = m.group("title").strip()
        return "annex", f"Annex: {title}" if title else "Annex"
    if _DATELINE.match(line):
        return None  # "Sofia, 23 May 2018" under a title is content (when and where), not a heading.
    if seen_numbered:
        # An unnumbered title after the numbered sections opens the annex (the joint statement).
        return "annex", f"Annex: {line}"
    return None


def _join_section(section: str, subsection: str) -> str:
    if not subsection:
        return section
    number, _, _ = section.partition(" ")
    letter, _, title = subsection.partition(" ")
    return f"{number}{letter} {title}" if number.isdigit() else f"{section} {subsection}"
