"""HTML for the chat UI. Every piece of user or document text passes through html.escape before any markup of
ours is added, so a document or question containing <script> or HTML shows as text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from rag.contract import Answer, Citation
from rag.text import MARKER, printable


def source_anchor(n: int) -> str:
    return f"procqa-src-{n}"


def related_anchor(n: int) -> str:
    return f"procqa-rel-{n}"


RELATED_TITLE = "Closest passages (they do not answer this)"


def answer_markup(text: str, citations: Iterable[Citation] = ()) -> str:
    """The answer with each [n] as a footnote link to its source card."""
    labels = {c.n: c.label for c in citations}

    def footnote(match: re.Match[str]) -> str:
        n = int(match.group(1))
        title = html.escape(labels.get(n, ""), quote=True)
        return f'<a class="procqa-fn" href="#{source_anchor(n)}" data-n="{n}" title="{title}">[{n}]</a>'

    return MARKER.sub(footnote, html.escape(text, quote=False))


def abstention_markup(text: str) -> str:
    return f'<span class="procqa-abstain">{html.escape(text, quote=False)}</span>'


def note_markup(answer: Answer) -> str:
    """What the reader should know about how the answer was made (a fallback, statements left out)."""
    if not answer.note:
        return ""
    note = html.escape(answer.note, quote=False)
    return f'<div class="procqa-note">{note}</div>'


def _one_line(text: str) -> str:
    return " … ".join(line.strip() for line in text.splitlines() if line.strip())


def not_stated_markup(answer: Answer) -> str:
    """The proceedings hold related passages but do not answer: the "do not say" sentence, then the closest
    passages, each a link to its card in the sources panel. Nothing here is asserted, so there are no markers.
    One line of HTML: the chat's Markdown renderer leaves an HTML block alone until a blank line."""
    items = "".join(
        f'<li><a class="procqa-rel" href="#{related_anchor(c.n)}" data-n="{c.n}">{html.escape(c.label)}</a>'
        f'<div class="procqa-related-quote">{html.escape(_one_line(c.quote))}</div></li>'
        for c in answer.related
    )
    listing = (
        f'<div class="procqa-related"><div class="procqa-related-title">{RELATED_TITLE}</div>'
        f'<ol class="procqa-related-list">{items}</ol></div>'
        if items
        else ""
    )
    return (
        '<div class="procqa-not-stated"><div class="procqa-not-stated-badge">Not stated</div>'
        f'<div class="procqa-not-stated-text">{html.escape(answer.answer, quote=False)}</div>{listing}</div>'
    )


def final_markup(answer: Answer) -> str:
    """A finished answer: footnoted; or, when the proceedings do not say, the sentence and the closest passages;
    or, when nothing is related at all, styled as a plain abstention; with its note."""
    if answer.outcome == "not_stated":
        body = not_stated_markup(answer)
    elif answer.abstained:
        body = abstention_markup(answer.answer)
    else:
        body = answer_markup(answer.answer, answer.citations)
    return body + note_markup(answer)


def error_markup(text: str) -> str:
    return f'<span class="procqa-error">Error: {html.escape(printable(text), quote=False)}</span>'


def question_markup(text: str) -> str:
    """The person's question as the chat shows it: escaped, and encodable even when it holds a lone surrogate
    (the engine refuses such a question; the chat still shows it, with U+FFFD, next to the error)."""
    return html.escape(printable(text))


def _highlight(text: str, quote: str) -> str:
    """Escape the paragraph and wrap each quoted sentence in <mark>."""
    spans: list[tuple[int, int]] = []
    for part in filter(None, (p.strip() for p in re.split(r"(?<=[.!?])\s+|\n", quote))):
        at = text.find(part)
        if at >= 0:
            spans.append((at, at + len(part)))
    out, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        out += [
            html.escape(text[cursor:start], quote=False),
            "<mark>",
            html.escape(text[start:end], quote=False),
            "</mark>",
        ]
        cursor = end
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out).replace("\n", "<br>")


def _card(citation: Citation, anchor: str, tag: str, neighbours: Any, kind: str = "") -> str:
    """One paragraph card: its label, the paragraph with the quoted sentence(s) marked, "show in context"."""
    context = ""
    around = [p for p in (neighbours(citation.id) if neighbours else []) if p.id != citation.id]
    if around:
        rows = "".join(
            f'<div class="procqa-context-row"><div class="procqa-context-label">{html.escape(p.label)}</div>'
            f"<div>{html.escape(p.text).replace(chr(10), '<br>')}</div></div>"
            for p in around
        )
        context = f'<details class="procqa-context"><summary>Show in context</summary>{rows}</details>'
    return (
        f'<div class="procqa-source{kind}" id="{anchor}">'
        f'<div class="procqa-source-label"><span class="procqa-source-n">{tag}</span> '
        f"{html.escape(citation.label)}</div>"
        f'<div class="procqa-source-text">{_highlight(citation.text, citation.quote)}</div>{context}</div>'
    )


def sources_markup(answer: Answer | None, neighbours: Any = None) -> str:
    """The sources panel for the latest answer; `neighbours(pid)` gives paragraphs for "show in context". When
    the proceedings do not say, the closest passages instead, under a heading that says they do not answer."""
    if answer is None:
        return '<div class="procqa-sources-empty">Sources for the latest answer appear here.</div>'
    if answer.outcome == "not_stated" and answer.related:
        cards = "".join(
            _card(c, related_anchor(c.n), f"≈{c.n}", neighbours, " procqa-source-related") for c in answer.related
        )
        heading = (
            f'<div class="procqa-related-heading">{RELATED_TITLE}<div class="procqa-related-hint">Shown for you to '
            "check; the answer cites none of them.</div></div>"
        )
        return heading + cards
    if answer.abstained or not answer.citations:
        return '<div class="procqa-sources-empty">No sources: the proceedings do not cover this question.</div>'
    return "".join(_card(c, source_anchor(c.n), f"[{c.n}]", neighbours) for c in answer.citations)


def documents_markup(documents: Iterable[dict[str, Any]], *, titles: bool = True) -> str:
    """One card per indexed document: title (unless the page title already shows it), number, date, marking."""
    rows = []
    for document in documents:
        meta = document.get("metadata", {})
        facts = [document["id"], meta.get("date", ""), meta.get("place", ""), meta.get("marking", "")]
        fact_line = " · ".join(html.escape(v) for v in facts if v)
        title = f'<div class="procqa-doc-title">{html.escape(document.get("title", ""))}</div>' if titles else ""
        rows.append(
            f'<div class="procqa-doc">{title}'
            f'<div class="procqa-doc-facts">{fact_line} · {int(document.get("paragraphs", 0))} paragraphs</div></div>'
        )
    return "".join(rows) or '<div class="procqa-doc">No documents are indexed yet: run <code>procqa index</code>.</div>'
