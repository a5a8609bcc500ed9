"""The UI's markup for each outcome, without a browser: answer, not_stated and out_of_scope each look their own,
and document text inside the closest passages is escaped like everything else."""

from __future__ import annotations

from rag.contract import Answer, Citation
from ui.render import RELATED_TITLE, final_markup, sources_markup

TIMINGS = {"retrieve": 1.0, "synthesize": 1.0, "total": 2.0}


def passage(n: int, quote: str, number: int = 2) -> Citation:
    return Citation(
        n=n,
        id=f"9278/18 ¶{number}",
        label=f"9278/18 · Introduction · ¶{number}",
        document="9278/18",
        section="Introduction",
        text=f"Before. {quote} After.",
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
    assert 'href="#procqa-rel-1"' in html and 'href="#procqa-rel-2"' in html
    assert "procqa-fn" not in html and "[1]" not in html  # nothing asserted, nothing footnoted
    assert "&lt;b&gt;Jeff&lt;/b&gt;" in html and "<b>" not in html
    assert "Line one. … Line two." in html and "\n" not in html  # one line: Markdown leaves the block alone
    panel = sources_markup(answer)
    assert RELATED_TITLE in panel and panel.count('class="procqa-source procqa-source-related"') == 2
    assert 'id="procqa-rel-1"' in panel and "procqa-src-" not in panel


def test_out_of_scope_is_the_plain_abstention() -> None:
    answer = Answer(
        answer="The proceedings do not cover this.",
        abstained=True,
        citations=[],
        outcome="out_of_scope",
        timings_ms=TIMINGS,
    )
    assert final_markup(answer) == '<span class="procqa-abstain">The proceedings do not cover this.</span>'
    assert "No sources" in sources_markup(answer) and RELATED_TITLE not in sources_markup(answer)


def test_an_answer_is_footnoted_with_its_sources() -> None:
    answer = Answer(
        answer="Jeff Sessions headed it [1].", abstained=False, citations=[passage(1, "Jeff.")], timings_ms=TIMINGS
    )
    assert 'class="procqa-fn"' in final_markup(answer) and "procqa-not-stated" not in final_markup(answer)
    assert 'id="procqa-src-1"' in sources_markup(answer) and RELATED_TITLE not in sources_markup(answer)
