"""What a meeting agreed, where its sides differed, and what one side asked for, asked for whole ("What was agreed?",
"Where did they disagree?", "What issues remain open?", "What did the US ask for?"): no one sentence answers, every
sentence of the proceedings that states an agreement, a difference between the sides, or that side's request, does,
each cited to its paragraph. (Asked about one matter, "What
did they agree on PNR?", the reader answers: rag/reader/answer_types.py, "decision" and the divergence requests.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rag.agenda import WHOLE
from rag.reader.answer_types import DIVERGENCE_STATED
from rag.reader.constraints import subject_of
from rag.reader.gazetteer import EU_MEMBERS, parties_in, party_of
from rag.reader.statements import states_a_decision
from rag.records import ParagraphView
from rag.text import split_sentences

# Nothing after what is asked but a meeting (rag/agenda.py WHOLE): "What was agreed at the Helsinki meeting?"
# ("What was agreed on PNR?" asks about one matter).
_SIDES = (
    r"(?:they|(?:the\s+two|both)\s+(?:sides|delegations|parties)|the\s+(?:two\s+)?(?:sides|delegations|ministers"
    r"|participants|parties|EU\s+and\s+(?:the\s+)?(?:US|U\.S\.|United\s+States|Americans))"
    # ("What did the Helsinki ministerial agree?": the meeting agrees as those at it do; its place is scoped away)
    r"|the\s+(?:meeting|ministerial|conference))"
)
# "Give me the key decisions", "List the main agreements": asked as a request rather than a question.
_REQUEST = r"^\W*(?:please\s+)?(?:give\s+me|list|tell\s+me|show\s+me|name|sum(?:marise|marize|\s+up))\s+(?:the\s+)?"
_WEIGHTY = r"(?:(?:main|key|major|principal|important|concrete|specific)\s+)?"
_AGREED_ASKED = (
    re.compile(
        rf"^\W*(?:(?:and|so)\s+)?what\s+(?:was|were|has\s+been|have\s+been)\s+(?:agreed|decided)(?:\s+(?:up)?on)?{WHOLE}",
        re.I,
    ),
    re.compile(
        # (what they committed to or pledged is what they agreed: "What did both sides commit to at the end?")
        rf"^\W*(?:(?:and|so)\s+)?what\s+(?:did|do|have|has)\s+{_SIDES}\s+(?:(?:agree|decide)d?(?:\s+(?:up)?on|\s+to\s+do)?"
        rf"|commit(?:ted)?\s+(?:themselves\s+)?to(?:\s+do)?|pledged?|promised?){WHOLE}",
        re.I,
    ),
    re.compile(
        r"^\W*(?:what|which)\s+(?:(?:were|are)\s+the\s+)?(?:decisions|agreements|conclusions)(?:\s+(?:were|was)\s+)?"
        rf"(?:\s*(?:taken|made|reached|adopted))?{WHOLE}",
        re.I,
    ),
    # (with a weight word: "What were the key decisions?"; "the main conclusions" stay the Summary's, an overview)
    re.compile(
        rf"(?:^\W*(?:what|which)\s+(?:were|are)\s+the\s+|{_REQUEST}){_WEIGHTY}(?:decisions|agreements)"
        rf"(?:\s+(?:were\s+|was\s+)?(?:taken|made|reached|adopted))?{WHOLE}",
        re.I,
    ),
    re.compile(
        rf"^\W*(?:was|were)\s+(?:anything|any\s+(?:decisions?|agreements?))\s+(?:agreed|decided|reached){WHOLE}", re.I
    ),
)
_DIFFERED_ASKED = (
    re.compile(
        rf"^\W*(?:where|on\s+what|on\s+which\s+(?:issues|points|topics|matters))\s+(?:did|do|does)\s+{_SIDES}\s+"
        rf"(?:disagree|differ|diverge){WHOLE}",
        re.I,
    ),
    re.compile(
        rf"^\W*(?:what|which\s+(?:issues|points|topics|matters))\s+(?:did|do)\s+{_SIDES}\s+(?:disagree|differ)\s+"
        rf"(?:on|about|over){WHOLE}",
        re.I,
    ),
    re.compile(
        rf"{_REQUEST}{_WEIGHTY}(?:disagreements|differences|divergences|sticking\s+points|open\s+issues){WHOLE}",
        re.I,
    ),
    re.compile(
        r"^\W*(?:what|which)\s+(?:(?:were|are)\s+the\s+)?(?:disagreements|differences|divergences|sticking\s+points"
        rf"|points\s+of\s+(?:disagreement|contention))(?:\s+(?:were\s+there|remain(?:ed)?|emerged|came\s+up))?{WHOLE}",
        re.I,
    ),
    re.compile(
        r"^\W*(?:what|which)\s+(?:issues|questions|matters|points)\s+(?:remain(?:ed)?|were\s+left|are\s+(?:still\s+)?)"
        rf"\s*(?:open|unresolved|outstanding){WHOLE}",
        re.I,
    ),
    re.compile(rf"^\W*what\s+(?:was|is|remains?)\s+(?:left\s+)?(?:open|unresolved|outstanding){WHOLE}", re.I),
    re.compile(rf"^\W*(?:were|was)\s+there\s+any\s+(?:disagreements?|differences|divergences?){WHOLE}", re.I),
)


# What one side asked for, asked for whole: "What did the US ask for at Bucharest?", "What did the EU call for?".
_SOUGHT_WHOLE = re.compile(
    r"^\W*(?:(?:and|so)\s+)?what\s+(?:else\s+)?(?:did|does|do|has|have)\s+(?:the\s+)?"
    r"(?P<side>(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*))?)(?:\s+(?:side|delegation))?\s+"
    rf"(?:ask(?:ed)?(?:\s+for)?|call(?:ed)?\s+for|request(?:ed)?|demand(?:ed)?|urged?|(?:press|push)(?:ed)?\s+for){WHOLE}",
    re.I,
)
# A sentence stating what its subject asked for (not how much it stressed something: that is no request listed).
_ASKED_FOR = re.compile(
    r"\b(?:call(?:ed|s)?\s+(?:for|on|upon)|ask(?:ed|s)?|urg(?:ed|es)|request(?:ed|s)?|insist(?:ed|s)?|press(?:ed|es)?\s+for"
    r"|demand(?:ed|s)?|propos(?:ed|es))\b",
    re.I,
)


def side_asked_for_whole(question: str) -> str | None:
    """The side whose requests a question asks for whole ("What did the US ask for?" -> "US"); None otherwise."""
    found = _SOUGHT_WHOLE.search(question)
    return party_of(found["side"]) if found else None


def requested_by(side: str) -> Callable[[Iterable[ParagraphView]], list[tuple[ParagraphView, str]]]:
    """(paragraph, sentence) for each sentence of one document in which that side, its subject, asks for something
    ("The US delegation urged the Member States to repatriate ...", "The Romanian Presidency ... asked for a clear
    timetable" for the EU side); both sides asking is no one side's request."""

    def by_the_side(sentence: str) -> bool:
        speakers = parties_in(subject_of(sentence))
        members = EU_MEMBERS if side == "EU" else frozenset()
        return side in speakers and not (speakers - {side} - members) and bool(_ASKED_FOR.search(sentence))

    return lambda views: _sentences(views, by_the_side)


# The joint statement asked for whole: "What does the joint statement say?", "What was the press statement about?",
# "Summarise the joint statement" (one matter of it, "... say about PNR?", is the reader's).
_STATEMENT = r"(?:the\s+)?(?:joint\s+)?(?:press\s+)?(?:statement|communiqu[eé]|declaration)"
_STATEMENT_ASKED = re.compile(
    rf"^\W*(?:(?:and|so)\s+)?(?:what\s+(?:does|did|do)\s+{_STATEMENT}\s+(?:say|cover|contain)"
    rf"|what\s+(?:is|was)\s+{_STATEMENT}\s+about|what\s+(?:is|was)\s+in\s+{_STATEMENT}"
    rf"|(?:please\s+)?(?:summari[sz]e|sum\s+up|give\s+me\s+(?:an?\s+)?(?:overview|summary)\s+of)\s+{_STATEMENT}){WHOLE}",
    re.I,
)
# What a joint statement's paragraph says the sides did (its dateline and who represented whom aside).
_STATED_TOGETHER = re.compile(
    r"\b(?:discussed|exchanged|agreed|committed|reaffirmed|stressed|emphasi[sz]ed|acknowledged|took\s+stock"
    r"|welcomed|affirming)\b",
    re.I,
)


def asks_what_the_statement_says(question: str) -> bool:
    return bool(_STATEMENT_ASKED.search(question))


def statement_topics(views: Iterable[ParagraphView]) -> list[tuple[ParagraphView, str]]:
    """(paragraph, sentence) for the first sentence of each paragraph of one document's joint statement that says
    what the sides did together ("The European Union and the United States discussed ..."), in order: what the
    statement is about, as the document's Summary is what the meeting was about."""
    firsts: dict[str, tuple[ParagraphView, str]] = {}
    for view, sentence in _sentences(views, lambda sentence: bool(_STATED_TOGETHER.search(sentence))):
        if "statement" in view.section.lower() and "represented by" not in sentence:
            firsts.setdefault(view.id, (view, sentence))
    return list(firsts.values())


def asks_what_was_agreed(question: str) -> bool:
    return any(pattern.search(question) for pattern in _AGREED_ASKED)


def asks_where_they_differed(question: str) -> bool:
    return any(pattern.search(question) for pattern in _DIFFERED_ASKED)


def agreed(views: Iterable[ParagraphView]) -> list[tuple[ParagraphView, str]]:
    """(paragraph, sentence) for each sentence of one document that states what was agreed or decided, in order
    (the header and Summary aside: they record the meeting, not its decisions)."""
    return _sentences(views, states_a_decision)


def differed(views: Iterable[ParagraphView]) -> list[tuple[ParagraphView, str]]:
    """(paragraph, sentence) for each sentence of one document that states where the sides differ, in order."""
    return _sentences(views, lambda sentence: bool(DIVERGENCE_STATED.search(sentence)))


def _sentences(views: Iterable[ParagraphView], keep: Callable[[str], bool]) -> list[tuple[ParagraphView, str]]:
    return [
        (view, sentence)
        for view in sorted(views, key=lambda v: v.number)
        if view.number > 0 and view.section.lower() not in ("header", "summary")
        for sentence in split_sentences(view.text)
        if keep(sentence)
    ]
