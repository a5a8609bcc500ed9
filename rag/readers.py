"""Format readers: a source file in, its text out (with page offsets for PDF), for rag/parsing.py to structure.

Each format goes through a maintained parser: pdfplumber (rag/pdf_text.py), python-docx, and BeautifulSoup on
the standard library's html.parser. Every failure is a SourceError naming the file, so one bad file in a batch
is reported and skipped rather than stopping the build.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from rag.errors import SourceError
from rag.pdf_text import PagedText, PdfLimits, read_pdf
from rag.settings import Settings

TEXT_SUFFIXES = (".txt", ".md")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".pdf", ".docx", ".html", ".htm")
# A DOCX is a zip: its parts are checked before parsing, so a small file cannot expand into gigabytes.
DOCX_EXPANSION_LIMIT = 10  # times the source size limit (settings.max_source_bytes), all parts together
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_HTML_BLOCKS = (
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "table", "tr", "blockquote", "pre", "dt", "dd", "figure", "hr", "address", "title",
)  # fmt: skip
_HTML_DROPPED = ("script", "style", "noscript", "template", "nav", "head")


def read_text(path: Path, settings: Settings) -> PagedText:
    """The document text of `path` by its extension, after checking the content really is that format."""
    max_bytes = settings.max_source_bytes
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit.")
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    _check_kind(path, suffix, head)
    if suffix == ".pdf":
        return read_pdf(path, PdfLimits(settings.pdf_max_pages, settings.pdf_max_chars, settings.pdf_max_seconds))
    if suffix == ".docx":
        return PagedText(_docx_text(path, max_bytes * DOCX_EXPANSION_LIMIT), ())
    text = _decode(path)
    if suffix in (".html", ".htm"):
        text = _html_text(text)
    return PagedText(text, ())


def _check_kind(path: Path, suffix: str, head: bytes) -> None:
    """A wrong extension gets a message that says so, instead of a parser's confusing error."""
    actual = "a PDF" if _PDF_MAGIC in head else "a zip archive (DOCX?)" if head.startswith(_ZIP_MAGIC) else None
    if suffix == ".pdf" and _PDF_MAGIC not in head:
        raise SourceError(f"{path}: named .pdf but it is not a PDF (no %PDF header); check the file or rename it.")
    if suffix == ".docx" and not head.startswith(_ZIP_MAGIC):
        raise SourceError(f"{path}: named .docx but it is not a Word document (not a zip archive); rename it.")
    if suffix not in (".pdf", ".docx") and actual:
        raise SourceError(f"{path}: named {suffix} but it is {actual}; give it the right extension.")


def _decode(path: Path) -> str:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and index again.") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    if "\x00" in text:
        raise SourceError(f"{path}: looks like a binary file, not text.")
    return text


def _docx_text(path: Path, max_expanded: int) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"{path}: the DOCX is damaged (not a readable zip archive); re-save it.") from exc
    if expanded > max_expanded:
        raise SourceError(
            f"{path}: the DOCX would expand to {expanded:,} bytes, over the {max_expanded:,}-byte limit; "
            "it was not opened."
        )
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise SourceError(f"{path}: not a readable Word document ({type(exc).__name__}); re-save it as .docx.") from exc
    # A paragraph's line breaks (<w:br/>) come through as "\n": they stay lines of one block, as in the .txt.
    blocks = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        blocks += [cell.text.strip() for row in table.rows for cell in row.cells]
    return "\n\n".join(block for block in blocks if block)


def _html_text(markup: str) -> str:
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(markup, "html.parser")
    for element in soup.find_all(_HTML_DROPPED):
        element.decompose()
    # Source line breaks inside an element are layout, not content; <br> and block elements are.
    for node in soup.find_all(string=True):
        # Exact type: comments and the doctype are NavigableString subclasses that get_text() leaves out.
        if type(node) is NavigableString and not node.find_parent("pre"):
            node.replace_with(re.sub(r"\s+", " ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for element in soup.find_all(_HTML_BLOCKS):
        element.insert_before("\n\n")
        element.insert_after("\n\n")
    text = soup.get_text()
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
