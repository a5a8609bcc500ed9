"""Which meetings a question is about, read against the indexed meetings' own metadata (rag/meeting.py).

"in Washington", "at the Sofia meeting", "between Sofia and Washington", "in December 2018", "the latest
ministerial", "last year's meeting": each names meetings by their place, dates or order, so the scope is
resolved by comparing the question with what each document says of its meeting, never with a list of
meetings or phrasings. The words that named the meeting are taken out of the question the reader analyses:
"Washington" there means the place of a meeting, not the US as a party to pin.

A mention that clearly names a meeting ("the Lisbon meeting", "the meeting in March 2017") but matches none of
the indexed ones is reported as `missing`: the proceedings cannot answer it, whatever else they say.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from rag.meeting import MeetingFacts
from rag.reader.answer_types import answer_types
from rag.reader.gazetteer import CITIES, EU_MEMBERS, PARTIES, REGIONS, parties_in, party_of, regions_in
from rag.reader.question_meeting import FIRST_TIME, WHICH_MEETING
from rag.reader.question_wording import asks_whether
from rag.text import terms

_MEETING_WORD = (
    r"(?:meetings?|ministerials?|talks|conferences?|summits?|sessions?|proceedings|statements?|discussions?)"
)
_A_MEETING = re.compile(rf"\b{_MEETING_WORD}\b", re.IGNORECASE)
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
# ... and as people shorten them: "Dec 2018", "Sept. 2019" (longest first, so "Sept" is not read as "Sep").
_MONTH_NUMBER |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
_MONTH_WORDS = sorted(_MONTH_NUMBER, key=len, reverse=True)
# A place is a meeting's place when said as one: "in/at/during Sofia", "the Sofia meeting", "between Sofia and
# Washington", "went to Ottawa". "from Canada" or "Washington said" name a party, not a meeting.
_GONE_TO = "|".join(rf"(?<=\b{verb} )" for verb in ("went", "go", "goes", "came", "come", "comes", "flew", "travelled"))
_BEFORE_PLACE = re.compile(
    r"(?:\b(?:held|hosted|met|convened|took place)\s+(?=by|via))?"
    # (whom a side sent to a place came to its meeting: "Who did the US send to Bucharest?")
    r"(?P<sender>\b(?:send|sends|sent)\s+(?:[\w'’-]+\s+){0,3}?(?=to\s))?\b"
    rf"(?P<preposition>in|at|during|between|by|via|(?:{_GONE_TO})to|(?(sender)to|(?!)))\s+(?:the\s+)?$"
    # a meeting held remotely is held "online", without a preposition
    r"|\b(?:held|met|convened|took place|conducted)\s+(?P<remotely>)(?=$)"
    # and a meeting attended is said without one: "Which Commissioner attended Helsinki?"
    r"|\b(?:attend|attended|attends|attending)\s+(?P<attended>)$",
    re.IGNORECASE,
)
# A meeting held by video is named the ways people say that (general usage, not the proceedings' wording).
_REMOTE = re.compile(r"\bvideo[\s-]?conferenc|\bteleconferenc|\bvirtual|\bonline\b", re.I)
_POSSESSIVE = re.compile(r"^['’]s?\b|^['’]")  # "Washington's", "Brussels'"
_REMOTE_NAMES = frozenset({"online", "virtual", "virtually", "remotely", "videoconference", "video call"})
# ("the Washington outcome document": a meeting's paper names the meeting too)
_AFTER_PLACE = re.compile(
    rf"^(?:\s+(?:\w+\s+){{0,2}}?)(?:{_MEETING_WORD}|outcome|documents?|notes?|reports?)\b", re.IGNORECASE
)
_MEETING_RIGHT_AFTER = re.compile(rf"\s+{_MEETING_WORD}\b", re.IGNORECASE)
# A date said as a meeting's may stand further from it: "the May 2020 EU-US justice and home affairs ministerial".
_TITLE_WORDS = frozenset(terms("EU US EU-US JHA justice home affairs"))  # ("JHA ministerial" abbreviates the name)
_AFTER_DATE = re.compile(rf"^(?:\s+(?:[\w-]+\s+){{0,6}}?){_MEETING_WORD}\b", re.IGNORECASE)
# "How did ... change between Sofia and Washington?", "What did Washington say compared with Sofia?": in a
# comparison every place named is a meeting's.
_COMPARED = re.compile(
    r"\b(?:compared?|comparison|change[sd]?|differ\w*|versus|vs\.?|than|between|evolved?|progress(?:ed)?|moved?|"
    r"develop(?:ed)?|from \w+.{0,40} to)\b",
    re.I,
)
# What separates the sides of a comparison: "between A and B", "A compared with B", "from A to B", "A, B".
_SIDE_BREAK = re.compile(r"\b(?:and|or|to|with|versus|vs|than|against)\b|,", re.IGNORECASE)
# Who met, said as the meeting's name: "EU-US ministerial", "EU-U.S. Justice and Home Affairs Ministerial Meeting"
# ("the EU-Turkey statement" is an agreement, not a meeting).
_MEETING_SIDES = re.compile(
    r"\b(?P<sides>[A-Z][\w.]*(?:\s*[-–/]\s*[A-Z][\w.]*)+)\s+(?i:(?:[\w-]+\s+){0,5}?(?:meeting|ministerial|summit)s?)\b"
)
# The meeting with one side, said as the EU's own records say it: "the Canada meeting", "the American ministerial".
_ONE_SIDE_MEETING = re.compile(r"\bthe\s+(?P<side>[A-Z][\w.]*)\s+(?:meeting|ministerial|summit)s?\b")
# Who met, said as the subject of what was done there: "What did the EU and Canada agree?", "... between the EU and
# Canada?". It narrows to their meetings and stays in the reader's question (the sides are who acted).
_SIDES_ACTING = re.compile(
    # (the verb may open the question: "Did the EU and Canada discuss cybercrime?" had been read of every meeting)
    r"\b(?i:did|do|does|have|has|had|will|would|were|are|was|is|between)\s+(?:the\s+)?(?P<a>[A-Z][\w.]*)\s+and\s+"
    r"(?:the\s+)?(?P<b>[A-Z][\w.]*)"
)
# "the meeting before the Helsinki one", "the ministerial after Sofia": a meeting named by its neighbour.
_RELATIVE = re.compile(
    r"\b(?P<relation>before|after|preceding|following|prior to|preceded|followed|succeeded)\s+(?:the\s+)?"
    r"(?:(?:19|20)\d\d\s+)?$",
    re.IGNORECASE,
)
_ONE = re.compile(r"\s+(?:one|meeting|ministerial)\b", re.IGNORECASE)
_NEIGHBOUR_NAMED = re.compile(r"^(?:before|after|preceding|following|prior to|preceded|followed|succeeded)\b", re.I)


def names_a_neighbour(named: Sequence[str]) -> bool:
    """Whether the words naming the meeting name it by its neighbour ("after Washington", "preceded Helsinki"): they
    are no words the answer must say ("Which meeting followed Sofia?" is Ottawa's record, which names no Sofia)."""
    return any(_NEIGHBOUR_NAMED.match(words) for words in named)


_NEXT_MEETING = re.compile(rf"\bnext\s+(?:[\w-]+\s+){{0,3}}?(?:{_MEETING_WORD}|one)\b", re.IGNORECASE)
# What joins two named meetings: taken out with them ("what Sofia and Washington said" -> "what said").
_JOINED = re.compile(r"^\s*(?:,|and|or|to|with|versus|vs\.?|than|compared (?:with|to))?\s*(?:the\s+)?$", re.I)
_YEAR_AFTER = re.compile(r"^\s*\(?(?P<year>(?:19|20)\d\d)\b\)?")
_PRESIDENCY_MEETING = re.compile(rf"^['’]s\s+(?:[\w-]+\s+){{0,3}}?{_MEETING_WORD}\b", re.IGNORECASE)
# A question opening with where and when, then a colon or a dash: "Washington, Dec 2018: was there any movement on
# e-evidence?", "Ottawa 2018 - what did they agree on PNR?" (a journalist's note of the scene).
_SCENE = re.compile(r"^\s*(?P<scene>[A-Z][^:?–—]{1,40}?)\s*(?::|\s[-–—]\s)\s*(?P<rest>\S.*)$", re.DOTALL)
_HALF_YEAR = re.compile(r"\b(first|second) half of ((?:19|20)\d\d)\b", re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:at|in|during|from)\s+$", re.IGNORECASE)
_MEETING_AFTER = re.compile(rf"^\s+{_MEETING_WORD}\b", re.IGNORECASE)  # "at the Ottawa meeting"
_LIST_BREAK = re.compile(r"\b(?:and|or)\b|,", re.IGNORECASE)
# Who came from a side's seat: "Who came from Washington ...?", "the officials from Ottawa".
_CAME_FROM = re.compile(
    r"\b(?:came|come|comes|coming|travel\w*|flew|arrived?|there|attended|present|delegates?|delegation|officials?"
    r"|ministers?|participants?|representatives?|people|anyone|anybody|who|team)\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ENUMERATION = re.compile(r"^\s*(?:,|and|or|,\s*and)\s+(?:the\s+)?$", re.IGNORECASE)
_DATE = re.compile(rf"\b(?:(?P<month>{'|'.join(_MONTH_WORDS)})\.?\s+)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# ("by December 2019", "as of June 2019": the state of things then, which that month's meeting records)
_BEFORE_DATE = re.compile(r"\b(?:in|during|of|at|by|as\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
# Order among the indexed meetings: the newest, the oldest, the one before the newest, a year before the newest.
_ORDER = re.compile(
    rf"\b(?P<which>latest|most recent|last|newest|recent|first|earliest|previous|last year's|this year's)"
    rf"\s+(?:(?:\w+[\s-]+){{0,3}}?){_MEETING_WORD}\b"
    # (not the first of some: "the first meeting with the new Commission", "the first ministerial attended by ...")
    r"(?!\s+(?:with|attended|after|since|under|to\s+be|where|at\s+which|in\s+which)\b)",
    re.IGNORECASE,
)
_PRESIDENCY = re.compile(
    r"\b(?P<time>(?:held |hosted )?(?:under|by|during) )?(?:the )?(?<!incoming )(?P<adjective>[A-Z][a-z]+)"
    r" Presidency\b",
    re.IGNORECASE,
)
# Every meeting, one by one: "at each ministerial", "the 2019 meetings", "meeting by meeting", "over the years", "How
# did the PNR discussion evolve over time?".
_EVERY = re.compile(
    rf"\b(?:each|every|all|both|successive)\s+(?:[\w-]+\s+){{0,3}}?{_MEETING_WORD}|\b(?:meetings|ministerials)\b"
    r"|\bmeeting by meeting\b|\bover (?:the|these) years\b|\bover time\b|\bevolv(?:e|ed|ing)\b"
    r"|\bhow\s+(?:has|have|did)\s+(?:[\w'’-]+\s+){0,12}?chang(?:e|ed)\W*$",
    re.IGNORECASE,
)
# Which meetings a matter came up at, or what each said of it: the meetings are the scope, and what each is read
# for is what it said of the matter. ("Which meetings discussed visa reciprocity?" had drawn each meeting's header,
# "The meeting was the EU-US ... Meeting", to the word "meetings", above its visa paragraph.)
_TALKED_OF = (
    r"(?:discuss(?:ed)?|talk(?:ed)?\s+about|cover(?:ed)?|address(?:ed)?|raised?|mention(?:ed)?|deal(?:t)?\s+with"
    r"|touch(?:ed)?\s+(?:on|upon)|look(?:ed)?\s+at|come\s+up|came\s+up|brought\s+up|on\s+the\s+agenda)"
)
_MEETINGS_ASKED = r"(?:(?:which|what)\s+(?:of\s+the\s+)?|how\s+many\s+)(?:[\w-]+\s+){0,2}?(?:meetings?|ministerials?)"
# ... or at how many: the count of those that did.
COUNTS_MEETINGS = re.compile(r"\bhow\s+many\s+(?:[\w-]+\s+){0,2}?(?:meetings|ministerials)\b", re.IGNORECASE)
_EACH_ASKED = r"(?:each|every|all|both)\s+(?:of\s+the\s+)?(?:[\w-]+\s+){0,2}?(?:meetings?|ministerials?)"
_SAID_AT_EACH = re.compile(
    rf"^\W*(?:(?:at|in|during)\s+)?{_MEETINGS_ASKED}\s+(?:"
    rf"(?:did|was|were|has|have|had)\s+(?P<subject>.+?)\s+(?:get\s+|been\s+|being\s+)?{_TALKED_OF}"
    rf"|{_TALKED_OF}\s+(?P<object>.+?))\W*$"
    rf"|^\W*what\s+did\s+{_EACH_ASKED}\s+(?:say|said)\s+(?:about|on|regarding|concerning)\s+(?P<said>.+?)\W*$",
    re.IGNORECASE,
)


def _what_each_said(text: str) -> str:
    """The question each meeting is read for, where it asks which meetings (or how many) spoke of a matter: "What
    was said about PNR?" for "Which meetings discussed PNR?", "At which meetings did soft targets come up?", "What
    did each meeting say about PNR?"; `text` as it is otherwise."""
    if (found := _SAID_AT_EACH.match(text)) is None:
        return text
    matter = found["subject"] or found["object"] or found["said"]
    return f"What was said about {matter}?"


# The newest state of a matter: where several meetings answer, the newest one does.
_RECENT = re.compile(
    # ("Where was the most recent?" after the negotiating rounds asks of the newest round, said where they are;
    # "What's the latest?" asks the newest news)
    r"\bwhat(?:'s|’s|\s+is|\s+are|\s+was)\s+the\s+(?:latest|most recent)\b"
    r"|\b(?:(?:latest|most recent)(?!\s*(?:[?.!]|$|ones?\b))|most recently|current(?:ly)?|now|still|yet|today"
    r"|last (?:met|meet|time|discussed))\b"
    # How far a matter has come, asked in the present: "Where does X stand?", "What is the status of X?"
    r"|\bwhere\s+(?:does|do|is|are)\s+(?:[\w'’-]+\s+){0,8}?stand\b"
    r"|\bwhat(?:'s|’s|\s+is|\s+are)\s+(?:the\s+)?(?:status|state\s+of\s+play)\b"
    # When something is still to happen, the newest meeting says when: "When will the PNR joint evaluation take
    # place?" was Helsinki's "first half of 2020", which the video conference had postponed to 2021.
    r"|^\W*when\s+(?:will|(?:is|are)\s+(?:[\w-]+\s+){1,6}?(?:due|expected|scheduled|planned))\b"
    # ... as it is of "the next" one: "When is the next PNR evaluation?" (had been Bucharest's and Helsinki's 2020)
    r"|^\W*when(?:'s|’s|\s+is|\s+are)\s+the\s+next\b",
    re.IGNORECASE,
)
# "the last time", "for the first time" only say which meeting: no statement writes them, and left in the question
# they weighed against every answer ("What did the US say about the visa waiver programme the last time?" was
# refused). (Not where a date is asked: "When was PNR discussed for the first time?" asks the first meeting's dates.)
WHICH_TIME = re.compile(
    r"\b(?:(?:for\s+)?the\s+)?(?:last|latest|most\s+recent|first|very\s+first)\s+time\b", re.IGNORECASE
)
_NEXT = re.compile(r"\bnext\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# A question about what is still to come: a date it gives is when that happens, not the meeting that said so.
_STILL_TO_COME = re.compile(r"\b(?:will|shall|going\s+to)\b", re.IGNORECASE)


def without_which_time(text: str) -> str:
    """`text` without the words saying which time a matter came up, unless it asks a date or whether it was that
    time ("Was this the first time the Europeans raised the visa waiver?")."""
    return text if "date" in answer_types(text) or asks_whether(text) else tidy(WHICH_TIME.sub(" ", text))


PLACE_NAMES = frozenset(alias for aliases in PARTIES.values() for alias in aliases if " " not in alias)
# A place said as a meeting's ("the Lisbon meeting", "Which meeting was held in Brussels?"); "the EU-Turkey
# statement" names no meeting.
_MEETING_IN = re.compile(
    r"\b(?:meeting|ministerial|summit|conference|talks)\s+(?:(?:was|were|will\s+be|is\s+to\s+be)\s+)?(?:held\s+)?(?:in|at)\s+(?P<place>[A-Z][a-z]+)\b"
)
_PLACE_WORD = re.compile(r"\b(?:the|in|at)\s+(?P<place>[A-Z][a-z]+)\s+(?:meeting|ministerial|summit|conference)\b")


# A follow-up asking what became of a matter afterwards: "Did they actually do it?", "Did that date hold?", "Was that
# followed up at the next ministerial?", "Did they come back to it in Washington?": a later meeting answers it.
_WHAT_BECAME = re.compile(
    r"\b(?:actually|in the end|eventually|ultimately|end(?:ed)? up|followed[- ]up)\b"
    r"|\b(?:date|deadline|timeline|timing|plan|promise|commitment|pledge|schedule)\s+(?:hold|held|stick|stuck)\b"
    # "Was that date kept?", "Was it met?", "Did they keep to it?"
    r"|\b(?:date|deadline|timeline|timing|plan|promise|commitment|pledge|schedule)\s+(?:been\s+)?"
    r"(?:kept|met|respected|honou?red)\b|^\W*(?:(?:and|so|but)\s+)?(?:was|were|has|had)\s+(?:it|that|this)\s+(?:been\s+)?"
    r"(?:kept|met|respected|honou?red)\b|\bkeep\s+(?:to\s+)?(?:it|that|the\s+date|their\s+(?:word|promise))\b"
    r"|^\W*(?:(?:and|so|but)\s+)?did\s+(?:they|it|that|this|the\s+\w+)\s+"
    r"(?:come back to|return to|revisit|happen|go ahead|do it|do so|deliver|slip|get\s+(?:delayed|postponed))\b"
    # "Was it delayed?" after when the PNR evaluation was to take place at Helsinki: the video conference postponed it
    r"|^\W*(?:(?:and|so|but)\s+)?(?:was|were|has|had)\s+(?:it|that|this|they|the\s+\w+)\s+(?:(?:been|later|then)\s+)?"
    r"(?:delayed|postponed|put\s+off|pushed\s+back|deferred|cancel+ed|carried\s+out|completed)\b",
    re.I,
)
# "the next meeting", "the following one": in a conversation at one meeting, the meeting that one announced.
NEXT_NAMED = re.compile(
    r"(?:\b(?:at|in|during|for)\s+)?\bthe\s+(?:next|following|subsequent)\s+(?:one|meeting|ministerial)\b", re.I
)


# How many meetings were held, or which, and nothing else: "How many ministerials were held in 2019?" (the scope
# words gone), "How many EU-US meetings are there?", "Which meetings were held in person?" ("in person" is the scope:
# it had listed Sofia alone). ("How many meetings did Avramopoulos attend?" asks something of each; "Which
# discussions took place?" asks what was discussed, "How many delegates attended the ministerial?" counts delegates:
# only a side or a kind of meeting comes before the meeting word, "EU-US", "separate".)
_MEETINGS_HELD = re.compile(
    rf"^\W*(?:how\s+many\s+(?:(?-i:[A-Z][\w-]*)\s+|(?:ministerial|separate|different|joint)\s+){{0,3}}{_MEETING_WORD}"
    r"|(?:which|what|list\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?)\s*(?-i:[A-Z][\w-]*\s+){0,2}"
    r"(?:meetings?|ministerials?|conferences?|summits?)"
    # (which one the scope's words name: "What was the first meeting in the corpus?" is "What was the meeting?")
    r"|(?:which|what)\s+(?:was|is)\s+the\s+(?:meeting|ministerial|conference|summit))s?\b(?P<rest>[^?]*)\??\s*$",
    re.IGNORECASE,
)
_NOTHING_ELSE = frozenset(
    {"were", "was", "are", "is", "have", "has", "had", "been", "there", "held", "take", "took", "place", "happen"}
    | {"happened", "in", "total", "altogether", "all", "recorded", "indexed", "listed", "the", "these", "records"}
    | {"proceedings", "documents", "so", "far", "overall", "meeting", "meetings"}
    | {"collection", "corpus", "archive", "library", "database", "index", "here", "do", "you", "we", "cover"}
    | {"covered", "include", "included", "contain", "contained", "between", "with", "and"}
    # the order they came in, or the one a neighbour named ("Which meeting came after Washington?": the scope
    # read "after Washington")
    | {"order", "chronological", "chronologically", "date", "came", "come", "one", "it"}
    # how they were held, which the scope reads: "in person", "face to face", "by video conference"
    | {"person", "face", "to", "physically", "by", "video", "conference", "videoconference", "online", "virtually"}
)


# A place still in the question once the scope took the indexed meetings' out: "in Washington" of Sofia's proceedings
# names no indexed meeting (a side's seat, it had been read as the side, and Sofia listed as held there).
_A_PLACE_LEFT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?[A-Z]")


def asks_for_the_meetings_held(question: str) -> bool:
    """ "How many meetings were held?", "How many EU-US ministerials are in the collection?", "How many meetings
    between the EU and Canada are there?" (the sides named narrow them: sides_of_the_meetings_counted), "Which
    meetings were held in person?"."""
    found = _MEETINGS_HELD.match(question)
    if found is None or _A_PLACE_LEFT.search(found["rest"]):
        return False
    rest = {w.lower() for w in re.findall(r"[A-Za-z]+", found["rest"]) if not parties_in(w)}
    return rest <= _NOTHING_ELSE


def sides_of_the_meetings_counted(question: str) -> frozenset[str]:
    """The sides a question counting meetings names ("How many EU-Canada meetings ...?": the EU and Canada)."""
    return parties_in(question)


def announced_next(current: MeetingFacts, meetings: Sequence[MeetingFacts]) -> str | None:
    """The indexed meeting `current`'s proceedings announce as the next one ("Helsinki, second half of 2019" is the
    Helsinki meeting of December 2019), or None when it is not indexed."""
    announced = _announced(current)
    later = sorted((m for m in meetings if m.start and current.start and m.start > current.start), key=_start)
    for meeting in later:
        if meeting.place and meeting.place.split(",")[0].strip().lower() in announced:
            return meeting.document
    # Held elsewhere than announced, at the time announced ("Zagreb, first half of 2020" was held by video
    # conference on 28 May 2020): the first meeting between the same sides in that half-year.
    sides = parties_in(current.name or "")
    for half, year in _HALF_YEAR.findall(announced):
        months = range(1, 7) if half == "first" else range(7, 13)
        for meeting in later:
            start = meeting.start
            if start and start.year == int(year) and start.month in months and parties_in(meeting.name or "") == sides:
                return meeting.document
    return None


def _scene(words: str, meetings: Sequence[MeetingFacts]) -> Scope | None:
    """The one meeting a question's opening words name ("Washington, Dec 2018"), or None when they name none."""
    found = scope(f"at the {words.replace(',', ' ')} meeting", meetings)
    return found if len(found.documents) == 1 and not found.missing else None


def asks_what_became(question: str) -> bool:
    """Whether a follow-up asks what became of the matter its conversation is on, at a later meeting."""
    return bool(_WHAT_BECAME.search(question))


def held_after(current: MeetingFacts, meetings: Sequence[MeetingFacts]) -> tuple[str, ...]:
    """The documents of the meetings held after `current`, in date order."""
    if current.start is None:
        return ()
    later = sorted((m for m in meetings if m.start and m.start > current.start), key=lambda m: m.start)  # type: ignore[arg-type, return-value]
    return tuple(m.document for m in later)


def _announced(meeting: MeetingFacts) -> str:
    """Where and when a meeting's proceedings say the next one will be, lower case."""
    return " ".join(f.value for f in meeting.facts if f.field == "next_meeting").lower()


def _start(meeting: MeetingFacts) -> datetime.date:
    assert meeting.start is not None
    return meeting.start


@dataclass(frozen=True)
class Scope:
    documents: tuple[str, ...] = ()  # the meetings' documents; empty: the question names no meeting
    text: str = ""  # the question without the words that named the meetings
    named: tuple[str, ...] = ()  # those words, as said
    missing: str | None = None  # a meeting the question names that is not indexed ("the Lisbon meeting")
    every: bool = False  # the question asks what each meeting said: answered meeting by meeting
    recent: bool = False  # it asks for the newest state of a matter
    earliest: bool = False  # it asks when a matter first came up
    by_sides: bool = False  # named only by who met ("the EU-US ministerial"): that narrows, it compares nothing
    announced: str | None = None  # a place only a document's next meeting has ("the Washington meeting")
    later: bool = False  # a follow-up asks what became of a matter: the first of these meetings to speak of it

    @property
    def compared(self) -> bool:
        """Several meetings are named, or each is asked about: each meeting's own statement, side by side."""
        return self.every or (len(self.documents) > 1 and not self.by_sides and not self.later)

    @property
    def scoped(self) -> bool:
        return bool(self.documents)


@dataclass(frozen=True)
class Mention:
    """Words of the question that name meetings: which documents they fit, where they are said, and whether they
    leave the reader's question (a place that is a party's name would pin that party there)."""

    documents: frozenset[str]
    start: int
    end: int
    strip: bool = True
    by_sides: bool = False  # names the meeting by who met ("EU-US")
    announced: bool = False  # the meeting after the newest indexed one: the one that meeting announced


def _places(meeting: MeetingFacts) -> set[str]:
    """The words naming a meeting's place: "Washington, D.C." -> also "Washington"; its country."""
    names = set()
    if meeting.place:
        names.add(meeting.place)
        names.add(meeting.place.split(",")[0].strip())
    if meeting.country:
        names.add(meeting.country)
    if meeting.place and _REMOTE.search(meeting.place):
        names |= _REMOTE_NAMES  # "Which meeting was held online?": the video conference
    return {n for n in names if len(n) > 2}


def _span_dates(meeting: MeetingFacts) -> set[tuple[int, int]]:
    """(year, month) pairs the meeting's dates cover."""
    if meeting.start is None or meeting.end is None:
        return set()
    return {(meeting.start.year, meeting.start.month), (meeting.end.year, meeting.end.month)}


@dataclass(frozen=True)
class _PlaceIndex:
    """What every question compares with the indexed meetings' places, made once for a set of meetings (at 2,000
    meetings, making it again for each question was about 15 ms of it)."""

    pattern: re.Pattern[str] | None  # any meeting's place name, longest first
    places: dict[str, frozenset[str]]  # document -> its place names
    known: frozenset[str]  # every place name, lower case
    announced: str  # the places and times of the meetings the documents announce, lower case


_INDEXES: OrderedDict[tuple[int, ...], tuple[tuple[MeetingFacts, ...], _PlaceIndex]] = OrderedDict()
_INDEXES_LOCK = threading.Lock()


def _place_index(meetings: Sequence[MeetingFacts]) -> _PlaceIndex:
    # Keyed by the meeting objects' identities; the entry holds them, so no identity is reused while it is kept.
    key = tuple(map(id, meetings))
    with _INDEXES_LOCK:
        if (kept := _INDEXES.get(key)) is not None:
            _INDEXES.move_to_end(key)
            return kept[1]
    places = {m.document: frozenset(_places(m)) for m in meetings}
    names = sorted(set().union(*places.values()), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])") if names else None
    announced = " ".join(_announced(m) for m in meetings)
    index = _PlaceIndex(pattern, places, frozenset(n.lower() for n in names), announced)
    with _INDEXES_LOCK:
        _INDEXES[key] = (tuple(meetings), index)
        while len(_INDEXES) > 4:  # an engine's meetings, and the few a reload or a test has alongside
            _INDEXES.popitem(last=False)
    return index


# The question's subject: "What did ...", "How has the ..." right before the words.
_AS_SPEAKER = re.compile(
    r"(?:\b(?:what|how|why|where)\s+|^\W*)(?:did|does|do|has|have|had|will|would)\s+(?:the\s+)?$", re.I
)


# An account asked of a place, the place all it names: "Tell me about Helsinki", "Summarise Bucharest".
_ACCOUNT_OF = re.compile(
    r"(?:\b(?:tell|brief)\s+(?:me|us)\s+(?:more\s+)?(?:about|on)|\bsummari[sz]e|\brecap"
    r"|\b(?:overview|summary|recap|rundown|run-down)\s+of)"
    r"\s*(?:the\s+)?\W*$",
    re.I,
)


def _place_matches(question: str, meetings: Sequence[MeetingFacts]) -> list[Mention]:
    mentions: list[Mention] = []
    index = _place_index(meetings)
    if index.pattern is None:
        return mentions
    pattern = index.pattern
    previous_end = -1
    for found in pattern.finditer(question):
        before, after = question[: found.start()], question[found.end() :]
        preposition = _BEFORE_PLACE.search(before)
        if (
            preposition
            and (preposition["preposition"] or "").lower() in ("by", "via")
            and not preposition.group(0).startswith(("held", "hosted", "met", "convened", "took"))
            and party_of(found.group(0)) not in (None, *EU_MEMBERS)
        ):
            # "by Washington" names a side; "held by video conference", a meeting; "by Bucharest" (no side's seat:
            # a member state's is none), the time of the meeting there ("How many fighters were reported by
            # Bucharest?").
            preposition = None
        if _CAME_FROM.search(before) and party_of(found.group(0)) not in (None, *EU_MEMBERS):
            continue  # "Who came from Washington to the Bucharest meeting?": a side's seat says who came, not where
        relative = _RELATIVE.search(before)
        # A "place" that is itself a kind of meeting ("the video conference") names that meeting wherever it is said:
        # "Which ministers attended the video conference?".
        itself_a_meeting = bool(_A_MEETING.search(found.group(0)))
        # "What did Bucharest say about ETIAS?": a city that is no side's seat, said as who spoke, is its meeting
        # (it had been a name no sentence there writes). ("What did Washington say ...?" asks the US.)
        speaking_for_it = (
            bool(_AS_SPEAKER.search(before))
            and found.group(0).lower() in CITIES  # (not a country: "Has Romania joined ...?" asks Romania)
            and party_of(found.group(0)) in (None, *EU_MEMBERS)
        )
        said_as_place = bool(preposition or relative or _AFTER_PLACE.match(after) or itself_a_meeting)
        # A meeting's city that is no side's seat, asked about whole, is its meeting ("Tell me about Helsinki" had
        # begun with Bucharest's sentence announcing the meeting there).
        told_of = (
            bool(_ACCOUNT_OF.search(before))
            and not after.strip(" ?.!")
            and found.group(0).lower() in CITIES
            and party_of(found.group(0)) in (None, *EU_MEMBERS)
        )
        said_as_place = said_as_place or speaking_for_it or told_of
        enumerated = previous_end >= 0 and bool(_ENUMERATION.match(question[previous_end : found.start()]))
        # ("the next meeting in Bucharest" is the next meeting's place; "the next meeting after Bucharest", a meeting)
        if (_NEXT.search(before) and not relative) or not (said_as_place or enumerated or _COMPARED.search(question)):
            continue
        if not (said_as_place or enumerated) and _a_side_not_a_meeting(found.group(0), after):
            continue
        documents = frozenset(m.document for m in meetings if found.group(0) in index.places[m.document])
        end = found.end()
        if year := _YEAR_AFTER.match(after):
            # "Washington 2018": the year belongs to the place (and is no figure for the answer to state).
            documents = frozenset(
                m.document
                for m in meetings
                if m.document in documents and m.start and m.start.year == int(year["year"])
            )
            end += year.end()
        if relative:
            # "the meeting before the Helsinki one": its neighbour in date order, not Helsinki.
            step = -1 if relative["relation"].lower() in ("before", "preceding", "prior to", "preceded") else 1
            following = _neighbours(documents, meetings, step)
            # After the newest meeting indexed comes the one it announced: "Where will the meeting after the
            # video conference be held?" is its record of the next meeting (it had been "no indexed meeting").
            announced = step == 1 and bool(documents) and not following
            if step == 1 and _NEXT_MEETING.search(question):
                # "Where will the next ministerial take place after Helsinki?": the next one after Helsinki is the
                # one Helsinki announced (its record of the next meeting), not the one the meeting after it did.
                announced = False
                following = documents
            documents = documents if announced else following
            end += len(_ONE.match(after)[0]) if _ONE.match(after) else 0  # type: ignore[index]
            mentions.append(Mention(documents, relative.start(), end, announced=announced))
            previous_end = found.end()
            continue
        # Taken out of the question the reader analyses: there "Washington" would pin the US as a party. A
        # place that names no party stays where it says how the meeting was held ("Which meeting was held by
        # video conference?"), not where it only says which meeting ("Who led the US side at the video conference?").
        where = bool(preposition) and (preposition["preposition"] or "").lower() in ("in", "at", "during")
        # ("the online meeting" only says which meeting: "online" goes; "held online" says how, and stays)
        remote_name = found.group(0).lower() in _REMOTE_NAMES and bool(_AFTER_PLACE.match(after))
        # ("by the video conference" is the time things stood at then, not how a meeting was held: "How many rounds
        # had taken place by the video conference?")
        by_then = bool(preposition) and preposition.group(0).lower().startswith("by the")
        strip = found.group(0).lower() in PLACE_NAMES or where or remote_name or by_then
        said_with = preposition is not None and preposition["preposition"] is not None
        start = preposition.start("preposition") if said_with and strip else found.start()
        if strip and preposition and (meeting_word := _MEETING_AFTER.match(question[end:])):
            end += meeting_word.end()  # "What was discussed at the Ottawa meeting?" -> "What was discussed?"
        mentions.append(Mention(documents, start, end, strip))
        previous_end = found.end()
    return mentions


def _a_side_not_a_meeting(name: str, after: str) -> bool:
    """In a question comparing meetings, a place said neither as a meeting's nor in a list of them may still be no
    meeting: a side's capital said as its owner ("Did Washington's preference for voluntary action shift between
    Sofia and Helsinki?" asks about the US) or a word of how a thing is done ("terrorist content online")."""
    side = party_of(name)
    possessive = bool(_POSSESSIVE.match(after)) and side is not None and side not in EU_MEMBERS
    return possessive or name.lower() in _REMOTE_NAMES


def _neighbours(documents: frozenset[str], meetings: Sequence[MeetingFacts], step: int) -> frozenset[str]:
    """The meetings held just before (step -1) or after (+1) these ones."""
    dated = sorted((m for m in meetings if m.start), key=lambda m: m.start)  # type: ignore[arg-type, return-value]
    order = [m.document for m in dated]
    return frozenset(
        order[i + step] for i, document in enumerate(order) if document in documents and 0 <= i + step < len(order)
    )


def _date_matches(question: str, meetings: Sequence[MeetingFacts]) -> tuple[list[Mention], str | None]:
    mentions: list[Mention] = []
    missing = None
    for found in _DATE.finditer(question):
        before, after = question[: found.start()], question[found.end() :]
        preposition = _BEFORE_DATE.search(before)
        if not (preposition or _AFTER_PLACE.match(after) or _AFTER_DATE.match(after)) or _NEXT.search(before):
            continue
        if _STILL_TO_COME.search(before) and not _A_MEETING.search(question):
            continue  # "How often will the negotiators meet in 2020?": when it happens, said at a meeting before
        year, month = int(found["year"]), found["month"]
        wanted = {(year, _MONTH_NUMBER[month.lower()])} if month else None
        matched = frozenset(
            m.document
            for m in meetings
            if (wanted & _span_dates(m) if wanted else any(y == year for y, _ in _span_dates(m)))
        )
        if matched:
            # ("at the 2020 meeting" goes whole, as "at the Helsinki meeting" does: "What was said meeting about ...?"
            # had been left; "the May 2020 meeting" said as no place keeps "the meeting")
            word = _MEETING_RIGHT_AFTER.match(after) if preposition else None
            end = found.end() + (
                word.end() if word else _title_said(after, [m for m in meetings if m.document in matched])
            )
            mentions.append(Mention(matched, preposition.start() if preposition else found.start(), end))
        elif _names_a_meeting(question):
            missing = found.group(0)  # "the meeting in March 2017": a meeting that is not indexed
    return mentions, missing


# Talks on a matter are its negotiations, not a meeting: "What happened to the e-evidence talks in March 2020?" (paused
# then) names no meeting of March 2020, as "the EU-US talks in March 2020" or "the Sofia talks" would.
_TALKS = frozenset(("talks", "discussions"))
_NO_MATTER = frozenset(terms("the a an these those their its our joint bilateral ministerial high-level recent next"))


def _names_a_meeting(question: str) -> bool:
    for found in _A_MEETING.finditer(question):
        before = re.search(r"([\w-]+)\s+$", question[: found.start()])
        matter = before.group(1) if before and found.group(0).lower() in _TALKS else None
        if matter is None or party_of(matter) or matter.lower() in PLACE_NAMES:
            return True
        if not set(terms(matter)) - _NO_MATTER - _TITLE_WORDS:
            return True
    return False


def _title_said(after: str, meetings: Sequence[MeetingFacts]) -> int:
    """How much of the text after a meeting's date is the meeting's own title, before the word "meeting" or
    "ministerial": "the May 2020 EU-US justice and home affairs ministerial" is the ministerial of May 2020 (left
    in, the title's words drew every header and joint statement, each of which writes them, to the question)."""
    title = _AFTER_DATE.match(after)
    if title is None:
        return 0
    said = after[: title.end()]
    last = _A_MEETING.search(said)
    own = set(terms(" ".join(m.name or "" for m in meetings))) | _TITLE_WORDS
    between = said[: last.start()] if last else ""
    return len(between.rstrip()) if between.strip() and set(terms(between)) <= own else 0


def presidencies_named(text: str) -> list[str]:
    """The Presidencies a text names, by their adjective ("the incoming Croatian Presidency" -> "Croatian")."""
    return [found["adjective"] for found in _PRESIDENCY.finditer(text)]


def _presidency_matches(question: str, meetings: Sequence[MeetingFacts]) -> list[Mention]:
    """ "under the Austrian Presidency": the meetings held during that Presidency."""
    mentions = []
    for found in _PRESIDENCY.finditer(question):
        matched = frozenset(m.document for m in meetings if m.presidency == found["adjective"].capitalize())
        owned = _PRESIDENCY_MEETING.match(question[found.end() :])
        # "the Croatian Presidency's priorities": the Presidency's own, as a speaker's (it presented them as the
        # incoming one, at the meeting before its term); only its meeting ("... Presidency's ministerial") is one.
        owner = bool(_POSSESSIVE.match(question[found.end() :])) and not owned
        if matched and not owner and not _AS_SPEAKER.search(question[: found.start()]):
            # "under the Austrian Presidency" says when, and "the Romanian Presidency's EU-US ministerial" which
            # meeting: both leave the reader's question (kept, "Romanian" and "Presidency" were names its answer
            # had to write). "What did the Croatian Presidency present?" names a speaker, not a meeting: a
            # Presidency speaks at the meetings before its term too (as the incoming one, presenting its
            # priorities), so every meeting is read.
            start, end = found.start(), found.end() + (owned.end() if owned else 0)
            if owned and (at := _PREPOSITION_BEFORE.search(question[:start])):
                start = at.start()  # "raised at the Finnish Presidency's ministerial?" -> "raised?"
            mentions.append(Mention(matched, start, end, strip=bool(found["time"] or owned)))
    return mentions


def _order_matches(question: str, meetings: Sequence[MeetingFacts]) -> list[Mention]:
    dated = sorted((m for m in meetings if m.start), key=lambda m: m.start)  # type: ignore[arg-type, return-value]
    found = _ORDER.search(question)
    if not found or not dated:
        return []
    which = found["which"].lower()
    newest_year = dated[-1].start.year  # type: ignore[union-attr]
    if which in ("first", "earliest"):
        chosen = [dated[0]]
    elif which == "previous":
        chosen = dated[-2:-1]
    elif which == "last year's":
        chosen = [m for m in dated if m.start.year == newest_year - 1]  # type: ignore[union-attr]
    elif which == "this year's":
        chosen = [m for m in dated if m.start.year == newest_year]  # type: ignore[union-attr]
    else:
        chosen = [dated[-1]]
    return [Mention(frozenset(m.document for m in chosen), found.start("which"), found.end("which"))]


# Met in the same place, as against by video ("When did the ministers last meet in person?").
_IN_PERSON = re.compile(r"\bin[\s-]person\b|\bface[\s-]to[\s-]face\b|\bphysically\b", re.I)
_NOT_SO = re.compile(r"\b(?:rather\s+than|instead\s+of|not|n[o']t)\s+(?:held\s+|meeting\s+)?$", re.I)


def _in_person_matches(question: str, meetings: Sequence[MeetingFacts]) -> list[Mention]:
    """ "in person", "face to face": the meetings not held by video conference."""
    found = _IN_PERSON.search(question)
    if found is None:
        return []
    remote = frozenset(m.document for m in meetings if m.place and _REMOTE.search(m.place))
    held = frozenset(m.document for m in meetings) - remote
    if (negated := _NOT_SO.search(question[: found.start()])) is not None:
        # "... take place online rather than in person?" names the meeting not held in person (it had been read
        # as every meeting held in person, with "the May 2020 ministerial" beside it: all six).
        return [Mention(remote, negated.start(), found.end(), by_sides=True)]
    return [Mention(held, found.start(), found.end(), by_sides=True)]  # (it narrows, as who met does: no comparison)


_HELD = re.compile(r"\b(?:held|took\s+place|take\s+place|met|meet|convened|happened)\b", re.I)
# Held remotely, said of a meeting: "Was the meeting held by video conference?", "Which meeting took place online?".
_HELD_REMOTELY = re.compile(
    r"\b(?:held|took\s+place|taken\s+place|meet|met|meeting|conducted|happen(?:ed)?)\s+(?:by\s+|via\s+|over\s+|in\s+)?"
    r"(?:a\s+)?(?:video[\s-]?conferenc\w*|videoconferenc\w*|video\s+call|online|virtually|remotely)\b"
    r"|\b(?:online|virtual|video)\s+(?:meeting|ministerial)\b",
    re.I,
)


def _held_remotely_matches(question: str, meetings: Sequence[MeetingFacts]) -> list[Mention]:
    """A meeting held remotely, where no indexed one was: a meeting that is not indexed (as "in person" is where every
    one was). "Was the meeting held by video conference?" of Sofia's proceedings had been answered with the
    meeting's name. (Where one was, its place names it: _places.)"""
    found = _HELD_REMOTELY.search(question)
    if found is None or any(m.place and _REMOTE.search(m.place) for m in meetings):
        return []
    return [Mention(frozenset(), found.start(), found.end())]


# Where a meeting was held, said by a name: "Which meeting took place in the US?", "... held in the Balkans?".
_HELD_IN = re.compile(
    r"\b(?P<verb>held|hosted|took\s+place|taken?\s+place|met|meet|convened)\s+(?P<said>in\s+(?:the\s+)?"
    r"(?P<where>(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*))*)(?:\s+(?:capital|city|mainland|region))?)",
    re.IGNORECASE,
)


def _held_in_matches(question: str, meetings: Sequence[MeetingFacts]) -> list[Mention]:
    """A meeting held in a country or region the gazetteer knows, said where no indexed meeting's place is: the
    meetings in that side's lands ("Which meeting took place in the US?" is Washington's; it had been every EU-US
    meeting, the side read as who met), or none. A meeting's own place or a month is read where such words are;
    asked whether one was, the meeting's own place answers where none was ("Was the meeting held in the US?")."""
    found = _HELD_IN.search(question)
    whether = asks_whether(question)
    # Said of a meeting, or of people meeting: "What exercise was held in The Hague?" asks of an exercise.
    if found is None or not (
        found["verb"].lower() in ("met", "meet", "convened")
        or re.search(_MEETING_WORD, question[: found.start()], re.I)
    ):
        return []
    where = found["where"]
    index = _place_index(meetings)
    if (index.pattern and index.pattern.search(where)) or where.lower() in _MONTH_NUMBER:
        return []
    # A city is left to the reader: a meeting may have been planned there ("Which meeting was held in Zagreb?" is
    # answered by the video conference's "planned to take place in Zagreb"). So is a name the gazetteer does not
    # know, which may be no place ("in D.C.", "in COVID times"); "in EU-US format" names who met.
    sides = parties_in(where)
    if where.lower() in CITIES or "-" in where or len(sides - {"EU"}) > 1 or not (sides or regions_in(where)):
        return []
    if regions := regions_in(where):
        # ("Latin America" is no America: the region's countries, none of them a side's)
        countries = {country for _, region in regions for country in REGIONS[region]}
        held = frozenset(m.document for m in meetings if (m.country or "").lower() in countries)
    else:
        held = frozenset(m.document for m in meetings if sides <= parties_in(f"{m.place or ''} {m.country or ''}"))
    return [Mention(held, found.start("said"), found.end())] if held or not whether else []


def _sides_matches(question: str, meetings: Sequence[MeetingFacts]) -> list[Mention]:
    """ "the EU-US ministerial", "the EU-Canada meeting": the meetings between exactly those sides. The words
    leave the reader's question: there "EU-US" would pin both as parties that a statement must name."""
    mentions = []
    for found in _MEETING_SIDES.finditer(question):
        sides = parties_in(found["sides"])
        if len(sides) < 2 or _NEXT.search(question[: found.start()]):
            continue  # "the next EU-US ministerial" is announced, not indexed
        matched = frozenset(m.document for m in meetings if parties_in(m.name or "") == sides)
        mentions.append(Mention(matched, found.start("sides"), found.end("sides"), by_sides=True))
    known = _place_index(meetings).known
    for found in _ONE_SIDE_MEETING.finditer(question):
        # (the EU's meetings with the one side named; a city is a place, a side's seat too: "the Washington
        # meeting" is one held there, which may be only announced)
        side = parties_in(found["side"])
        if len(side) != 1 or side <= {"EU", *EU_MEMBERS} or found["side"].lower() in known | CITIES:
            continue
        if _NEXT.search(question[: found.start()]):
            continue
        matched = frozenset(m.document for m in meetings if parties_in(m.name or "") == side | {"EU"})
        if matched:
            mentions.append(Mention(matched, found.start("side"), found.end("side"), by_sides=True))
    for found in _SIDES_ACTING.finditer(question):
        sides = parties_in(f"{found['a']} {found['b']}")
        matched = frozenset(m.document for m in meetings if parties_in(m.name or "") == sides)
        if len(sides) == 2 and matched:
            mentions.append(Mention(matched, found.start("a"), found.end("b"), strip=False, by_sides=True))
    return mentions


def _places_said(question: str, meetings: Sequence[MeetingFacts]) -> tuple[str | None, str | None]:
    """Place names said as a meeting's ("the Lisbon meeting") that no indexed meeting has: the first one no
    document announces either (missing), and the first one only a document's next meeting has (announced: "the
    Washington meeting" is the one the proceedings say is still to come, not the one they record)."""
    index = _place_index(meetings)
    # "Who was at the meeting in Vienna?" presumes a meeting there as "the Vienna meeting" does; "Was the meeting
    # in Vienna?" asks whether it was, which the meeting's own place answers.
    presumed = [] if asks_whether(question) else list(_MEETING_IN.finditer(question))
    missing = announced = None
    for found in [*_PLACE_WORD.finditer(question), *presumed]:
        place = found["place"].lower()
        if place not in PLACE_NAMES or place in index.known:
            continue
        if place in index.announced:
            announced = announced or found["place"]
        else:
            missing = missing or found["place"]
    return missing, announced


def _without(question: str, spans: list[tuple[int, int]]) -> str:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or _JOINED.match(question[merged[-1][1] : start])):
            # "Sofia and Washington" goes as one, its "and" with it; so do words two mentions share ("the Romanian
            # Presidency's EU-US ministerial": the Presidency's and the sides')
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    text = question
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    if _ACCOUNT_OF.search(text) and not _ACCOUNT_OF.search(question):
        # ("Tell me about Helsinki" -> "Tell me about the meeting": an account of nothing reads as out of scope)
        end = question.rstrip()[-1:]
        text = f"{text.rstrip(' ?.!')} the meeting{end if end in '?.!' else ''}"
    return tidy(text)


def tidy(text: str) -> str:
    """A question with words taken out, without the connectives and spaces they leave behind."""
    text = re.sub(r"\s+(and|or|,)\s+(?=[?.!,]|$)", " ", text)  # "between Sofia and Washington" leaves "and"
    text = re.sub(r"\bbetween\s+(?=[?.!,]|$)", "", text)
    text = re.sub(r"^[\s,;:]+", "", text)  # "In Sofia, how many ...?" leaves a comma in front
    text = text[:1].upper() + text[1:]
    return re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def _sides(question: str, mentions: list[Mention]) -> list[list[Mention]]:
    """The mentions grouped by the meeting they describe. In a comparison each side of "between A and B", "A
    compared with B", "from A to B" is a meeting of its own ("between Helsinki and the 2020 video conference":
    Helsinki, and the meeting that is both in 2020 and by video conference); otherwise every mention describes
    the same meeting ("the Washington meeting in December 2018"), unless listed ("at the Bucharest and Helsinki
    meetings")."""
    breaks = _SIDE_BREAK if _COMPARED.search(question) else _LIST_BREAK
    sides: list[list[Mention]] = []
    previous_end = -1
    for mention in mentions:
        if sides and not breaks.search(question[previous_end : mention.start]):
            sides[-1].append(mention)
        else:
            sides.append([mention])
        previous_end = mention.end
    return sides


# The indexed proceedings themselves: "What was the first ministerial in the corpus?" asks which meeting was first.
_IN_THE_INDEX = re.compile(
    r"\s*\b(?:in|of|among|from)\s+(?:the|this|these|your|my|our)\s+(?:corpus|collection|archive|library|database"
    r"|index|documents)\b",
    re.I,
)


def scope(question: str, meetings: Sequence[MeetingFacts]) -> Scope:
    """The meetings `question` names, among `meetings` (the indexed documents' meeting facts)."""
    if not meetings:
        return Scope(text=question)
    question = _IN_THE_INDEX.sub("", question)  # (every indexed meeting: no narrower scope, and no words to answer)
    if (scene := _SCENE.match(question)) and (where := _scene(scene["scene"], meetings)) is not None:
        # "Helsinki, December 2019: who led the US side?": the words before the colon or dash set the scene
        return dataclasses.replace(where, text=tidy(scene["rest"]), named=(scene["scene"],))
    # ("Which meeting discussed the table-top exercise?" asks it of every meeting, as "Which meetings ...?" does:
    # two did, and asked of the question's own hits, the one retrieved first was refused)
    asked_of_each = bool(_SAID_AT_EACH.match(question)) and not (
        FIRST_TIME.search(question) or _RECENT.search(question)
    )
    every = bool(_EVERY.search(question) or asked_of_each) and len(meetings) > 1
    recent = bool(_RECENT.search(question))
    earliest = bool(FIRST_TIME.search(question))
    by_date, missing = _date_matches(question, meetings)
    by_place = _place_matches(question, meetings)
    by_order, by_presidency = _order_matches(question, meetings), _presidency_matches(question, meetings)
    in_person = _in_person_matches(question, meetings) + _held_remotely_matches(question, meetings)
    in_person += _held_in_matches(question, meetings)
    others = by_place + by_date + by_presidency + _sides_matches(question, meetings) + in_person
    if by_order and others and (within := frozenset.intersection(*(m.documents for m in others))):
        # "the first EU-Canada meeting": the first of the meetings the rest names, not the first of all (Sofia, which
        # is no EU-Canada meeting: "no indexed meeting matches")
        by_order = _order_matches(question, [m for m in meetings if m.document in within]) or by_order
    mentions = others + by_order
    mentions.sort(key=lambda m: m.start)
    unknown, announced = (None, None) if by_place else _places_said(question, meetings)
    missing = missing or unknown
    if not mentions:
        everything = tuple(m.document for m in meetings) if every else ()
        if announced and not every and len(meetings) > 1 and WHICH_MEETING.search(question):
            # Asked which meeting is held there, among several: those that announced one there and whose next
            # meeting is not indexed ("Which meeting will be held in Brussels?" is the one Ottawa announced; each
            # meeting had answered with its own place, "The document was issued in Brussels"), or the meeting
            # announced, where it is indexed though held elsewhere ("Which meeting was held in Zagreb?": the video
            # conference "planned to take place in Zagreb", which Helsinki announced). What was agreed at a meeting
            # announced is not theirs to say: only which meeting is asked.
            announcing = [m for m in meetings if announced.lower() in _announced(m)]
            held = list(dict.fromkeys(d for m in announcing if (d := announced_next(m, meetings))))
            everything = tuple(held) or tuple(m.document for m in announcing)
            announced = None if held else announced
        one = not every
        asked = _what_each_said(question) if every else question
        return Scope(
            everything,
            without_which_time(question) if (recent or earliest) and one and len(meetings) > 1 else asked,
            missing=missing,
            every=every,
            recent=recent and one,
            earliest=earliest and one,
            announced=announced,
        )
    sides = [frozenset.intersection(*(m.documents for m in side)) for side in _sides(question, mentions)]
    documents = frozenset().union(*sides) if all(sides) else frozenset()
    # Each meeting of a comparison is read on its own: a place left in the question ("the video conference")
    # would speak for one side only.
    spans = [(m.start, m.end) for m in mentions if m.strip or len(sides) > 1]
    said = tuple(question[start:end].strip() for start, end in spans)
    by_sides = all(m.by_sides for m in mentions)
    if by_sides and missing and _HELD.search(question):
        # "Which meeting was held face to face in 2019?" of Sofia's proceedings: who met, or how, only narrows the
        # meetings; the year says when the one asked about was held, and none indexed was (it had been Sofia, held
        # in 2018). (A year said of a matter stays: "What did the EU-US ministerial say about the review in 2021?")
        documents = frozenset()
    if not documents:
        named = missing if missing else " ".join(question[m.start : m.end].strip() for m in mentions)
        return Scope(text=question, named=said, missing=named)  # "Sofia in December 2018": no such meeting
    which_time = earliest or (recent and bool(WHICH_TIME.search(question)))
    if which_time and asks_whether(question) and not every and not by_sides and len(meetings) > 1:
        # "Did the visa waiver programme first come up in Washington?": whether the meeting named was the first
        # (or the last) to speak of a matter is for the first (last) one to show; the named one's statement on the
        # programme had answered yes, and Sofia spoke of it first.
        return Scope(text=_without(question, spans), named=said, recent=not earliest, earliest=earliest)
    ordered = [m.document for m in meetings if m.document in documents]
    after_the_newest = next((question[m.start : m.end] for m in mentions if m.announced), None)
    each = every and len(ordered) > 1
    return Scope(
        tuple(ordered),
        _what_each_said(_without(question, spans)) if each else _without(question, spans),
        said,
        every=each,
        by_sides=by_sides,
        announced=announced or after_the_newest,
        # ("last ... in person": the newest of those held in person)
        recent=recent and bool(in_person) and not every and len(ordered) > 1,
    )
