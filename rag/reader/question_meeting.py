"""What a question asks of the meeting itself, of a paper of it or of the Council Presidency: whether its subject is
a meeting (named as one, the next one, which one, when it was planned, how long it ran, when someone came or a
matter first came up), a paper or one part of a paper (the joint statement, the outcome section), or who held the
Presidency or chaired the Council; and what a yes-or-no question about the meeting checks (its place, its dates).
`analyse` (rag/reader/question.py) reads these into the `Question`; like the rest of it, they are properties of the
question's form and never pick an answer."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rag.corpus import QUESTION_WORDS
from rag.reader.answer_types import AnswerType
from rag.reader.gazetteer import parties_in
from rag.reader.question_wording import asks_whether
from rag.text import STOPWORDS

if TYPE_CHECKING:
    from rag.reader.question import Constraint

# The question's subject is a meeting: "Where was the ministerial at which ...?", "When did the meeting ... take
# place?" ("When was the evaluation due, meeting by meeting?" asks about the evaluation).
MEETING = re.compile(
    r"\b(?:where|when|which|what)\s+(?:\w+\s+){0,2}?(?:the\s+|that\s+|this\s+)?(?:meeting|ministerial|summit|session)\b",
    re.IGNORECASE,
)
# ("Where was the Sofia meeting supposed to be held?" asks where it had been planned, not the next one.)
NEXT_SAID = re.compile(
    r"\b(next|future|following|follow-up|upcoming|subsequent|later)\b|"
    r"\bmeet again\b|\banother (?:meeting|ministerial)\b",
    re.I,
)
# The next of something other than a meeting: "When is the next review?", "Where will the next drugs dialogue be
# held?" (each meeting's record of the next meeting had answered the first).
NEXT_OTHER = re.compile(
    r"\b(?:next|following|upcoming|subsequent)\s+(?:[\w-]+\s+){0,2}?(?!(?:meetings?|ministerials?|one|conference"
    r"|session|summit|gathering|time|eu|eu-u\.?s\.?)\b)(?:review|evaluation|dialogue|report|exercise|seminar"
    r"|step|steps|stage|phase|presidency)s?\b",
    re.I,
)
# ... or only the tense says so ("Where will the meeting be held?"): not of a meeting the question names, which is
# that one ("Where will the meeting after Bucharest be held?" is Helsinki, held; not what Helsinki announced).
TO_BE_HELD = re.compile(
    r"\b(will|shall|(?<!supposed )(?<!meant )(?<!planned )(?<!scheduled )(?<!intended )to be) (?:be )?"
    r"(?:held|host|hosted|meet)",
    re.I,
)
# The question's subject is a meeting ("When did the ministers meet?") or a paper of it ("What date does the note
# carry?", "When was it issued?"): only then does the meeting's or the paper's date or place answer it. "When was
# that directive approved?" or "What date was fixed for the proposals?" name something else, which neither dates;
# and the joint statement's dateline ("dated Zagreb") is no answer to when or where the ministers met.
MEETING_NAMED = re.compile(
    r"\b(?:meet|meets|meeting|meetings|met|ministerials?|ministers?|gather\w*|get together|got together|talks|"
    r"sessions?|summit|conference|convene\w*|held|hold|holds|take place|took place|takes place|taken place|"
    # ("What happened with aviation security?" speaks of aviation security, not the meeting)
    r"happen\w*(?!\s+(?:with|to|on|about|regarding|concerning|in\s+the\s+\w+\s+(?:discussion|talks))\b)|"
    r"host\w*|venue)\b",
    re.I,
)
# (A paper is named, not only issued: "When was it published?" after a question on the Commission's
# Recommendation asks when the Recommendation was, which no dateline says.)
# ("report" and "note" are papers only after a word that makes them nouns: "When did the group first report?" asks
# when it reported, and had been answered with the outcome document's date.)
PAPER_NAMED = re.compile(
    # ("the outcome on election interference" is what came of a matter, not the outcome of proceedings)
    r"\b(?:documents?|outcome(?!\s+(?:on|regarding|concerning|about|for|with|of\s+the\s+(?:talks|discussions?|debate)))"
    r"|proceedings|papers?|readouts?|statements?|communiqu\w*|declarations?|texts?|"
    r"datelined?|annex\w*)\b|"
    r"\b(?:the|this|that|these|those|a|an|its|their|whole|full|final|outcome|meeting's|council's)\s+(?:[\w-]+\s+)?"
    r"(?:reports?|notes?)\b",
    re.I,
)
# The Council's Presidency, or who chaired, presided over, ran or led the Council: "Which country was chairing the
# Council then?", "Which country presided over the Council?", "Who led the Council then?", "Who was in charge of
# the Council at the time?"
COUNCIL_CHAIRED = re.compile(
    r"\b(?:chair\w*|presid(?:e|es|ed|ing)|run|runs|ran|running|lead|leads|led|leading|head|heads|headed|heading|"
    r"in\s+charge|at\s+the\s+helm)\s+"
    r"(?:over\s+|of\s+)?the\s+(?:eu\s+)?council\b(?!\s+(?:delegations?|side|team)\b)",
    re.I,
)
# Holding the Council Presidency is chairing the Council: "Who held the EU Council presidency at the time?" asks
# for a country (it was answered with the EU's delegation).
PRESIDENCY_HELD = re.compile(
    r"\b(?:held|holds|hold|holding|had|has|have)\s+(?:the\s+)?(?:(?:eu|council|eu's|rotating)\s+){0,2}presidency\b"
    r"|\bpresidency\s+(?:was\s+|is\s+)?in\s+office\b",  # "Which presidency was in office ...?"
    re.I,
)
PRESIDENCY_NAMED = re.compile(rf"\bpresiden(?:cy|cies)\b|{COUNCIL_CHAIRED.pattern}", re.I)
STATEMENT_NAMED = re.compile(r"\b(?:statements?|communiqu\w*|declarations?|datelined?|annex\w*)\b", re.I)
# The question asks about what is still to come, from the meeting's point of view.
FUTURE = re.compile(r"\b(?:will|shall|going to|is to|are to)\b", re.I)
# "When does it begin?" asks, as "will" does, when something starts or ends that had not yet when the document was
# written (the incoming Presidency, an agreement's term) -- unless it is the meeting ("When does the meeting start?").
STARTS = re.compile(
    r"\b(?:does|do)\s+(?:[\w'-]+\s+){0,4}?(?:begin|start|end|expire|run out|take over|take effect|come into force)\b",
    re.I,
)
# The first time a matter came up ("When was e-evidence first discussed?", "When did they first talk about PNR?",
# "the first time PNR came up"): where several meetings answer, the oldest one does (rag/scope.py).
FIRST_TIME = re.compile(
    r"\b(?:first|initially|originally)\s+(?:\w+ed|raised|discussed|said|brought up|put|c[oa]me up|taken up"
    r"|talk|discuss|mention|raise|bring up|come up|appear|address|arise|say|speak)\b"
    r"|\b(?:the|for\s+the)\s+first\s+time\b"
    # ("What was the first meeting where the CLOUD Act came up?": the first to speak of a matter)
    r"|\bfirst\s+(?:[\w-]+\s+)?(?:meeting|ministerial)\s+(?:where|at\s+which|in\s+which|that\s+(?:discussed|mentioned))\b",
    re.I,
)
_WHICH_OF = r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:meeting|ministerial|summit|session)"
WHICH_MEETING = re.compile(rf"{_WHICH_OF}\b(?!s)", re.I)
WHICH_MEETINGS = re.compile(rf"{_WHICH_OF}s?\b", re.I)  # ... or which of them, several ("Which meetings ...?")
# How long something went on ("How long did the meeting last?"), not "how long ago".
HOW_LONG = re.compile(
    r"\bhow\s+long\b(?!\s+ago)(?=.*\b(?:last\w*|run|ran|go\s+on|went\s+on|take|took|continu\w*)\b)", re.I
)
# A word that may stand for the meeting a conversation is about: "In which country was that?"
IT = re.compile(r"\b(?:that|it|this|there|then)\b", re.I)
# A part of a document named as where something is said ("What does the joint statement say about ...?", "in the
# outcome section"): it says where to look (`Question.part`), not what the answer must say.
# (What people call it too: "the joint press release", "the communiqué".)
_STATEMENT_PART = (
    r"joint\s+(?:press\s+)?(?:statement|text|declaration|release|communiqu[eé])|annex(?:ed)?(?:\s+(?:statement|text))?"
    r"|press\s+release|communiqu[eé]"
)
_OUTCOME_PART = (
    r"outcome\s+(?:section|document|note|paper|report|of\s+(?:the\s+)?proceedings)|(?:this|that|the)\s+section"
)
DOCUMENT_PART = re.compile(rf"\b(?:{_STATEMENT_PART}|{_OUTCOME_PART})\b", re.I)
PARTS = {
    "statement": re.compile(rf"\b(?:{_STATEMENT_PART})\b", re.I),
    "outcome": re.compile(rf"\b(?:{_OUTCOME_PART})\b", re.I),
}
_MONTH_NAMES = frozenset(calendar.month_name[1:])
WHEN_CAME = re.compile(
    r"^\W*when\s+(?:did|was|were|had|has)\s+(?-i:[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+)+)\s+"
    r"(?:attend|come|represent|take\s+part|participate|travel|go|visit|been)\b",
    re.I,
)
# What had been planned, not what happened: "Where was the 2020 meeting originally supposed to be?" (Zagreb; it was
# held by video conference).
PLANNED = re.compile(
    r"\b(?:originally|initially|first)\s+(?:\w+\s+)?(?:planned|scheduled|supposed|meant|due|intended|set)\b|"
    r"\b(?:supposed|meant|scheduled|planned|intended)\s+to\b|\b(?:had|have|has)\s+been\s+(?:planned|scheduled)\b",
    re.I,
)


# Whether anyone came: "Did the incoming presidency send anyone to Sofia?", "Was anyone from the Commission there?".
_ANYONE = re.compile(r"\b(?:anyone|anybody|someone|somebody)\b", re.I)
_ANYONE_FROM = re.compile(
    r"\W*(?:was|were)\s+(?:there\s+)?(?:anyone|anybody|someone|somebody)\s+from\b[^,;]*\W*$", re.I
)
_CAME = ("send", "sent", "attend", "attended", "there", "present", "come", "came", "join", "joined")


# A side or country asked whether it was there ("Was Canada at the meeting?", "Were the Americans?" once the scope
# took out "in Ottawa"): whether anyone came for it. (Not "Was Croatia in the Visa Waiver Programme?")
_PARTY_THERE = re.compile(
    r"^\W*(?i:and\s+)?(?i:was|were)\s+(?i:the\s+)?(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s*"
    r"(?i:(?:there|present)\b|(?:at|in)\s+(?:the\s+|this\s+|that\s+)?(?:meeting|ministerial|talks|conference)\b|\W*$)"
)


def anyone_came(text: str) -> str:
    """The verb of coming in a yes-or-no question whether anyone came ("Did the Austrians send anyone?" -> "send"),
    or ""."""
    if (named := _PARTY_THERE.match(text)) and parties_in(named["who"]):
        return "there"  # ("Was Canada at the Sofia meeting?" had been "... negotiations between the EU and Canada")
    if not (asks_whether(text) and _ANYONE.search(text)):
        return ""
    said = re.findall(r"[a-z]+", text.lower())
    # ("Was anyone from Finland at the Helsinki meeting?" is "Was anyone from Finland?" once its meeting is read)
    return next((word for word in said if word in _CAME), "there" if _ANYONE_FROM.match(text) else "")


def of_the_meeting_itself(text: str) -> bool:
    """Whether a question asks only whether or which the meeting was (held, took place): "Was the meeting?" is what
    is left of "Was the meeting in Sofia?" once the words naming the meeting are taken out, and those words are what
    it asks."""
    rest = MEETING_NAMED.sub(" ", text)
    left = [w for w in re.findall(r"[a-z]+", rest.lower()) if w not in STOPWORDS and w not in QUESTION_WORDS]
    # ("Which meeting was held in Sofia?" asks which meeting the words name, as "Was the meeting in Sofia?" does.)
    asks = asks_whether(text) or bool(WHICH_MEETING.search(text))
    return asks and bool(MEETING_NAMED.search(text)) and not left


def checked_place(constraint: Constraint, text: str) -> bool:
    """Whether a side's name stands in a question as a place ("in Brussels", "at Washington")."""
    place = rf"\b(?:in|at)\s+(?:the\s+)?{re.escape(constraint.text)}\b"
    return constraint.kind == "party" and bool(re.search(place, text, re.I))


