"""A PDF's cost is bounded by pages, extracted characters, seconds and memory, not by its size alone: real bombs
(a small Flate stream that inflates to gigabytes, one that inflates to millions of drawing operators) and a
many-page PDF are refused with a clear message at POST /api/documents and in `procqa index`, and the served
index stays as it was."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from rag.api.app import create_app
from rag.cli import cli
from rag.errors import SourceError
from rag.ingest import build_index, read_source
from rag.settings import Settings
from rag.store import IndexStore
from tests.api_support import assert_error
from tests.render import to_pdf
from tests.test_multi_document import OTTAWA

_BLOCK = 1 << 20  # one MiB of the repeated pattern per deflate segment


def _bomb_stream(pattern: bytes, mebibytes: int) -> bytes:
    """A zlib stream inflating to `mebibytes` MiB of `pattern`, built without compressing them: with a full
    flush after each MiB, every segment after the first compresses to the same bytes, so they are repeated."""
    assert _BLOCK % len(pattern) == 0
    block = pattern * (_BLOCK // len(pattern))
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeat = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(block)
    for _ in range(mebibytes - 1):
        checksum = zlib.adler32(block, checksum)
    body = first + repeat * (mebibytes - 1) + deflate.flush()
    return b"\x78\xda" + body + checksum.to_bytes(4, "big")


def bomb_pdf(path: Path, pattern: bytes, mebibytes: int) -> Path:
    """A one-page PDF whose content stream is the bomb, written byte by byte (offsets in the xref table)."""
    stream = _bomb_stream(pattern, mebibytes)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_the_bomb_stream_really_inflates_to_what_it_says():
    stream = _bomb_stream(b"0 0 m  \n", 3)
    assert zlib.decompress(stream) == b"0 0 m  \n" * (3 * _BLOCK // 8)
    assert len(_bomb_stream(b" ", 3072)) < 4_000_000  # 3 GiB from under 4 MB


@pytest.fixture(scope="module")
def memory_bomb(tmp_path_factory) -> Path:
    # 3 GiB of spaces: pdfminer inflates a stream in one call, over the reading process's 2 GiB address space.
    return bomb_pdf(tmp_path_factory.mktemp("bomb") / "bomb.pdf", b" ", 3072)


@pytest.fixture(scope="module")
def slow_bomb(tmp_path_factory) -> Path:
    # 64 MiB of "0 0 m": eight million path operators, far more than a second's work for pdfminer.
    return bomb_pdf(tmp_path_factory.mktemp("slow") / "slow.pdf", b"0 0 m  \n", 64)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    return many_pages(tmp_path_factory.mktemp("long") / "long.pdf", 501)  # one over the default limit


def many_pages(path: Path, pages: int) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(pages):
        pdf.add_page()
        # The first and last two lines of each page repeat, so they go as running headers; the middle one stays.
        for line in ["Council", "Outcome", f"{n + 1}. The Ministers discussed item {n + 1}.", "Council", "EN"]:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_memory_bomb_is_refused_by_the_memory_limit(memory_bomb, tmp_path):
    with pytest.raises(SourceError, match=r"bomb\.pdf: .*memory limit .*decompression bomb"):
        read_source(memory_bomb, Settings(sources=tmp_path))


def test_slow_pdf_is_stopped_at_the_time_limit(slow_bomb, tmp_path):
    with pytest.raises(SourceError, match=r"slow\.pdf: reading the PDF took over 1 s \(the pdf_max_seconds limit\)"):
        read_source(slow_bomb, Settings(sources=tmp_path, pdf_max_seconds=1))


def test_page_and_character_limits(tmp_path, long_pdf):
    long = long_pdf
    with pytest.raises(SourceError, match=r"long\.pdf: the PDF has 501 pages, over the 500-page limit"):
        read_source(long, Settings(sources=tmp_path))  # the default limit
    assert read_source(long, Settings(sources=tmp_path, pdf_max_pages=501)).paragraphs
    ottawa = to_pdf(OTTAWA.read_text(encoding="utf-8"), tmp_path / "ottawa.pdf", number="14888/18")
    with pytest.raises(SourceError, match=r"ottawa\.pdf: the PDF's text is over the 1,000-character limit"):
        read_source(ottawa, Settings(sources=tmp_path, pdf_max_chars=1000))
    assert read_source(ottawa, Settings(sources=tmp_path)).id == "14888/18"


def test_bombs_are_a_422_at_upload_and_change_nothing(sources_copy, tmp_path, memory_bomb, long_pdf):
    settings = Settings(sources=sources_copy, store=tmp_path / "store", pdf_max_seconds=2)
    build_index(settings)
    files = sorted(sources_copy.iterdir())
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for pdf, words in [
            # Within 2 s the bomb is stopped by the clock or by the memory limit, whichever comes first here.
            (memory_bomb, ["bomb.pdf", "it was stopped"]),
            (long_pdf, ["long.pdf", "501 pages", "500-page limit"]),
        ]:
            upload = {"file": (pdf.name, pdf.read_bytes(), "application/pdf")}
            assert_error(client.post("/api/documents", files=upload), 422, *words)
        assert [d["id"] for d in client.get("/api/documents").json()["documents"]] == ["9278/18"]
    assert sorted(sources_copy.iterdir()) == files


def test_index_reports_the_bomb_and_keeps_the_served_index(sources_copy, tmp_path, slow_bomb):
    store = tmp_path / "store"
    built = CliRunner().invoke(cli, ["--sources", str(sources_copy), "--store", str(store), "index"])
    assert built.exit_code == 0, built.output
    served = IndexStore(Settings(store=store)).current().manifest
    limit = {"PROCQA_PDF_MAX_SECONDS": "1"}
    result = CliRunner().invoke(cli, ["--store", str(store), "index", str(slow_bomb)], env=limit)
    assert result.exit_code != 0
    assert "slow.pdf: reading the PDF took over 1 s (the pdf_max_seconds limit)" in result.output
    assert "index was not changed" in result.output
    assert IndexStore(Settings(store=store)).current().manifest == served
