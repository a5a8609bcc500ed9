"""A comparison of the sides of a meeting ("Compare what the EU and US said about terrorist content online", "What
did each side say about PNR?"): one question per side, each read on its own by the engine and given side by side.
Read as a whole, such a question was answered with one side's sentence (the nearer one) or refused: no single
passage says both."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.contract import Turn
from rag.reader.constraints import speaking
from rag.reader.gazetteer import side_mentions

# The question asks for a comparison itself, not a clause before it ("Given that the US and EU regimes differ,
# what ...?" asks something else).
_ASKS = re.compile(
    r"^\s*(?:compare|contrast|how|what|where|which|in\s+what|on\s+what|did|do|does|were|was|is|are)\b", re.I
)
# A comparison word with the side it compares with: "differ", "compare with the Europeans'", "differences".
_COMPARISON = re.compile(
    r"\s*\b(?:compar\w*|contrast\w*|differ\w*|diverg\w*|versus|vs\.?)"
    r"(?:\s+(?:with|to|from|against)\s+(?:(?:that|those)\s+of\s+)?(?:the\s+)?[A-Z][\w.]*(?:['’]s?)?)?",
    re.I,
)
# Each side asked about in turn: "What did each side say about PNR?" ("each side" stands for every side).
_EACH_SIDE = re.compile(r"\b(?:each|either)\s+(?:side|delegation|party)\b", re.I)
# Sides named and then "each": "What did the EU and the US each say about CBRN?".
# ("promise each other" is what they did together.)
_EACH = re.compile(r"\beach\b(?!\s+other\b)", re.I)
# The sides named together without naming them: "the two sides", "both delegations", "the sides' positions".
_THE_SIDES = re.compile(r"\b(?:the\s+two|both|the)\s+(?:sides|delegations|parties)\b", re.I)
# What the question is about, after who spoke: "... said about terrorist content online".
_TOPIC = re.compile(
    r"\b(?:about|on|regarding|concerning|over|towards?|as\s+regards|in\s+relation\s+to|with\s+regard\s+to"
    # ("How does the EU approach to migration differ from the US one?")
    r"|(?<=approach\s)to|(?<=approaches\s)to|(?<=attitude\s)to|(?<=response\s)to)\s+"
    r"(?P<topic>\S.*?)(?:\s+(?:one|ones)\b)?\W*$",
    re.I,
)


def side_name(party: str) -> str:
    """How a question names a side: "the EU", "the US", "Canada"."""
    return f"the {party}" if party.isupper() else party


def side_questions(question: str, meeting_sides: Callable[[], list[str]]) -> list[tuple[str, str]] | None:
    """(side, the question asked of that side) for a question that compares the sides, in the order it names
    them; None for any other question. `meeting_sides` gives the sides of the meetings asked about: who "each side"
    and "the two sides" are (looked up only for a question that needs them)."""
    if _EACH_SIDE.search(question):
        # "What laws did each side describe on ...?": the question asked of each side, in its own words.
        sides = meeting_sides()
        return [(s, _EACH_SIDE.sub(side_name(s), question, count=1)) for s in sides] if len(sides) > 1 else None
    if not _ASKS.match(question):
        return None
    plain = _COMPARISON.sub(" ", question)
    mentions = side_mentions(question)
    named = list(dict.fromkeys(party for _, party in mentions))
    compares = plain != question or _EACH.search(question) is not None
    if not compares:
        return None
    asked_of = named if len(named) > 1 else meeting_sides() if _THE_SIDES.search(question) else []
    if len(asked_of) < 2:
        return None
    # What was said follows who said it: the first "about"/"on" after the first side named.
    starts = [m.start() for m, _ in side_mentions(plain)] + [m.start() for m in _THE_SIDES.finditer(plain)]
    topic = _TOPIC.search(plain, min(starts)) if starts else None
    about = re.sub(r"\s+", " ", _EACH.sub(" ", topic["topic"])).strip(" ?.!") if topic else ""
    if not about:
        return None
    return [(side, f"What did {side_name(side)} say about {about}?") for side in asked_of]


# The meeting an answer's part is from, before what it says: "At Helsinki, 10-11 December 2019: ".
_HEADING = re.compile(r"^At [^:]{3,80}:\s+")
# A side named by the one asked about before: "And the other side?", "What did the other delegation want?".
_OTHER_SIDE = re.compile(r"\b(?:the\s+)?other\s+(?:side|delegation|party)\b(?!s)", re.I)


def other_side_named(question: str, turns: Sequence[Turn], meeting_sides: Callable[[], list[str]]) -> str:
    """`question` with "the other side" named, where the conversation last asked about one side, or was last
    answered with what one side said, and the meetings have one other ("And the other side?" after "What did the
    EU say about PNR?", or after an answer saying what the EU delegation reported -> "And the US?"; asked again,
    the EU once more); else unchanged."""
    said = _OTHER_SIDE.search(question)
    if said is None or not turns:
        return question
    sides = meeting_sides()
    if len(sides) != 2:
        return question
    turned = 0  # questions since that one which asked about "the other side" in turn
    answers = [t.content for t in turns if t.role == "assistant"]
    for back, asked in enumerate(reversed([t.content for t in turns if t.role == "user"])):
        if _OTHER_SIDE.search(asked):
            turned += 1
            continue
        named = {party for _, party in side_mentions(asked)}
        if not named and back == 0 and answers:
            named = set(speaking(_HEADING.sub("", answers[-1]), frozenset(sides)))  # who the answer says spoke
        if len(named) != 1 or not named <= set(sides):
            return question
        (first,) = named
        last = first if turned % 2 == 0 else _other(first, sides)
        return f"{question[: said.start()]}{side_name(_other(last, sides))}{question[said.end() :]}"
    return question


def _other(side: str, sides: list[str]) -> str:
    return sides[1] if side == sides[0] else sides[0]