_NEXT_WORDS = re.compile(r"\b(?:next|following|upcoming|subsequent|again|another|going\s+to)\b", re.I)


def verified_of_the_meeting(text: str, constraints: Iterable[Constraint]) -> frozenset[AnswerType]:
    """What a yes-or-no question about the meeting itself checks: "Did they meet in Sofia?" its place, "Was it held
    in May 2018?" its dates. The meeting's own place or dates answer it (they confirm or correct it)."""
    named = [c for c in constraints if c.kind != "party" or c.text[:1].isupper()]
    rest = text
    for constraint in named:
        rest = rest.replace(constraint.text, " ")
    # The next meeting's place or dates are checked alike: "Will the next meeting be in Brussels?" (its record
    # confirms or corrects it: "... in Washington, D.C.").
    rest = _NEXT_WORDS.sub(" ", rest)
    if not named or not of_the_meeting_itself(rest):
        return frozenset()
    dated = any(c.kind == "figure" or c.text.capitalize() in _MONTH_NAMES for c in named)
    return frozenset({"date"}) if dated else frozenset({"place"})


# Where or when something is held, and what: "Where was the table-top exercise held?" asks of an exercise, "Where
# will the next drugs dialogue take place?" of a dialogue; neither is the meeting (both had the meeting's place).
_HELD_SUBJECT = re.compile(
    r"\b(?:where|when)\s+(?:was|were|is|are|will|would|did|does|do|had|has|have)\s+"
    r"(?P<subject>(?:the|a|an|this|that|its|their)\s+[\w\s'-]{1,60}?)\s+(?:be\s+|been\s+)?"
    r"(?:held|hold|take\s+place|took\s+place|taken\s+place|happen\w*|organi[sz]ed|convened)\b",
    re.I,
)
_GATHERING_WORDS = frozenset(
    {"meeting", "ministerial", "summit", "conference", "session", "gathering", "talks", "one", "it", "they"}
)


def held_is_no_meeting(text: str) -> bool:
    if (found := _HELD_SUBJECT.search(text)) is None:
        return False
    said = {word.rstrip("s") if word != "talks" else word for word in re.findall(r"[a-z]+", found["subject"].lower())}
    return not said & _GATHERING_WORDS
