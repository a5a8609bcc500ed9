"""PDF to text for parsing: pdfplumber reads the text layer with positions; this module cleans it up.

Clean-up, in order: running headers and footers go (lines in the top or bottom margin that repeat on most pages
once digits are ignored, such as "9278/18 JdC/mp 3" and "JAI.1 LIMITE EN", and bare page numbers); lines are
grouped into paragraphs by vertical spacing (a PDF has no blank lines); a paragraph cut by a page break is
rejoined; a word hyphenated at a line end is rejoined. The result is blank-line separated text, the shape
rag/parsing.py reads, plus the offset where each page starts, for page-aware citations.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from rag.errors import SourceError

_MARGIN_LINES = 2  # running headers / footers are among the first and last lines of a page
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[a-z]{1,4}\)\s")
_PARAGRAPH_GAP = 1.3  # a line pitch this many times the usual one starts a new paragraph
_FULL_LINE = 0.95  # a page's last line reaching this share of the text width runs on to the next page


@dataclass(frozen=True)
class PdfLine:
    text: str
    top: float  # distance from the top of the page
    x1: float  # right edge


@dataclass(frozen=True)
class PagedText:
    text: str
    page_starts: tuple[int, ...]  # offset in `text` where page 1, 2, ... begins


def read_pdf(path: Path) -> PagedText:
    return clean_pages(extract_lines(path), path)


def extract_lines(path: Path) -> list[list[PdfLine]]:
    """The text lines of every page, in reading order. Raises SourceError naming the file for PDFs that are
    encrypted, damaged, or have no text layer."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(path) as pdf:
            pages, images = [], 0
            for page in pdf.pages:
                lines = page.extract_text_lines(return_chars=False)
                pages.append([PdfLine(line["text"], float(line["top"]), float(line["x1"])) for line in lines])
                images += len(page.images)
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files; all mean "unreadable"
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError) or isinstance(
            cause, PDFPasswordIncorrect | PDFEncryptionError
        ):
            raise SourceError(f"{path}: the PDF is encrypted (password-protected); save an unprotected copy.") from exc
        raise SourceError(f"{path}: the PDF is damaged or not a PDF ({type(exc).__name__}); re-export it.") from exc
    if not any(pages):
        if images:
            raise SourceError(f"{path}: the PDF has no text layer (scanned images only); run OCR on it first.")
        raise SourceError(f"{path}: the PDF has no text; there is nothing to index.")
    return pages


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _strip_running_lines(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    margins = [page[:_MARGIN_LINES] + page[-_MARGIN_LINES:] for page in pages]
    counts: dict[str, int] = {}
    for margin in margins:
        for key in {_key(line.text) for line in margin}:
            counts[key] = counts.get(key, 0) + 1
    # Repeated on at least half the pages (and on two or more): a running header or footer, not content.
    running = {key for key, n in counts.items() if n >= max(2, math.ceil(len(pages) / 2))}
    kept = []
    for page, margin in zip(pages, margins, strict=True):
        drop = {id(line) for line in margin if _key(line.text) in running or _PAGE_NUMBER.match(line.text.strip())}
        kept.append([line for line in page if id(line) not in drop])
    return kept


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in (" ".join(raw.split()) for raw in lines):
        if re.search(r"[a-z]-$", text) and line[:1].islower():
            text = text[:-1] + line  # "recip-" + "rocity": a word hyphenated at the line end
        else:
            text = f"{text} {line}" if text else line
    return text


def clean_pages(raw_pages: list[list[PdfLine]], path: Path | str = "") -> PagedText:
    pages = _strip_running_lines(raw_pages)
    pitches = [b.top - a.top for page in pages for a, b in itertools.pairwise(page) if b.top > a.top]
    # The usual line pitch inside a paragraph: the lower quartile, since paragraph gaps can be a good share of
    # all pitches in a document of short paragraphs.
    pitch = statistics.quantiles(pitches, n=4)[0] if len(pitches) >= 4 else min(pitches, default=0.0)
    paragraphs: list[list[str]] = []
    # Per page: the paragraph it starts with, and whether the page starts in the middle of that paragraph.
    starts: list[tuple[int, bool]] = []
    prev_full = False
    for page in pages:
        width = max((line.x1 for line in page), default=0.0)
        starts.append((len(paragraphs), False))
        for i, line in enumerate(page):
            if i == 0 and paragraphs and _runs_on(paragraphs[-1], prev_full, line.text):
                starts[-1] = (len(paragraphs) - 1, True)
                paragraphs[-1].append(line.text)
            elif i == 0 or line.top - page[i - 1].top > pitch * _PARAGRAPH_GAP:
                paragraphs.append([line.text])
            else:
                paragraphs[-1].append(line.text)
        prev_full = bool(page) and page[-1].x1 >= width * _FULL_LINE
    if not paragraphs:
        raise SourceError(f"{path}: the PDF holds only page headers and footers; there is nothing to index.")
    return _assemble(paragraphs, starts)


def _runs_on(previous: list[str], previous_full: bool, first_line: str) -> bool:
    """Whether a page's first line continues the previous page's last paragraph: the last line ran to the right
    margin, or the next page starts in lower case after an unfinished sentence ("a) ..." is a list item)."""
    last = previous[-1].rstrip()
    if previous_full and not last.endswith(":"):
        return True
    return first_line[:1].islower() and not _LIST_ITEM.match(first_line) and not last.endswith((".", ":", "?", "!"))


def _assemble(paragraphs: list[list[str]], starts: list[tuple[int, bool]]) -> PagedText:
    texts = [_join_lines(lines) for lines in paragraphs]
    offsets, position = [], 0
    for text in texts:
        offsets.append(position)
        position += len(text) + 2
    page_starts = []
    for index, mid_paragraph in starts:
        if index >= len(texts):
            page_starts.append(position)  # an empty last page
        else:
            # A page that starts inside a paragraph starts after that paragraph's first character, so the
            # paragraph is cited on the page where it begins.
            page_starts.append(offsets[index] + int(mid_paragraph))
    return PagedText("\n\n".join(texts), tuple(page_starts))
