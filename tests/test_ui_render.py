"""The UI's markup for each outcome, without a browser: answer, not_stated and out_of_scope each look their own,
and document text inside the closest passages is escaped like everything else."""

from __future__ import annotations

from types import SimpleNamespace

from rag.contract import Answer, Citation, Meeting
from ui.render import RELATED_TITLE, final_markup, plain_text, source_group, sources_markup, sources_panel

TIMINGS = {"retrieve": 1.0, "synthesize": 1.0, "total": 2.0}


def passage(n: int, quote: str, number: int = 2, text: str = "") -> Citation:
    return Citation(
        n=n,
        id=f"9278/18 ¶{number}",
        label=f"9278/18 · Introduction · ¶{number}",
        document="9278/18",
        section="Introduction",
        text=text or f"Before. {quote} After.",
        quote=quote,
        score=0.5,
    )


def test_not_stated_shows_the_sentence_then_the_closest_passages() -> None:
    related = [passage(1, "The US delegation was headed by <b>Jeff</b>."), passage(2, "Line one.\nLine two.", 21)]
    answer = Answer(
        answer="The proceedings do not say: they never mention Japan.",
        abstained=True,
        citations=[],
        outcome="not_stated",
        related=related,
        timings_ms=TIMINGS,
    )
    html = final_markup(answer)
    assert html.startswith('<div class="procqa-not-stated">') and "procqa-abstain" not in html
    assert html.index("do not say") < html.index(RELATED_TITLE) < html.index("¶2</a>") < html.index("¶21</a>")
    assert 'href="#procqa-rel-0-1"' in html and 'href="#procqa-rel-0-2"' in html
    shown = html[: html.index('<div class="procqa-plain">')]  # the copyable text is hidden
    assert "procqa-fn" not in shown and "[1]" not in shown  # nothing asserted, nothing footnoted
    assert "&lt;b&gt;Jeff&lt;/b&gt;" in html and "<b>" not in html
    assert "Line one. … Line two." in html and "\n" not in html  # one line: Markdown leaves the block alone
    assert "Closest passages (not an answer):&#10;- 9278/18 · Introduction · ¶2" in html  # what Copy copies
    panel = sources_markup(answer)
    assert RELATED_TITLE in panel and panel.count('class="procqa-source procqa-source-related"') == 2
    assert 'id="procqa-rel-0-1"' in panel and "procqa-src-" not in panel


def test_out_of_scope_is_the_plain_abstention() -> None:
    answer = Answer(
        answer="The proceedings do not cover this.",
        abstained=True,
        citations=[],
        outcome="out_of_scope",
        timings_ms=TIMINGS,
    )
    assert final_markup(answer).startswith('<span class="procqa-abstain">The proceedings do not cover this.</span>')
    assert "No sources" in sources_markup(answer) and RELATED_TITLE not in sources_markup(answer)


def test_an_answer_is_footnoted_with_its_sources() -> None:
    answer = Answer(
        answer="Jeff Sessions headed it [1].", abstained=False, citations=[passage(1, "Jeff.")], timings_ms=TIMINGS
    )
    assert 'class="procqa-fn"' in final_markup(answer) and "procqa-not-stated" not in final_markup(answer)
    assert 'id="procqa-src-0-1"' in sources_markup(answer) and RELATED_TITLE not in sources_markup(answer)


def test_each_answer_keeps_its_own_cards_and_the_panel_shows_the_latest() -> None:
    first = Answer(answer="Sessions [1].", abstained=False, citations=[passage(1, "Sessions.")], timings_ms=TIMINGS)
    second = Answer(answer="Grady [1].", abstained=False, citations=[passage(1, "Grady.", 5)], timings_ms=TIMINGS)
    assert 'href="#procqa-src-0-1"' in final_markup(first, 0) and 'href="#procqa-src-1-1"' in final_markup(second, 1)
    groups = [source_group(k, q, sources_markup(a, key=k)) for k, (q, a) in enumerate([("Q1", first), ("Q2", second)])]
    panel = sources_panel(groups)
    assert 'id="procqa-src-0-1"' in panel and 'id="procqa-src-1-1"' in panel  # both answers' cards stay
    assert panel.count("procqa-shown") == 1 and panel.index("procqa-shown") > panel.index('id="procqa-src-0-1"')


