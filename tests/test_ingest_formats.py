"""PDF, DOCX and HTML sources: the bundled document rendered to each format inside the test gives the same
paragraphs, ids and metadata as its text version; PDF paragraphs carry their page; bad files get clear errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from rag.errors import SourceError
from rag.ingest import read_source
from rag.pdf_text import PdfLine, clean_pages
from rag.settings import Settings
from tests.conftest import BUNDLED_FILE
from tests.render import to_docx, to_html, to_pdf

SETTINGS = Settings()


@pytest.fixture(scope="module")
def text_version():
    return read_source(BUNDLED_FILE, SETTINGS)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rendered")
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    return {
        "pdf": to_pdf(text, folder / "council-9278-18.pdf"),
        "docx": to_docx(text, folder / "council-9278-18.docx"),
        "html": to_html(text, folder / "council-9278-18.html"),
    }


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_each_format_gives_the_text_versions_paragraphs_ids_and_metadata(rendered, text_version, kind):
    document = read_source(rendered[kind], SETTINGS)
    assert document.id == "9278/18"
    assert document.metadata == text_version.metadata
    assert document.headings == text_version.headings
    got = [(p.id, p.number, p.section, p.text) for p in document.paragraphs]
    assert got == [(p.id, p.number, p.section, p.text) for p in text_version.paragraphs]


def test_pdf_running_headers_footers_and_page_numbers_are_removed(rendered):
    document = read_source(rendered["pdf"], SETTINGS)
    everything = "\n".join(p.text for p in document.paragraphs)
    assert "JdC/mp" not in everything and "JAI.1" not in everything
    # "LIMITE" heads every page; it stays once, as the document's own marking in the header.
    assert everything.count("LIMITE") == 1 and document.metadata["marking"] == "LIMITE"


def test_pdf_paragraphs_carry_their_page_in_the_label_not_the_id(rendered, text_version):
    document = read_source(rendered["pdf"], SETTINGS)
    pages = [p.page for p in document.paragraphs]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] >= 3
    assert all(p.page is None for p in text_version.paragraphs)
    by_id = {p.id: p for p in document.paragraphs}
    ninth = by_id["9278/18 ¶9"]  # this paragraph runs from one page onto the next: cited where it starts
    assert ninth.text == {p.id: p for p in text_version.paragraphs}["9278/18 ¶9"].text
    section = "2(a) Cross-border access to electronic evidence and related issues"
    assert ninth.label == f"9278/18 · {section} · p.{ninth.page} ¶9"
    assert by_id["9278/18 header"].label == "9278/18 · Header · p.1"
    assert text_version.paragraphs[1].label == "9278/18 · Summary · ¶1"


def lines(*texts: str, x1: float = 500.0) -> list[PdfLine]:
    return [PdfLine(text, 100.0 + 15 * i, x1) for i, text in enumerate(texts)]


def test_pdf_clean_up_rejoins_hyphenated_words_and_paragraphs_split_across_pages():
    pages = [
        lines("Header 2018", "The visa reciprocity mechanism was discussed in de-", "tail by both", "Page 1 of 2"),
        lines("Header 2018", "sides, who agreed to meet again.", "Page 2 of 2"),
    ]
    # A short last line, but the next page starts in lower case: the same sentence.
    pages[0][2] = PdfLine("tail by both", pages[0][2].top, 200.0)
    cleaned = clean_pages(pages)
    assert cleaned.text == (
        "The visa reciprocity mechanism was discussed in detail by both sides, who agreed to meet again."
    )
    assert cleaned.page_starts == (0, 1)


def test_pdf_clean_up_keeps_a_heading_at_a_page_foot_apart_from_the_next_pages_list_item():
    # Lines 15 apart within a paragraph, 27 apart between paragraphs, as the renderer above lays them out.
    first = [PdfLine("Intro text that fills", 100, 500), PdfLine("its line ends here.", 115, 200)]
    first.append(PdfLine("1. Counterterrorism", 142, 150))
    second = [PdfLine("a) Information sharing", 100, 300), PdfLine("Both delegations concurred and", 127, 500)]
    second.append(PdfLine("agreed.", 142, 100))
    assert clean_pages([first, second]).text.split("\n\n") == [
        "Intro text that fills its line ends here.",
        "1. Counterterrorism",
        "a) Information sharing",
        "Both delegations concurred and agreed.",
    ]


def _encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 6, "Outcome of proceedings. The delegations met.")
    pdf.output(str(path))
    return path


def _image_only_pdf(path: Path) -> Path:
    from fpdf import FPDF
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(buffer, x=10, y=10, w=100)
    pdf.output(str(path))
    return path


def _blank_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.output(str(path))
    return path


def _zip_bomb_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 3_000_000)  # about 3 kB compressed
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("locked.pdf", _encrypted_pdf, "encrypted"),
        ("scan.pdf", _image_only_pdf, "no text layer"),
        ("blank.pdf", _blank_pdf, "no text"),
        ("corrupt.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n" + b"\x13\x37 garbage " * 200) and p, "damaged"),
        ("really-text.pdf", lambda p: p.write_text("Just some text.") and p, "not a PDF"),
        ("really-pdf.txt", lambda p: p.write_bytes(b"%PDF-1.4\n...") and p, "it is a PDF"),
        ("notes.docx", lambda p: p.write_text("Just some text.") and p, "not a Word document"),
        ("bomb.docx", _zip_bomb_docx, "would expand to"),
        ("empty.html", lambda p: p.write_text("<html><body><nav>Menu</nav></body></html>") and p, "empty"),
    ],
)
def test_bad_files_get_a_clear_error_naming_them(tmp_path, name, make, message):
    path = make(tmp_path / name)
    settings = Settings(max_source_bytes=200_000)  # the DOCX may expand to ten times this
    with pytest.raises(SourceError, match=message) as caught:
        read_source(path, settings)
    assert name in str(caught.value)
