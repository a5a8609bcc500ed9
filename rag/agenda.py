"""A meeting's agenda: the numbered sections of its outcome of proceedings ("1(a) Information sharing, including
battlefield information, PNR and aviation security", ..., "5 Priorities of the incoming Austrian Presidency"),
each cited to the first paragraph under it. Asked for as such ("What was on the agenda?", "Which topics were
covered at Helsinki?"), no one sentence answers: the document's structure does."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.records import ParagraphView
from rag.text import split_sentences

# The agenda asked for whole, with nothing after it but a meeting ("What was on the agenda?", "What items were on
# the agenda?", "List the agenda items", "Which topics were covered?"). "Was election security on the agenda?" and
# "Which topics were discussed under transnational organised crime?" ask about one matter.
# (Never a topic after the meeting: "What was agreed at the meeting on PNR?" asks about PNR.)
WHOLE = r"\s*(?:(?:at|during|in)\s+(?:the\s+)?(?:(?!(?:on|about|regarding|concerning|over)\b)[\w,.-]+\s*){0,6})?\W*$"
_DEALT_WITH = r"deal\s+with|dealt\s+with|tackle|tackled|go\s+over|gone\s+over|look\s+at|looked\s+at"
_AGENDA_ASKED = (
    re.compile(
        rf"^\W*(?:(?:so|and|ok(?:ay)?),?\s+)?(?:what|which)\s+(?:\w+\s+){{0,2}}?(?:was|were|is|are)\s+on\s+"
        rf"(?:(?:the|its|their)\s+agenda|the\s+table){WHOLE}",
        re.I,
    ),
    re.compile(
        rf"^\W*(?:what|which)\s+(?:was|were)\s+the\s+(?:agenda|agenda\s+items|items\s+on\s+the\s+agenda){WHOLE}", re.I
    ),
    re.compile(
        rf"^\W*(?:please\s+)?(?:list|give\s+me|show\s+me|show)\s+(?:the\s+)?(?:agenda|agenda\s+items){WHOLE}", re.I
    ),
    # "What were the main topics?", "What were the topics discussed?"
    re.compile(
        r"^\W*(?:what|which)\s+(?:was|were)\s+the\s+(?:main\s+|key\s+|major\s+|principal\s+)?(?:topics|items|subjects"
        rf"|themes)(?:\s+(?:discussed|covered|addressed|of\s+(?:the\s+)?(?:meeting|discussions?)))?{WHOLE}",
        re.I,
    ),
    re.compile(
        r"^\W*(?:what|which)\s+(?:topics|items|issues|subjects|matters|points)\s+(?:were|did\s+(?:they|the\s+\w+))\s+"
        rf"(?:\w+\s+)?(?:covered|discussed|addressed|taken\s+up|cover|discuss|address|take\s+up|{_DEALT_WITH}){WHOLE}",
        re.I,
    ),
    # "What subjects came up in Bucharest?"
    re.compile(r"^\W*(?:what|which)\s+(?:topics|items|issues|subjects|matters)\s+came\s+up" + WHOLE, re.I),
)
# A numbered section ("1(a) ...", "5 ...") is an item of the meeting's agenda; the Header, Summary, Introduction and
# the annexed statement are not.
_NUMBERED = re.compile(r"^\d+(?:\([a-z]\))?\s+\S")


# How many items: "How many topics were on the agenda?", "How many items did the agenda have?"
_HOW_MANY_ITEMS = re.compile(
    r"^\W*how\s+many\s+(?:topics|items|points|subjects)\s+(?:were|was|are|did)\s+(?:on|in|there\s+on|the)\s+"
    rf"(?:the\s+)?agenda(?:\s+(?:have|contain|include))?{WHOLE}",
    re.I,
)


def asks_for_the_agenda(question: str) -> bool:
    return any(pattern.search(question) for pattern in _AGENDA_ASKED) or asks_how_many_items(question)


def asks_how_many_items(question: str) -> bool:
    return bool(_HOW_MANY_ITEMS.search(question))


def agenda_items(views: Iterable[ParagraphView]) -> list[tuple[str, ParagraphView, str]]:
    """(item, the first paragraph under it, that paragraph's first sentence) for each numbered section of one
    document, in order: its agenda as the proceedings record it."""
    items: dict[str, tuple[str, ParagraphView, str]] = {}
    for view in sorted(views, key=lambda v: v.number):
        if _NUMBERED.match(view.section) and view.section not in items:
            sentences = split_sentences(view.text)
            items[view.section] = (f"{view.section}.", view, sentences[0] if sentences else view.text)
    return list(items.values())
