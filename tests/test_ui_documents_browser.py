"""The documents panel in real chromium against a real `procqa serve` over a copy of the sources: add (with a
bad file and its error), list, remove after a confirmation; and a page whose filter names a document removed
elsewhere keeps answering."""

from __future__ import annotations

import shutil

import httpx
import pytest

from rag.ingest import build_index
from rag.settings import Settings
from tests import ui_support
from tests.api_support import procqa_server
from tests.conftest import BUNDLED_FILE, WASHINGTON_FILE
from tests.ui_support import SHOTS, ask, last_answer, open_app, open_documents

browser, page = ui_support.browser, ui_support.page  # the shared fixtures


@pytest.fixture
def server(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(BUNDLED_FILE, sources)
    settings = Settings(sources=sources, store=tmp_path / "store")
    build_index(settings)
    with procqa_server(["--store", str(settings.store), "--sources", str(sources)]) as url:
        yield url, sources


def status(page, containing: str) -> str:
    """The panel's status line once it holds `containing` (Gradio shows a timer there while working)."""
    page.wait_for_function(
        "t => { const s = document.querySelector('#procqa-doc-status .procqa-status'); "
        "return s && s.innerText.includes(t); }",
        arg=containing,
        timeout=60_000,
    )
    return page.inner_text("#procqa-doc-status .procqa-status")


def upload(page, path, containing: str) -> str:
    page.set_input_files("#procqa-upload input[type=file], input[type=file]", str(path))
    return status(page, containing)


def choose(page, dropdown: str, option: str) -> None:
    page.click(f"{dropdown} input")
    page.get_by_role("option", name=option).first.click()  # a substring of its label
    page.keyboard.press("Escape")


def test_add_a_document_a_bad_file_is_refused_and_its_error_shown(server, page, tmp_path):
    url, sources = server
    open_app(page, url)
    open_documents(page)
    assert "Documents (1 indexed)" in page.inner_text("#procqa-documents-panel")
    notes = tmp_path / "notes.pdf"
    notes.write_bytes(b"Just some notes, and no PDF at all.")
    error = upload(page, notes, "notes.pdf")
    assert "notes.pdf: named .pdf but it is not a PDF" in error and "/tmp" not in error  # the name, no server path
    assert page.locator("#procqa-doc-status .procqa-error").count() == 1
    assert sorted(p.name for p in sources.iterdir()) == [BUNDLED_FILE.name]  # nothing changed
    added = upload(page, WASHINGTON_FILE, "15284/18")
    assert "Added 15284/18" in added
    assert "15284/18" in page.inner_text("#procqa-documents") and "9278/18" in page.inner_text("#procqa-documents")
    assert "Documents (2 indexed)" in page.inner_text("#procqa-documents-panel")
    page.wait_for_selector("#procqa-document-filter", state="visible")  # two documents: a filter by the box
    examples = page.locator(".procqa-example:visible").all_inner_texts()
    assert "Who headed the US delegation?" in examples and any("counterterrorism" in e for e in examples), examples
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "documents-panel.png"))
    # The filter: only the Washington meeting is searched.
    choose(page, "#procqa-document-filter", "15284/18")
    ask(page, "Who headed the US delegation?")
    assert "Whitaker" in last_answer(page) and "Sessions" not in last_answer(page)


def test_remove_asks_first_and_a_document_removed_elsewhere_does_not_break_the_page(server, page):
    url, sources = server
    with WASHINGTON_FILE.open("rb") as file:
        assert httpx.post(f"{url}/api/documents", files={"file": file}, timeout=120).status_code == 201
    open_app(page, url)
    open_documents(page)
    choose(page, "#procqa-remove-choice", "15284/18")
    page.click("#procqa-remove")
    assert "Remove 15284/18?" in page.inner_text("#procqa-confirm")
    page.click("#procqa-confirm-no")  # changed my mind: nothing happens
    page.wait_for_selector("#procqa-confirm", state="hidden")
    assert (sources / WASHINGTON_FILE.name).exists()
    page.click("#procqa-remove")
    page.click("#procqa-confirm-yes")
    status(page, "Removed 15284/18")
    assert "15284/18" not in page.inner_text("#procqa-documents")
    assert not (sources / WASHINGTON_FILE.name).exists()
    # The only one left cannot go: the library's reason, shown.
    choose(page, "#procqa-remove-choice", "9278/18")
    page.click("#procqa-remove")
    page.click("#procqa-confirm-yes")
    assert "only document" in status(page, "cannot be removed")

    # Another page chose Washington in its filter; the document is then removed elsewhere (through the API).
    with WASHINGTON_FILE.open("rb") as file:
        assert httpx.post(f"{url}/api/documents", files={"file": file}, timeout=120).status_code == 201
    page.reload()
    open_app(page, url)
    choose(page, "#procqa-document-filter", "15284/18")
    assert httpx.delete(f"{url}/api/documents/15284/18", timeout=120).status_code == 200
    ask(page, "Who headed the US delegation?")
    answer = last_answer(page)
    assert "Sessions" in answer and "No longer indexed, so not searched: 15284/18" in answer
    assert page.locator("#procqa-chat .procqa-error").count() == 0
