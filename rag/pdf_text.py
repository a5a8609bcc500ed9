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
import multiprocessing
import re
import resource
import statistics
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from types import UnionType

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


@dataclass(frozen=True)
class PdfLimits:
    """What one PDF may cost to read (settings pdf_max_pages, pdf_max_chars, pdf_max_seconds)."""

    pages: int
    chars: int
    seconds: float


# The reading process's address space. pdfminer inflates a Flate stream in one zlib.decompress call, so a small
# bomb would take all the machine's memory before any page or character count is seen; this turns it into a
# MemoryError in the child. Far above what a real document needs (pdfplumber reads a 100-page PDF in ~200 MB).
_CHILD_ADDRESS_SPACE = 2 * 1024**3


def read_pdf(path: Path, limits: PdfLimits) -> PagedText:
    return clean_pages(extract_lines(path, limits), path)


def extract_lines(path: Path, limits: PdfLimits) -> list[list[PdfLine]]:
    """The text lines of every page, in reading order. Raises SourceError naming the file for PDFs that are
    encrypted, damaged, have no text layer, or go over a limit (pages, extracted characters, seconds, memory).

    The reading runs in a child process: only there can a time limit stop pdfminer in the middle of a page and a
    memory limit stop a decompression bomb, and the server's own memory is not touched either way. The child is
    forked from a small forkserver that has pdfplumber loaded already, so it costs milliseconds, not an import."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["rag.pdf_text", "pdfplumber"])  # takes effect when the server first starts
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_extract_in_child, args=(str(path), limits, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise SourceError(
                f"{path}: reading the PDF took over {limits.seconds:g} s (the pdf_max_seconds limit); it was stopped."
            )
        status, result = receiver.recv()
    except EOFError:  # the child died without a word: killed for memory, or crashed in a C library
        raise SourceError(
            f"{path}: the PDF could not be read within the memory limit (a decompression bomb?); it was stopped."
        ) from None
    finally:
        child.kill()
        child.join()
        receiver.close()
    if status == "error":
        raise SourceError(f"{path}: {result}")
    return result


def _extract_in_child(path: str, limits: PdfLimits, sender: Connection) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_CHILD_ADDRESS_SPACE, _CHILD_ADDRESS_SPACE))
    try:
        outcome: tuple[str, object] = ("ok", _extract(Path(path), limits))
    except _Refused as exc:
        outcome = ("error", str(exc))
    except MemoryError:
        outcome = ("error", "the PDF could not be read within the memory limit (a decompression bomb?).")
    sender.send(outcome)
    sender.close()


class _Refused(Exception):
    """A reason to refuse the PDF, worded for its sender (the parent adds the file name)."""


def _extract(path: Path, limits: PdfLimits) -> list[list[PdfLine]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > limits.pages:
                raise _Refused(
                    f"the PDF has {len(pdf.pages):,} pages, over the {limits.pages:,}-page limit (pdf_max_pages)."
                )
            pages, images, chars = [], 0, 0
            for page in pdf.pages:
                lines = page.extract_text_lines(return_chars=False)
                pages.append([PdfLine(line["text"], float(line["top"]), float(line["x1"])) for line in lines])
                images += len(page.images)
                chars += sum(len(line["text"]) for line in lines)
                if chars > limits.chars:
                    raise _Refused(
                        f"the PDF's text is over the {limits.chars:,}-character limit (pdf_max_chars) "
                        f"by page {len(pages)}; it was not indexed."
                    )
    except _Refused:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files; all mean "unreadable"
        if _caused_by(exc, MemoryError):  # pdfplumber wraps what pdfminer raised in a PdfminerException
            raise MemoryError from exc
        if _caused_by(exc, PDFPasswordIncorrect | PDFEncryptionError):
            raise _Refused("the PDF is encrypted (password-protected); save an unprotected copy.") from exc
        raise _Refused(f"the PDF is damaged or not a PDF ({type(exc).__name__}); re-export it.") from exc
    if not any(pages):
        if images:
            raise _Refused("the PDF has no text layer (scanned images only); run OCR on it first.")
        raise _Refused("the PDF has no text; there is nothing to index.")
    return pages


def _caused_by(exc: BaseException, kinds: type | UnionType) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kinds):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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