def test_copy_text_is_plain_with_its_sources() -> None:
    answer = Answer(
        answer="Jeff <b>Sessions</b> headed it [1].",
        abstained=False,
        citations=[passage(1, "The US delegation was\nheaded by Jeff Sessions.")],
        timings_ms=TIMINGS,
    )
    assert plain_text(answer) == (
        "Jeff <b>Sessions</b> headed it [1].\n\nSources:\n"
        '[1] 9278/18 · Introduction · ¶2: "The US delegation was … headed by Jeff Sessions."'
    )
    html = final_markup(answer)
    assert "Jeff &lt;b&gt;Sessions&lt;/b&gt; headed it [1].&#10;&#10;Sources:&#10;[1]" in html  # escaped, hidden


def test_a_sentence_with_an_abbreviation_is_marked_unbroken() -> None:
    text = "Opening. The U.S. delegation welcomed the E.U. proposal. Closing."
    card = sources_markup(
        Answer(
            answer="x [1].",
            abstained=False,
            citations=[passage(1, "The U.S. delegation welcomed the E.U. proposal.", text=text)],
            timings_ms=TIMINGS,
        )
    )
    assert card.count("<mark>") == 1 and "<mark>The U.S. delegation welcomed the E.U. proposal.</mark>" in card


def test_show_in_context_lists_the_paragraphs_in_document_order() -> None:
    def para(number: int) -> SimpleNamespace:
        return SimpleNamespace(id=f"9278/18 ¶{number}", label=f"9278/18 · Introduction · ¶{number}", text=f"P{number}.")

    answer = Answer(answer="x [1].", abstained=False, citations=[passage(1, "Jeff.", 9)], timings_ms=TIMINGS)
    card = sources_markup(answer, neighbours=lambda pid: [para(8), para(9), para(10)])
    context = card[card.index("Show in context") :]
    assert context.index("¶8") < context.index("¶9 · this paragraph") < context.index("¶10")


def test_a_meeting_label_is_shown_once_when_a_citation_has_one() -> None:
    meeting = Meeting(label="Sofia, 22-23 May 2018", place="Sofia")
    cited = passage(1, "Jeff.").model_copy(update={"meeting": meeting})
    answer = Answer(answer="x [1].", abstained=False, citations=[cited], timings_ms=TIMINGS)
    assert '<div class="procqa-source-meeting">Sofia, 22-23 May 2018</div>' in sources_markup(answer)
    assert "(Sofia, 22-23 May 2018)" in plain_text(answer)
    assert "procqa-source-meeting" not in sources_markup(answer.model_copy(update={"citations": [passage(1, "J.")]}))
    # The engine's labels start with the meeting: it is not said twice.
    named = cited.model_copy(update={"label": f"Sofia, 22-23 May 2018 · {cited.label}"})
    twice = answer.model_copy(update={"citations": [named]})
    assert "procqa-source-meeting" not in sources_markup(twice) and "(Sofia" not in plain_text(twice)


def test_examples_come_from_every_indexed_document() -> None:
    from ui.examples import example_questions

    documents = {"9278/18": {}, "15284/18": {}}
    paragraphs = {
        "15284/18 ¶3": SimpleNamespace(document="15284/18", section="2 Counter-terrorism"),
        "15284/18 ¶1": SimpleNamespace(document="15284/18", section="Introduction"),
        "9278/18 ¶2": SimpleNamespace(document="9278/18", section="Introduction"),
    }
    questions = example_questions(documents, paragraphs, 4)
    assert questions[:2] == ["Who headed the US delegation?", "What was said about counter-terrorism?"]
    assert len(questions) == 4
