"""The chat UI in a real browser (Debian's chromium driven by Playwright) against a real `procqa serve`.

Each test saves a screenshot under test-output/ui/ — look at them.
"""

from __future__ import annotations

import re
import shutil

import pytest

from rag.ingest import build_index
from rag.settings import Settings
from tests import ui_support
from tests.api_support import procqa_server
from tests.conftest import BUNDLED
from tests.ui_support import SHOTS, ask, last_answer, open_app, open_documents

browser, page = ui_support.browser, ui_support.page  # the shared fixtures

HOSTILE = """Council of the European Union

Brussels, 1 June 2019

11111/19

LIMITE

OUTCOME OF PROCEEDINGS

Subject: Outcome of proceedings of the <b>Markup</b> meeting

1. Markup handling

The delegations discussed the <script>window.__pwned = 1</script> tag and \
<img src=x onerror="window.__pwned=2"> images during the markup handling session.
"""
SOFIA = "Sofia, 22-23 May 2018 · 9278/18 · "  # a citation label: the meeting, then the document


def test_first_screen_shows_the_document_and_examples_offline(live_server, page):
    open_app(page, live_server)
    assert "EU-US Justice and Home Affairs Ministerial Meeting" in page.inner_text("#procqa-title")
    open_documents(page)
    facts = page.inner_text("#procqa-documents")
    assert "9278/18" in facts and "31 May 2018" in facts and "LIMITE" in facts
    examples = page.locator(".procqa-example:visible").all_inner_texts()
    assert 4 <= len(examples) <= 6 and "Who headed the US delegation?" in examples
    assert page.outside_requests == [], "the page must load nothing from outside this machine"


def test_answer_with_a_footnote_that_highlights_its_source(live_server, page):
    open_app(page, live_server)
    ask(page, "Who headed the US delegation?")
    assert "Jeff Sessions" in last_answer(page) and "Claire Grady" in last_answer(page)
    page.wait_for_selector("#procqa-sources .procqa-source")
    footnote = page.locator("#procqa-chat a.procqa-fn").first
    assert footnote.inner_text() == "[1]"
    footnote.click()
    active = page.locator(".procqa-source.procqa-active")
    active.wait_for(timeout=5_000)
    assert f"{SOFIA}Introduction · ¶2" in active.inner_text()
    assert "Jeff Sessions" in active.locator("mark").first.inner_text()
    active.locator("summary", has_text="Show in context").click()
    context = active.locator(".procqa-context").inner_text()
    assert "¶1" in context and "¶3" in context
    assert page.outside_requests == []


def test_follow_up_uses_the_conversation(live_server, page):
    open_app(page, live_server)
    ask(page, "What did the US say about drug producers?")
    ask(page, "Which countries did they name?")
    answer = last_answer(page)
    assert "Colombia" in answer and "China" in answer


def test_out_of_scope_question_is_an_abstention_without_sources(live_server, page):
    open_app(page, live_server)
    ask(page, "What is the capital of Peru?")
    page.wait_for_selector("#procqa-chat .procqa-abstain")
    assert "do not cover" in last_answer(page)
    assert page.locator("#procqa-chat .procqa-not-stated, #procqa-chat .procqa-related").count() == 0
    assert page.locator("#procqa-sources .procqa-source").count() == 0
    assert "No sources" in page.inner_text("#procqa-sources")
    assert "Closest passages" not in page.inner_text("body")


# Delegations are in the proceedings, Japan never is: the closest passages are shown, and do not answer.
NOT_STATED = "Who led the Japanese delegation?"


def check_not_stated(page) -> None:
    """The not-stated style of its own, its closest passages listed by label and quote, each opening its card."""
    answer = page.locator("#procqa-chat [data-testid='bot']").last
    box = answer.locator(".procqa-not-stated")
    box.wait_for()
    assert answer.locator(".procqa-abstain").count() == 0  # not the plain abstention
    assert answer.locator("a.procqa-fn").count() == 0  # nothing asserted, nothing footnoted
    assert "do not say" in box.locator(".procqa-not-stated-text").inner_text()
    assert "Closest passages (they do not answer this)" in box.inner_text()
    labels = box.locator("a.procqa-rel").all_inner_texts()
    assert f"{SOFIA}Introduction · ¶2" in labels and all(label.startswith(SOFIA) for label in labels)
    assert "delegation" in box.locator(".procqa-related-quote").first.inner_text()
    assert box.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"  # the styled panel, not bare text
    # The sources panel holds the same passages as cards, under a heading that says they are not an answer.
    panel = page.locator("#procqa-sources")
    page.wait_for_selector("#procqa-sources .procqa-source-related")
    assert "they do not answer this" in panel.inner_text()
    assert panel.locator(".procqa-source-related").count() == len(labels)
    box.locator("a.procqa-rel", has_text=re.compile(r"¶2$")).click()
    active = page.locator(".procqa-source-related.procqa-active")
    active.wait_for(timeout=5_000)
    assert f"{SOFIA}Introduction · ¶2" in active.inner_text() and "delegation" in active.inner_text()


