"""The chat UI as a person uses it, in real chromium against a real `procqa serve`: every answer keeps its own
sources, forgetting really forgets, copying gives plain text, a phone gets the box on its first screen, and no
page (the UI, /docs, /redoc) asks anything of another host."""

from __future__ import annotations

import re

import httpx

from tests import ui_support
from tests.api_support import procqa_server
from tests.ui_support import SHOTS, ask, last_answer, open_app

browser, page = ui_support.browser, ui_support.page  # the shared fixtures

CLOUD = "What did the two sides say about the CLOUD Act?"
DELEGATION = "Who headed the US delegation?"


def test_a_footnote_of_an_older_answer_shows_that_answers_sources(live_server, page):
    open_app(page, live_server)
    ask(page, DELEGATION)
    ask(page, CLOUD)
    assert "¶9" in page.inner_text("#procqa-sources .procqa-group.procqa-shown")  # the latest answer's
    first = page.locator("#procqa-chat [data-testid='bot']").first
    first.locator("a.procqa-fn", has_text="[1]").click()
    active = page.locator(".procqa-source.procqa-active")
    active.wait_for(timeout=5_000)
    assert active.is_visible() and "9278/18 · Introduction · ¶2" in active.inner_text()
    assert "Jeff Sessions" in active.locator("mark").inner_text()
    shown = page.locator("#procqa-sources .procqa-group:visible")
    assert shown.count() == 1 and "answer 1: Who headed the US delegation?" in shown.inner_text()
    # And back to the latest: its own [1] is the CLOUD Act paragraph, in document order in its context.
    page.locator("#procqa-chat [data-testid='bot']").last.locator("a.procqa-fn").first.click()
    active = page.locator(".procqa-source.procqa-active")
    assert "¶9" in active.inner_text() and "CLOUD Act" in active.inner_text() and "¶2" not in active.inner_text()
    active.locator("summary", has_text="Show in context").click()
    labels = active.locator(".procqa-context-label").all_inner_texts()
    assert [re.search(r"¶\d+", label).group() for label in labels] == ["¶8", "¶9", "¶10"], labels
    assert "this paragraph" in labels[1]
    assert page.outside_requests == []


def _forgets(page, forget) -> None:
    ask(page, "What did the US say about drug producers?")
    assert "Colombia" in last_answer(page)
    forget()
    page.wait_for_function("() => !document.querySelector(\"#procqa-chat [data-testid='bot']\")", timeout=10_000)
    # The chat empties itself in the page at once; the server's answer to the clearing (sources, history) follows.
    page.wait_for_function(
        "() => document.querySelector('#procqa-sources').innerText.includes('Sources for the latest answer appear')",
        timeout=10_000,
    )
    ask(page, "Which countries did they name?")  # resolved against nothing: the drug producers are forgotten
    assert "Colombia" not in last_answer(page)


def test_the_trash_icon_forgets_the_conversation(live_server, page):
    open_app(page, live_server)
    _forgets(page, lambda: page.locator("#procqa-chat button[aria-label='Clear']").click())


def test_new_chat_forgets_the_conversation_and_there_is_no_share_icon(live_server, page):
    open_app(page, live_server)
    _forgets(page, lambda: page.click("#procqa-new-chat"))
    assert page.locator("#procqa-chat button[aria-label*='hare' i]").count() == 0


def test_copy_gives_plain_text_with_the_sources(live_server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    try:
        open_app(tab, live_server)
        ask(tab, DELEGATION)
        tab.locator("#procqa-chat a.procqa-copy").last.click()
        tab.wait_for_function("() => document.querySelector('#procqa-chat a.procqa-copy').textContent === 'Copied'")
        copied = tab.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith("The US delegation was headed by Attorney General Jeff Sessions")
        assert (
            '\nSources:\n[1] Sofia, 22-23 May 2018 · 9278/18 · Introduction · ¶2: "The US delegation was headed by'
            in copied
        )
        assert "<" not in copied and "procqa-fn" not in copied
        tab.click("#procqa-copy-all")
        tab.wait_for_function("() => document.querySelector('#procqa-copy-all').textContent.includes('Copied')")
        conversation = tab.evaluate("() => navigator.clipboard.readText()")
        assert conversation.startswith(f"Question: {DELEGATION}\n\nAnswer: The US delegation")
        assert "[1] Sofia, 22-23 May 2018 · 9278/18 · Introduction · ¶2" in conversation and "<a" not in conversation
    finally:
        context.close()


def test_an_answering_indicator_shows_while_the_answer_is_worked_on(live_server, page):
    open_app(page, live_server)
    # Record whether the indicator ever appears: the extractive answer can come back within a frame or two.
    page.evaluate(
        """() => { window.__answering = false; new MutationObserver(() => {
            if (document.querySelector('#procqa-chat .procqa-answering')) { window.__answering = true; }
        }).observe(document.body, {childList: true, subtree: true}); }"""
    )
    ask(page, DELEGATION)
    assert page.evaluate("() => window.__answering") is True
    assert page.locator("#procqa-chat .procqa-answering").count() == 0  # gone once answered
    assert page.inner_text("#procqa-ask") == "Ask"


def test_a_phone_has_the_box_on_its_first_screen_and_a_way_back_from_a_source(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    tab = context.new_page()
    try:
        open_app(tab, live_server)
        box = tab.locator("#procqa-question textarea").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, f"the question box is below the screen: {box}"
        assert tab.locator("#procqa-ask").bounding_box()["y"] < 844
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SHOTS / "phone-first-screen.png"))
        ask(tab, DELEGATION)
        footnote = tab.locator("#procqa-chat a.procqa-fn").first
        footnote.click()
        card = tab.locator(".procqa-source.procqa-active")
        card.wait_for()
        assert _in_view(tab, "#procqa-sources .procqa-source.procqa-active")
        back = tab.locator("#procqa-back")
        assert back.is_visible() and "Back to the answer" in back.inner_text()
        back.click()
        assert _in_view(tab, "#procqa-chat a.procqa-fn") and not back.is_visible()
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def _in_view(tab, selector: str) -> bool:
    return tab.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }",
        selector,
    )


def test_no_page_makes_an_outside_request(live_server, page):
    open_app(page, live_server)
    page.goto(f"{live_server}/docs", wait_until="networkidle")
    page.wait_for_selector(".swagger-ui .info", timeout=30_000)
    page.goto(f"{live_server}/redoc", wait_until="networkidle")
    page.wait_for_selector("redoc [role='navigation'], .menu-content", timeout=30_000)
    assert page.outside_requests == [], f"requests left this machine: {page.outside_requests}"


def test_the_ui_counts_against_the_apis_rate_limit(built_settings, page):
    store = ["--store", str(built_settings.store), "--sources", str(built_settings.sources)]
    with procqa_server(store, env={"PROCQA_RATE_LIMIT": "3"}) as url:
        open_app(page, url)
        # The bucket refills one request every 20 s: spend it in quick succession, two at the API...
        assert [httpx.get(f"{url}/api/documents").status_code for _ in range(2)] == [200, 200]
        ask(page, DELEGATION)  # ...the third at the UI: answered
        assert "Jeff Sessions" in last_answer(page)
        ask(page, CLOUD)  # one too many, at whichever door
        assert "Too many requests" in page.locator("#procqa-chat .procqa-error").last.inner_text()
        assert httpx.get(f"{url}/api/documents").status_code == 429
