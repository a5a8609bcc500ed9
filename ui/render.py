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


def final_markup(answer: Answer) -> str:
    """A finished answer: footnoted, or styled as an abstention, with its note."""
    body = abstention_markup(answer.answer) if answer.abstained else answer_markup(answer.answer, answer.citations)
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


def sources_markup(answer: Answer | None, neighbours: Any = None) -> str:
    """The sources panel for the latest answer; `neighbours(pid)` gives paragraphs for "show in context"."""
    if answer is None:
        return '<div class="procqa-sources-empty">Sources for the latest answer appear here.</div>'
    if answer.abstained or not answer.citations:
        return '<div class="procqa-sources-empty">No sources: the proceedings do not cover this question.</div>'
    cards = []
    for citation in answer.citations:
        context = ""
        around = [p for p in (neighbours(citation.id) if neighbours else []) if p.id != citation.id]
        if around:
            rows = "".join(
                f'<div class="procqa-context-row"><div class="procqa-context-label">{html.escape(p.label)}</div>'
                f"<div>{html.escape(p.text).replace(chr(10), '<br>')}</div></div>"
                for p in around
            )
            context = f'<details class="procqa-context"><summary>Show in context</summary>{rows}</details>'
        cards.append(
            f'<div class="procqa-source" id="{source_anchor(citation.n)}">'
            f'<div class="procqa-source-label"><span class="procqa-source-n">[{citation.n}]</span> '
            f"{html.escape(citation.label)}</div>"
            f'<div class="procqa-source-text">{_highlight(citation.text, citation.quote)}</div>{context}</div>'
        )
    return "".join(cards)


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
