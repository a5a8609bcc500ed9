"""Evidence first in the chat UI (a real browser): while a slow model writes, the extractive reading and its
sources show at once; the model's answer then replaces them. The model is scripted at the edge; the app runs
under uvicorn on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag.api.app import create_app
from rag.engine import Engine
from tests import ui_support
from tests.api_support import served_in_thread
from tests.llm_fakes import with_llm
from tests.test_evidence_first import slow_drugs_reply
from tests.test_generators import DRUGS, SUPPORTED
from tests.ui_support import SHOTS, last_answer, open_app

browser, page = ui_support.browser, ui_support.page  # the shared fixtures
MODEL_SLEEPS_S = 4.0  # long enough to look at the evidence before the answer replaces it


@pytest.fixture(scope="module")
def slow_ui(engine: Engine) -> Iterator[str]:
    engine.ask(DRUGS)  # an engine's first question loads what it reads with (seconds): not what is tested here
    with served_in_thread(create_app(engine=with_llm(engine, slow_drugs_reply(MODEL_SLEEPS_S)))) as url:
        yield url


def test_the_evidence_shows_at_once_and_the_models_answer_replaces_it(slow_ui, page):
    open_app(page, slow_ui)
    page.fill("#procqa-question textarea", DRUGS)
    page.click("#procqa-ask")
    evidence = page.locator("#procqa-chat [data-testid='bot'] .procqa-evidence").last
    evidence.wait_for(timeout=MODEL_SLEEPS_S * 1000 * 0.75)  # before the model could have written a word
    assert "Colombia" in evidence.inner_text() and page.locator("#procqa-ask[disabled]").count() == 1
    assert "¶15" in page.inner_text("#procqa-sources .procqa-shown")  # its sources, at once
    assert "while the answer is written" in page.inner_text("#procqa-sources .procqa-shown")
    page.screenshot(path=str(SHOTS / "evidence-while-the-model-writes.png"))
    page.wait_for_selector("#procqa-ask:not([disabled])", timeout=60_000)
    assert f"{SUPPORTED} [1]." in last_answer(page)
    assert page.locator("#procqa-chat [data-testid='bot'] .procqa-evidence").count() == 0  # replaced
    shown = page.inner_text("#procqa-sources .procqa-shown")
    assert "¶15" in shown and "while the answer is written" not in shown
    assert page.outside_requests == []
