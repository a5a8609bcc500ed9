"""HTML for the chat UI. Every piece of user or document text passes through html.escape before any markup of
ours is added, so a document or question containing <script> or HTML shows as text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from rag.contract import Answer, Citation, Evidence
from rag.text import MARKER, printable


def source_anchor(key: int, n: int) -> str:
    """The id of source card [n] of answer `key`: every answer of the conversation keeps its own cards, so a
    footnote of an older answer opens that answer's source, not the latest answer's."""
    return f"procqa-src-{key}-{n}"


def related_anchor(key: int, n: int) -> str:
    return f"procqa-rel-{key}-{n}"


RELATED_TITLE = "Closest passages (they do not answer this)"


def answer_markup(text: str, citations: Iterable[Citation] = (), key: int = 0) -> str:
    """The answer with each [n] as a footnote link to its source card (the cards of answer `key`)."""
    labels = {c.n: c.label for c in citations}

    def footnote(match: re.Match[str]) -> str:
        n = int(match.group(1))
        title = html.escape(labels.get(n, ""), quote=True)
        return f'<a class="procqa-fn" href="#{source_anchor(key, n)}" data-n="{n}" title="{title}">[{n}]</a>'

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


def not_stated_markup(answer: Answer | Evidence, key: int = 0) -> str:
    """The proceedings hold related passages but do not answer: the "do not say" sentence, then the closest
    passages, each a link to its card in the sources panel. Nothing here is asserted, so there are no markers.
    One line of HTML: the chat's Markdown renderer leaves an HTML block alone until a blank line."""
    items = "".join(
        f'<li><a class="procqa-rel" href="#{related_anchor(key, c.n)}" data-n="{c.n}">{html.escape(c.label)}</a>'
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


def final_markup(answer: Answer, key: int = 0, notice: str = "") -> str:
    """A finished answer (the `key`th of the conversation): footnoted; or, when the proceedings do not say, the
    sentence and the closest passages; or, when nothing is related at all, styled as a plain abstention; with its
    note, a `notice` from the UI, a Copy link and, hidden, the plain text that link copies."""
    extra = f'<div class="procqa-note">{html.escape(notice, quote=False)}</div>' if notice else ""
    return _body(answer, key) + note_markup(answer) + extra + copy_markup(plain_text(answer))


def _body(answer: Answer | Evidence, key: int) -> str:
    if answer.outcome == "not_stated":
        return not_stated_markup(answer, key)
    if answer.abstained:
        return abstention_markup(answer.answer)
    return answer_markup(answer.answer, answer.citations, key)


EVIDENCE_BADGE = "Quoted from the proceedings · the answer is being written"
EVIDENCE_HINT = "Quoted from the proceedings while the answer is written; the answer's own sources replace these."


def evidence_markup(evidence: Evidence, key: int = 0) -> str:
    """The extractive reading (the stream's first item), shown at once while a language model writes its answer,
    which replaces it: footnoted like an answer, or the "not stated" sentence and the closest passages."""
    badge = f'<div class="procqa-evidence-badge">{EVIDENCE_BADGE}<span class="procqa-dots"></span></div>'
    return f'<div class="procqa-evidence">{badge}{_body(evidence, key)}</div>'


def draft_markup(text: str) -> str:
    """The model's answer as its statements pass the citation check. Its markers [n] are plain text until the
    answer is complete: the sources panel still shows the evidence's cards, numbered differently."""
    return f'<span class="procqa-draft">{html.escape(text, quote=False)}</span>'


def copy_markup(text: str) -> str:
    """A Copy link and the text it copies, hidden. Newlines as entities: the chat's Markdown renderer would end the
    HTML block at a blank line, and the copied text keeps them all the same."""
    plain = html.escape(text).replace("\n", "&#10;")
    return (
        '<div class="procqa-tools"><a class="procqa-copy" href="#procqa-copy" title="Copy this answer as text, '
        f'with its sources">Copy</a></div><div class="procqa-plain">{plain}</div>'
    )


def plain_text(answer: Answer) -> str:
    """The answer as plain text for the clipboard: the text with its [n] markers, then each source by label and
    quote (or, when the proceedings do not say, the closest passages, marked as not an answer)."""
    lines = [answer.answer]
    if answer.note:
        lines += ["", answer.note]
    if answer.citations:
        lines += ["", "Sources:"] + [f'[{c.n}] {_label(c)}: "{_one_line(c.quote)}"' for c in answer.citations]
    if answer.outcome == "not_stated" and answer.related:
        lines += ["", "Closest passages (not an answer):"]
        lines += [f'- {_label(c)}: "{_one_line(c.quote)}"' for c in answer.related]
    return "\n".join(lines)


def _meeting(citation: Citation) -> str:
    """The citation's meeting label, when it has one that its label does not already name (the engine's labels
    start with the meeting; a label from elsewhere may not)."""
    meeting = citation.meeting.label if citation.meeting else ""
    return "" if meeting in citation.label else meeting


def _label(citation: Citation) -> str:
    meeting = _meeting(citation)
    return f"{citation.label} ({meeting})" if meeting else citation.label


def error_markup(text: str) -> str:
    return f'<span class="procqa-error">Error: {html.escape(printable(text), quote=False)}</span>'


def question_markup(text: str) -> str:
    """The person's question as the chat shows it: escaped, and encodable even when it holds a lone surrogate
    (the engine refuses such a question; the chat still shows it, with U+FFFD, next to the error)."""
    return html.escape(printable(text))


def _highlight(text: str, quote: str) -> str:
    """Escape the paragraph and wrap the quoted sentence(s) in <mark>: the quote whole where the paragraph holds
    it, else each part of it; parts with only space between them make one mark, so a sentence that a split took
    for two (at "U.S.", "Art.") is marked unbroken."""
    spans: list[tuple[int, int]] = []
    parts = [quote.strip()] if quote.strip() in text else re.split(r"(?<=[.!?])\s+|\n| … ", quote)
    for part in filter(None, (p.strip() for p in parts)):
        at = text.find(part)
        if at >= 0:
            spans.append((at, at + len(part)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, cursor = [], 0
    for start, end in merged:
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
    around = list(neighbours(citation.id)) if neighbours else []
    if any(p.id != citation.id for p in around):
        # In document order, the cited paragraph in its place (marked), so the reader sees ¶8, ¶9, ¶10.
        rows = "".join(
            f'<div class="procqa-context-row{" procqa-context-self" if p.id == citation.id else ""}">'
            f'<div class="procqa-context-label">{html.escape(p.label)}'
            f"{' · this paragraph' if p.id == citation.id else ''}</div>"
            f"<div>{html.escape(p.text).replace(chr(10), '<br>')}</div></div>"
            for p in around
        )
        context = f'<details class="procqa-context"><summary>Show in context</summary>{rows}</details>'
    meeting = _meeting(citation)
    meeting_line = f'<div class="procqa-source-meeting">{html.escape(meeting)}</div>' if meeting else ""
    return (
        f'<div class="procqa-source{kind}" id="{anchor}">'
        f'<div class="procqa-source-label"><span class="procqa-source-n">{tag}</span> '
        f"{html.escape(citation.label)}</div>{meeting_line}"
        f'<div class="procqa-source-text">{_highlight(citation.text, citation.quote)}</div>{context}</div>'
    )


EMPTY_SOURCES = '<div class="procqa-sources-empty">Sources for the latest answer appear here.</div>'


def sources_markup(answer: Answer | Evidence | None, neighbours: Any = None, key: int = 0) -> str:
    """The source cards of one answer (the `key`th); `neighbours(pid)` gives paragraphs for "show in context".
    When the proceedings do not say, the closest passages instead, under a heading that says they do not answer."""
    if answer is None:
        return EMPTY_SOURCES
    if answer.outcome == "not_stated" and answer.related:
        cards = "".join(
            _card(c, related_anchor(key, c.n), f"≈{c.n}", neighbours, " procqa-source-related") for c in answer.related
        )
        heading = (
            f'<div class="procqa-related-heading">{RELATED_TITLE}<div class="procqa-related-hint">Shown for you to '
            "check; the answer cites none of them.</div></div>"
        )
        return heading + cards
    if answer.abstained or not answer.citations:
        return '<div class="procqa-sources-empty">No sources: the proceedings do not cover this question.</div>'
    return "".join(_card(c, source_anchor(key, c.n), f"[{c.n}]", neighbours) for c in answer.citations)


def source_group(key: int, question: str, cards: str) -> str:
    """One answer's cards under the question they answer. The panel holds a group per answer and shows one: the
    latest, or the one whose footnote was clicked (the page's script switches)."""
    return (
        f'<div class="procqa-group" data-answer="{key}" id="procqa-group-{key}">'
        f'<div class="procqa-group-heading">Sources of answer {key + 1}: {html.escape(_one_line(question))}</div>'
        f"{cards}</div>"
    )


def sources_panel(groups: list[str]) -> str:
    """Every answer's group, the latest shown (CSS hides the others until a footnote of theirs is clicked)."""
    if not groups:
        return EMPTY_SOURCES
    return "".join(groups[:-1]) + groups[-1].replace('class="procqa-group"', 'class="procqa-group procqa-shown"', 1)


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


def answering_markup() -> str:
    """The reply's place while the answer is being worked on."""
    return '<span class="procqa-answering">Answering<span class="procqa-dots"></span></span>'


def status_markup(text: str, ok: bool = True) -> str:
    """A line under the documents panel saying what an upload or removal did."""
    kind = "procqa-status-ok" if ok else "procqa-error"
    return f'<div class="procqa-status {kind}">{html.escape(printable(text), quote=False)}</div>'


def under_box_markup(limit: int, refusal: str = "") -> str:
    """Under the question box: the character counter (the page's script keeps it current) and, when a question
    was not sent, why."""
    why = f'<div class="procqa-refusal">{error_markup(refusal)}</div>' if refusal else ""
    return f'<span id="procqa-count">0 / {limit:,}</span>{why}'
