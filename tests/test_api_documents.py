"""POST /api/documents uploads a source and re-indexes; DELETE /api/documents/{id} removes the source file and
re-indexes; the API key guards both; ids and file names never escape the sources folder; the engine serves the
new index without a restart."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from rag.api.app import create_app
from rag.ingest import build_index
from rag.settings import Settings
from tests.api_support import assert_error
from tests.render import to_pdf
from tests.test_multi_document import OTTAWA


@pytest.fixture
def settings(sources_copy, tmp_path) -> Settings:
    shutil.copy(OTTAWA, sources_copy / OTTAWA.name)
    settings = Settings(sources=sources_copy, store=tmp_path / "store", api_key=SecretStr("k3y"))
    build_index(settings)
    return settings


KEY = {"Authorization": "Bearer k3y"}
BUNDLED_NAME = "council-9278-18-eu-us-jha-ministerial-sofia-2018.txt"


def test_delete_removes_the_document_and_the_server_answers_from_the_new_index(settings):
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert_error(client.delete(f"/api/documents/{quote('14888/18', safe='')}"), 401, "Authorization: Bearer")
        assert (settings.sources / OTTAWA.name).exists()
        before = client.post("/api/ask", json={"question": "Who headed the Canadian delegation?"}, headers=KEY)
        assert before.json()["citations"][0]["document"] == "14888/18"
        response = client.delete("/api/documents/14888/18", headers=KEY)  # a literal "/" works too
        assert response.status_code == 200, response.text
        assert [d["id"] for d in response.json()["documents"]] == ["9278/18"]
        assert not (settings.sources / OTTAWA.name).exists()
        listed = client.get("/api/documents", headers=KEY).json()["documents"]
        assert [d["id"] for d in listed] == ["9278/18"]
        after = client.post("/api/ask", json={"question": "Who headed the Canadian delegation?"}, headers=KEY)
        assert all(c["document"] == "9278/18" for c in after.json()["citations"])
        assert_error(client.delete("/api/documents/9278%2F18", headers=KEY), 409, "only document")


@pytest.mark.parametrize("document_id", ["..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", "%2Fetc%2Fpasswd", "x"])
def test_unknown_or_path_like_ids_are_404_and_touch_nothing(settings, document_id):
    files = sorted(settings.sources.rglob("*"))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.delete(f"/api/documents/{document_id}", headers=KEY)
    assert_error(response, 404)
    assert sorted(settings.sources.rglob("*")) == files


def test_upload_adds_a_document_and_bad_uploads_are_refused(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store", api_key=SecretStr("k3y"))
    build_index(settings)
    pdf = to_pdf(OTTAWA.read_text(encoding="utf-8"), tmp_path / "ottawa.pdf", number="14888/18").read_bytes()
    upload = {"file": ("ottawa.pdf", pdf, "application/pdf")}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert_error(client.post("/api/documents", files=upload), 401, "Authorization: Bearer")
        created = client.post("/api/documents", files=upload, headers=KEY)
        assert created.status_code == 201, created.text
        assert sorted(d["id"] for d in created.json()["documents"]) == ["14888/18", "9278/18"]
        assert (sources_copy / "ottawa.pdf").read_bytes() == pdf
        answer = client.post("/api/ask", json={"question": "Who headed the Canadian delegation?"}, headers=KEY).json()
        assert answer["citations"][0]["label"] == "Ottawa, 20 November 2018 · 14888/18 · Introduction · p.1 ¶2"
        assert_error(client.post("/api/documents", files=upload, headers=KEY), 409, "exists")
        renamed = {"file": ("ottawa-again.pdf", pdf, "application/pdf")}
        assert_error(client.post("/api/documents", files=renamed, headers=KEY), 409, "already indexed")
        for name, content, words in [
            ("../evil.txt", b"Some text.", ["plain file name"]),
            ("..\\evil.txt", b"Some text.", ["plain file name"]),
            (".hidden.txt", b"Some text.", ["plain file name"]),
            ("notes.exe", b"Some text.", ["plain file name"]),
            ("fake.pdf", b"Just text, not a PDF.", ["fake.pdf", "not a PDF"]),
            ("notes\uffff.txt", b"Some text.", ["file name", "U+FFFF", "non-character"]),  # sent as UTF-8
            ("notes.html", b"<p>1. Ministers met&#xFFFF; in Sofia.</p>", ["notes.html", "U+FFFF", "non-character"]),
        ]:
            refused = client.post("/api/documents", files={"file": (name, content)}, headers=KEY)
            assert_error(refused, 422, *words)
    assert sorted(p.name for p in sources_copy.iterdir()) == sorted(["ottawa.pdf", BUNDLED_NAME])
    assert not (tmp_path / "evil.txt").exists()


def test_uploads_have_their_own_size_limit(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store", max_source_bytes=100_000)
    build_index(settings)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        # Over the 64 kB question limit but within the source limit: accepted as far as the reader.
        big_text = {"file": ("big.pdf", b"x" * 80_000, "application/pdf")}
        assert_error(client.post("/api/documents", files=big_text), 422, "big.pdf", "not a PDF")
        too_big = {"file": ("huge.txt", b"x" * 200_000, "text/plain")}
        assert_error(client.post("/api/documents", files=too_big), 413, "limit")
        assert_error(client.post("/api/ask", json={"question": "x" * 80_000}), 413, "limit")
    assert not (sources_copy / "big.pdf").exists() and not (sources_copy / "huge.txt").exists()


def test_uploads_stream_to_a_real_server_within_their_limit(sources_copy, tmp_path):
    """Sent chunked (no Content-Length) to a real `procqa serve`: an upload within the limit is indexed; one past
    it is refused with 413 while it streams, and nothing of it is saved."""
    from tests.api_support import procqa_server

    def multipart(name: str, body: bytes, boundary: str = "procqa-test-boundary"):
        yield f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
        for start in range(0, len(body), 4096):
            yield body[start : start + 4096]
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {"Content-Type": "multipart/form-data; boundary=procqa-test-boundary"}
    ottawa = OTTAWA.read_bytes()
    source_limit = max(len(ottawa), (sources_copy / BUNDLED_NAME).stat().st_size) + 1000
    limit = {"PROCQA_MAX_SOURCE_BYTES": str(source_limit)}  # an upload may be this plus 64 kB of framing
    options = ["--sources", str(sources_copy), "--store", str(tmp_path / "store")]
    assert build_index(Settings(sources=sources_copy, store=tmp_path / "store")).documents
    with procqa_server(options, env=limit) as url:
        too_big = httpx.post(
            f"{url}/api/documents", content=multipart("big.txt", b"x" * (source_limit + 80_000)), headers=headers
        )
        assert "content-length" not in too_big.request.headers
        assert_error(too_big, 413, "limit")
        added = httpx.post(f"{url}/api/documents", content=multipart(OTTAWA.name, ottawa), headers=headers, timeout=120)
        assert added.status_code == 201, added.text
        assert sorted(d["id"] for d in added.json()["documents"]) == ["14888/18", "9278/18"]
    assert (sources_copy / OTTAWA.name).read_bytes() == ottawa
    assert sorted(p.name for p in sources_copy.iterdir()) == sorted([OTTAWA.name, BUNDLED_NAME])