def test_not_stated_lists_the_closest_passages_in_a_style_of_its_own(live_server, page):
    open_app(page, live_server)
    ask(page, NOT_STATED)
    check_not_stated(page)
    assert page.outside_requests == []


def test_not_stated_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    tab = context.new_page()
    try:
        open_app(tab, live_server)
        ask(tab, NOT_STATED)
        check_not_stated(tab)
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.locator("#procqa-chat [data-testid='bot']").last.scroll_into_view_if_needed()
        tab.screenshot(path=str(SHOTS / "not-stated-phone.png"))
        tab.screenshot(path=str(SHOTS / "not-stated-phone-full.png"), full_page=True)
    finally:
        context.close()


def test_an_over_long_question_is_refused_before_sending_and_kept(live_server, page):
    open_app(page, live_server)
    page.fill("#procqa-question textarea", "x" * 2500)
    page.wait_for_function("() => document.getElementById('procqa-count').textContent.startsWith('2,500 / 2,000')")
    assert "too long" in page.inner_text("#procqa-count")
    page.click("#procqa-ask")
    refusal = page.locator("#procqa-notice .procqa-error")
    refusal.wait_for()
    assert "limit is 2,000" in refusal.inner_text() and "still in the box" in refusal.inner_text()
    assert page.input_value("#procqa-question textarea") == "x" * 2500  # nothing typed is lost
    assert page.locator("#procqa-chat [data-testid='user']").count() == 0  # nothing was sent
    assert "Traceback" not in page.content()


def test_an_empty_question_adds_no_bubble_and_keeps_the_sources(live_server, page):
    open_app(page, live_server)
    ask(page, "Who headed the US delegation?")
    page.wait_for_selector("#procqa-sources .procqa-source")
    page.fill("#procqa-question textarea", "   ")
    page.click("#procqa-ask")
    page.press("#procqa-question textarea", "Enter")
    page.wait_for_timeout(1_500)  # what a round trip to the server takes, and more
    assert page.locator("#procqa-chat [data-testid='user']").count() == 1
    assert page.locator("#procqa-chat [data-testid='bot']").count() == 1
    assert "Jeff Sessions" in page.inner_text("#procqa-sources")


def test_example_button_asks_its_question(live_server, page):
    open_app(page, live_server)
    page.locator(".procqa-example", has_text="drug producers").click()
    page.wait_for_selector("#procqa-sources .procqa-source", timeout=30_000)
    assert "Colombia" in last_answer(page)


def test_html_in_documents_and_questions_renders_as_text(tmp_path, page):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(next(BUNDLED.iterdir()), sources)
    (sources / "hostile.txt").write_text(HOSTILE)
    settings = Settings(sources=sources, store=tmp_path / "store")
    build_index(settings)
    with procqa_server(["--store", str(settings.store), "--sources", str(sources)]) as url:
        open_app(page, url)
        open_documents(page)
        assert page.locator(".procqa-doc-title", has_text="<b>Markup</b>").count() == 1  # shown, not applied
        page.wait_for_selector("#procqa-document-filter", state="visible")  # several documents: a filter
        ask(page, "What did the delegations discuss during the markup handling session?")
        page.wait_for_selector("#procqa-sources .procqa-source")
        assert "<script>window.__pwned = 1</script>" in page.inner_text("#procqa-sources")
        ask(page, '<img src=x onerror="window.__pwned=3"> Who headed the US delegation?')
        assert page.evaluate("() => window.__pwned") is None
        assert "<img src=x" in page.locator("#procqa-chat [data-testid='user']").last.inner_text()


@pytest.mark.llm
def test_llm_answers_in_the_ui_and_a_dead_endpoint_says_it_fell_back(built_settings, llm_server, page):
    store = ["--store", str(built_settings.store), "--sources", str(built_settings.sources)]
    llm = ["--generator", "openai", "--llm-model", llm_server.model, "--llm-timeout-s", "90"]
    # The model rewrites the reader's answers too (by default it is asked only what the reader finds not stated).
    rewrites = {"PROCQA_LLM_REWRITES_ANSWERS": "true"}
    with procqa_server([*store, *llm, "--llm-base-url", llm_server.base_url], env=rewrites) as url:
        open_app(page, url)
        # Up to the model's own timeout: a fresh server's first question also reads first (evidence first), and
        # the reader's first read of a document takes seconds; on a loaded machine 30 s was not always enough.
        ask(page, "Who headed the US delegation?", timeout_s=90)
        assert "Sessions" in last_answer(page) and "[1]" in last_answer(page)
        page.wait_for_selector("#procqa-sources .procqa-source")
        page.screenshot(path=str(SHOTS / "llm-answer.png"))
    with procqa_server([*store, *llm, "--llm-base-url", "http://127.0.0.1:9/v1"], env=rewrites) as url:  # nobody there
        open_app(page, url)
        ask(page, "Who headed the US delegation?")
        note = page.locator("#procqa-chat .procqa-note").last
        assert "could not be used" in note.inner_text() and "unreachable" in note.inner_text()
        assert "Sessions" in last_answer(page)
