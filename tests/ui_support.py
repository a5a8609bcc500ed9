"""Shared by the browser tests of the chat UI: Debian's chromium driven by Playwright, a fresh page per test
that records every request leaving this machine, and helpers to ask and read answers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, cannot_run

try:
    import playwright.sync_api as playwright
except ImportError:  # a dev dependency: missing only from a partial install, and never under CI
    cannot_run("playwright is not installed", "run `make setup` (pip install -e '.[dev]')")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "test-output" / "ui"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make setup` (it installs Debian's chromium)")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request) -> Iterator[object]:
    """A fresh page; every request it makes to a host other than this machine is recorded (there must be none)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.outside_requests = []
    tab.on("request", lambda r: tab.outside_requests.append(r.url) if not r.url.startswith(_LOCAL) else None)
    yield tab
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


_LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_selector("#procqa-question textarea", timeout=60_000)
    page.wait_for_selector(".procqa-example", timeout=60_000)


def ask(page, question: str, timeout_s: float = 30.0) -> None:
    """Type a question, press Ask, and wait until the answer is complete ("Ask" is enabled again), at most
    `timeout_s` (an LLM generator's answer: the server's own model timeout)."""
    before = page.locator("#procqa-chat [data-testid='bot']").count()
    page.fill("#procqa-question textarea", question)
    page.click("#procqa-ask")
    page.wait_for_function(
        "n => document.querySelectorAll(\"#procqa-chat [data-testid='bot']\").length > n", arg=before, timeout=30_000
    )
    page.wait_for_selector("#procqa-ask:not([disabled])", timeout=timeout_s * 1000)


def last_answer(page) -> str:
    return page.locator("#procqa-chat [data-testid='bot']").last.inner_text()


def open_documents(page) -> None:
    """Open the documents panel (closed at first, so that the chat has the room)."""
    page.locator("#procqa-documents-panel").get_by_text("Documents (").click()
    page.wait_for_selector("#procqa-upload", state="visible")
