"""What a question requests beyond one fact, read from its words: what was said on a topic ("Tell me about the
visa issue"), what one side said on the passage the conversation is on ("What did the Americans say?"), who came
to a meeting ("Who attended?"), at which meeting someone came, whether the sides differ ("Are they on the same page
about ...?") and what one part of the document says ("according to the joint statement"). The extractive reader
answers each its own way.
"""

from __future__ import annotations

import re

from rag.reader.answer_types import DIVERGENCE_STATED
from rag.reader.candidates import Candidate
from rag.reader.constraints import speaking
from rag.reader.eligibility import CAME_VERBS, in_statement
from rag.reader.question import Question
from rag.reader.question_meeting import DOCUMENT_PART
from rag.reader.question_wording import SOUGHT_BY, TALK_TERMS, WHICH_OF
from rag.text import terms, words

# One side asked for, not who came: "Which side played host?", "Which of them handles justice?".
_ONE_ASKED = re.compile(rf"{WHICH_OF.pattern}|\b(?:which|what)\s+(?:side|party)\b", re.I)


# "at all", and where: "... in the final statement", "... at the Helsinki meeting" (a part or a meeting, read apart).
_ANYWHERE = r"(?:\s+at\s+all)?(?:\s+(?:in|at|during|by)\s+[^?]{1,60}?)?"

# A request for what was said on a topic, and the topic: "Tell me about the visa issue", "What about drugs?", "What
# did the US say about voluntary efforts?". ("Which scandal was mentioned ...?" asks for one thing.)
_TOPIC_REQUESTS = (
    re.compile(
        r"^\W*(?:and\s+|so\s+)?(?:(?:can you\s+|please\s+)?tell\s+me\s+(?:more\s+)?about|what\s+about"
        r"|what\s+(?:was|were|is|has\s+been)\s+(?:said|discussed|mentioned|reported|noted)\s+(?:about|on|regarding|concerning)"
        r"|what\s+(?:came|comes|has\s+come)\s+up\s+(?:about|on|regarding|concerning|in\s+relation\s+to)"
        r"|what\s+(?:did\s+[\w\s.'-]{1,40}?\s+(?:say|report|discuss|mention|note|brief|debrief|present|explain|stress"
        rf"|underline|raise|tell\s+(?:us|them|the\s+\w+))|{SOUGHT_BY})"
        r"\s+(?:about|on|regarding|concerning)(?:\s+regarding)?"
        r"|(?:any\s+)?(?:update|news)\s+on"
        # (a side's reaction is what it said of it: "How did the US react to the pause?")
        r"|how\s+did\s+[\w\s.'-]{1,40}?\s+(?:react|respond|reply)\s+to"
        r"|what\s+(?:was|were)\s+[\w\s.'’-]{1,40}?\s+(?:reactions?|responses?|reply)\s+(?:to|on|about|regarding))"
        r"\s+(?P<topic>.+?)\W*$",
        re.I,
    ),
    # Where a matter stands: "What's the status of PNR?", "Where do things stand on e-evidence?", "What happened
    # with the visa waiver programme?", "What happened in The Hague?" (a place no meeting was held in: the scope
    # takes a meeting's out) ("the latest on" asks for the newest meeting's: rag/scope.py)
    re.compile(
        r"^\W*(?:and\s+|so\s+)?(?:what(?:'s|’s|\s+is|\s+was)\s+(?:the\s+)?(?:state\s+of\s+play|status"
        r"|situation)\s+(?:on|with|of|regarding|concerning|about)|where\s+(?:do|did)\s+(?:things|matters)\s+stand\s+"
        r"(?:on|with|regarding)|(?:give\s+me\s+)?an?\s+update\s+on|what\s+happened\s+(?:with|on|regarding|in|at)"
        # ("Did anything happen regarding the Umbrella Agreement in 2020?": whether, and what)
        r"|(?:did|has)\s+anything\s+(?:new\s+)?happen(?:ed)?\s+(?:with|on|regarding|concerning|about|to))"
        r"\s+(?P<topic>.+?)\W*$",
        re.I,
    ),
    # Whether it came up at all: "Was China mentioned?", "Did anyone talk about election security?", "Was legal
    # migration mentioned at all in the final statement?" (where to look is a part of the document, asked apart).
    re.compile(
        r"^\W*(?:was|were)\s+(?:there\s+any(?:thing)?\s+(?:about|on)\s+)?(?P<topic>.+?)\s+(?:mentioned|discussed|raised"
        rf"|brought\s+up|addressed|talked\s+about|on\s+the\s+agenda|covered|touched\s+(?:on|upon)){_ANYWHERE}\W*$",
        re.I,
    ),
    re.compile(
        r"^\W*did\s+(?:they|anyone|anybody|the\s+(?:ministers|participants|(?:two\s+)?sides|delegations))\s+(?:discuss"
        rf"|mention|raise|talk\s+about|bring\s+up|address)\s+(?P<topic>.+?){_ANYWHERE}\W*$",
        re.I,
    ),
    # "Did Europe's new privacy regime come up?", "Anything in the communiqué about following the money?", "Anything
    # concrete agreed on guns?"
    re.compile(
        rf"^\W*did\s+(?P<topic>.+?)\s+(?:ever\s+)?(?:come\s+up|feature|figure|get\s+(?:a\s+)?mention(?:ed)?){_ANYWHERE}\W*$",
        re.I,
    ),
    # What the talks on a matter covered: "What did the Budapest Convention discussions cover?", "What did the talks
    # on visas focus on?" (what the meeting as a whole covered is its overview: rag/reader/answer_types.py)
    re.compile(
        r"^\W*(?:and\s+|so\s+)?what\s+did\s+the\s+(?:(?P<topic>[^?]+?)\s+)?(?:discussions?|talks|debates?|exchanges?)"
        r"(?:\s+(?:on|about|regarding|concerning)\s+(?P<matter>[^?]+?))?\s+(?:cover|focus\s+on|involve|address|deal\s+with"
        r"|touch\s+(?:on|upon)|centre\s+on|center\s+on)\W*$",
        re.I,
    ),
    re.compile(
        r"^\W*(?:(?:is|was)\s+there\s+)?anything\s+(?:new\s+|concrete\s+|specific\s+)?(?:(?:agreed|decided|said|announced"
        r"|discussed)\s+)?(?:(?:in|from|at)\s+[^?]{1,40}?\s+)?(?:about|on|regarding|concerning)"
        r"\s+(?P<topic>.+?)\W*$",
        re.I,
    ),
)
# The gate's probability a requested topic's statement is trusted from, when it states every word of the topic:
# the gate's margin and typed-answer features are made for questions with one answer. (0.5 and 0.0 answer train and
# dev alike; 0.5 keeps a floor.)
TOPIC_THRESHOLD = 0.5


def asks_whether_it_came_up(question: Question) -> bool:
    """Whether a question asks only whether a topic came up ("Did the ministers mention public spaces?", "Was China
    mentioned?"): a sentence stating it answers, however the question words the asking."""
    return any(pattern.search(question.text) for pattern in _TOPIC_REQUESTS[1:4]) and bool(topic_asked(question))


def topic_requested(text: str) -> str | None:
    """The topic a request for what was said names, as written ("Tell me about the next meeting." -> "the next
    meeting"); None for any other question."""
    found = next((m for pattern in _TOPIC_REQUESTS if (m := pattern.search(text))), None)
    if not found:
        return None
    # (the matter may follow the talks rather than lead them: "the talks on visas")
    return found["topic"] or found.groupdict().get("matter") or None


def topic_asked(question: Question) -> set[str]:
    """The words of the topic a request for what was said names (stemmed; empty for any other question): "Tell me
    about the visa issue" -> {"visa"}."""
    topic = topic_requested(question.text)
    if topic is None or question.answer_types - {"decision"} or question.people:
        # (Said by "he" or "they", someone the conversation named: who said it is asked too, and that is for the
        # gate. "What did he say about e-evidence?" after the US delegation's heads had the EU's statement.)
        return set()
    # (What a name the question pins says is checked as a constraint; a topic that is only that name, "Was China
    # mentioned?", is the name.)
    return words_beyond(topic, question, TALK_TERMS) or set(terms(topic)) - TALK_TERMS


# What a side is asked to have said, wanted or done, with no topic of its own: "What did the Americans say?".
SAID_TERMS = frozenset(
    terms(
        "say said tell told want wanted think thought propose proposed ask asked stress stressed report reported "
        "prefer preferred suggest suggested argue argued raise raised mention mentioned note noted reply replied "
        "answer answered respond responded add added explain explained present presented do did make made offer "
        "offered position view views stance side delegation describe described characterise characterised "
        "characterize characterized portray portrayed message"
    )
)


# What was agreed or decided, asked with no matter of its own: "What did both sides agree on?".
DECIDED_TERMS = frozenset(
    terms("agree agreed decide decided conclude concluded settle settled commit committed pledge pledged promise")
)


def asks_nothing_of_its_own(question: Question) -> bool:
    """Whether a question asks only what was said, done or agreed, by whom, naming no matter: "What did both sides
    agree on?", "What did the US explain?" ("What about Helsinki?" asks nothing said). In a conversation it asks
    about the conversation's topic."""
    asking = SAID_TERMS | TALK_TERMS | DECIDED_TERMS
    said = set(terms(question.text)) & (SAID_TERMS | DECIDED_TERMS)
    return bool(said - {"side", "deleg"}) and not words_beyond(question.text, question, asking)


# The matter a question names last, after the word that introduces it: "What happens next on drug prices?".
MATTER_NAMED = re.compile(
    r"\b(?:on|about|regarding|concerning|over|for|with\s+regard\s+to|in\s+relation\s+to"
    r"|(?:react|respon[sd]|repl(?:y|i))\w*\s+to)\s+(?P<matter>[^?.!]+?)\W*$",  # ("How did the US react to the pause?")
    re.I,
)


def matter_named(question: Question) -> set[str]:
    """The terms of the matter a question names at its end ("What happens next on drug prices?" -> drug, price),
    beyond words of asking and the names it pins; empty when it names none there."""
    found = MATTER_NAMED.search(question.text)
    return words_beyond(found["matter"], question, TALK_TERMS) if found else set()


def words_beyond(text: str, question: Question, asking: frozenset[str]) -> set[str]:
    """The terms of `text` beyond the words of asking and the names the question pins (constraints)."""
    named = {t for constraint in question.constraints for t in terms(constraint.text)}
    return set(terms(text)) - asking - named


def said_there_by(question: Question, on: list[Candidate]) -> Candidate | None:
    """The sentence of the passage the conversation is on whose subject is the one side the question asks what it
    said, when the question asks nothing else (no topic of its own); None otherwise."""
    if len(question.speakers) != 1 or question.answer_types:
        return None
    # (A follow-up in the last question's frame asks only its own words: "What about the Americans?")
    if words_beyond(question.said or question.text, question, SAID_TERMS):
        return None  # "What did the Americans say about visas?" asks about visas
    for candidate in on:
        parties = candidate.evidence.meeting_parties if candidate.evidence else frozenset()
        if candidate.kind == "sentence" and speaking(candidate.text, parties) == question.speakers:
            return candidate
    return None


def asks_who_came(question: Question) -> bool:
    """A "who" question naming no side that asks who came ("Who attended?", "Who led the two delegations?"): each
    side's delegation answers it."""
    if question.constraints or "person" not in question.answer_types:
        return False  # (a side or a name pinned: "Who is Julian King?")
    if question.office:
        return False  # "Who is the Commissioner for Migration?"
    if question.did and question.did.split()[0] not in CAME_VERBS:
        return False  # "Who is responsible for migration in the Commission?" asks for an office, not who came
    # One is asked for ("Which side played host?", "Which of them handles justice?"), or a follow-up's pronoun may
    # stand for one side ("Who were its ministers?" after the incoming Presidency).
    return not (question.slot or question.people or question.topic or _ONE_ASKED.search(question.text))


MEETING_TERMS = frozenset(terms("meeting meetings ministerial ministers conference video summit session talks"))
_SIDE_TERMS = frozenset(terms("side sides delegation delegations behalf"))
_CAME_NOUNS = frozenset(terms("participants attendees delegates"))  # "Who were the participants?"


def asks_only_who_came(question: Question) -> bool:
    """Who came to the meeting, and nothing of what they did there: "Who attended the ministerial?", "Who took
    part?" ("Who spoke about visa reciprocity?" asks who said something on a topic)."""
    if not asks_who_came(question) or not question.did:
        return False
    return not words_beyond(question.text, question, MEETING_TERMS | _CAME_NOUNS | frozenset(terms(question.did)))


def asks_who_came_for_a_side(question: Question) -> bool:
    """Who came for one side, and nothing else: "Who came from Washington?", "Who was there for the EU?" (the
    side's record of its delegation; "Who from the US spoke about drugs?" asks who said something on a topic)."""
    sides_only = bool(question.constraints) and all(c.kind == "party" for c in question.constraints)
    if not sides_only or "person" not in question.answer_types or not question.did or question.office:
        return False
    if question.did.split()[0] not in CAME_VERBS or question.slot or question.people or question.topic:
        return False
    asking = MEETING_TERMS | _SIDE_TERMS | _CAME_NOUNS | frozenset(terms(question.did))
    return not words_beyond(question.text, question, asking)


def asks_who_came_to_each(question: Question) -> bool:
    """Who came, and nothing else ("Who attended?", "Who led the US delegation?"): with several meetings indexed,
    each meeting's record answers."""
    return asks_only_who_came(question) or asks_who_came_for_a_side(question)


_HOW_MANY_TIMES = re.compile(
    r"\b(?:how\s+many|which|what)\s+(?:of\s+the(?:se)?\s+)?(?:meetings|ministerials|times|sessions)\b", re.I
)


def meetings_someone_came_to(question: Question) -> tuple[str, ...]:
    """The name asked about, when a question asks at which meetings, or at how many, someone named came ("How many
    meetings did Avramopoulos attend?", "Which meetings did Chad Wolf take part in?"); empty otherwise."""
    names = tuple(c.text for c in question.constraints if c.kind == "name" and not c.generic)
    if not names or len(names) != len(question.constraints) or not set(words(question.text.lower())) & CAME_VERBS:
        return ()
    asked = asks_at_which_meeting_someone_came(question) or _HOW_MANY_TIMES.search(question.text)
    return names if asked else ()


_MEETINGS_COUNTED = frozenset(
    terms(
        "how many which what meeting meetings ministerial ministerials times sessions side sides delegation delegations"
    )
)
# A side coming to a meeting: "did Canada attend", "had Canada at the table" ("took office" is no coming: "Which
# meeting was the first after the new Commission took office?")
_SIDE_CAME = re.compile(
    r"\b(?:attend(?:s|ed)?|t(?:ake|akes|ook|aking)\s+part|participat\w*|present|there|sen[dt]|c[ao]me|join(?:s|ed)?"
    r"|represented|at\s+the\s+(?:negotiating\s+)?table)\b",
    re.I,
)


def side_that_came(question: Question) -> str:
    """The side asked about, when a question asks at which meetings, or at how many, a side came ("Which meetings
    did Canada attend?", "Which meetings had Canada at the table?": Sofia's sentence on the EU's negotiations with
    Canada had answered); "" otherwise."""
    parties = [c for c in question.constraints if c.kind == "party" and c.party]
    if len(parties) != 1 or len(question.constraints) != 1:
        return ""
    asked = question.one_meeting or _HOW_MANY_TIMES.search(question.text)
    # ... and nothing more of the meeting: "Which meeting was attended by the new Commission for the first time?"
    # asks one meeting, of a side every meeting has
    rest = set(terms(_SIDE_CAME.sub(" ", question.text))) - set(terms(parties[0].text)) - _MEETINGS_COUNTED
    return str(parties[0].party) if asked and _SIDE_CAME.search(question.text) and not rest else ""


def asks_at_which_meeting_someone_came(question: Question) -> bool:
    """ "At which ministerial did McAleenan represent the US?", "Which meeting did Kirstjen Nielsen attend?": a
    meeting asked for by someone named who came to it."""
    named = any(c.kind == "name" for c in question.constraints)
    came = bool(set(words(question.text.lower())) & CAME_VERBS)
    return question.one_meeting and named and came


# A question naming one part of the document: its best sentence is trusted from this gate probability when the
# ranker finds it this likely.
# (0.4 to 0.5 with 0.8 answer train and dev alike: train +6 right and +1 wrong, dev unchanged.)
PART_NAMED_THRESHOLD = 0.5
PART_NAMED_FLOOR = 0.8
# The ranker's probability a statement of divergence is asserted from, for a question whether the sides differ.
DIVERGENCE_FLOOR = 0.4


# The words of asking whether the sides differ: what is left of such a question is its topic.
_DIVERGENCE_TERMS = frozenset(
    terms(
        "disagree disagreed disagreement disagreements dispute disputed friction odds same page full fully agree "
        "agreed agreement contention contentious sticking point points diverge diverged divergence aligned see eye "
        "difference differences opinion opinions view views remain remains two both"
    )
)


# A part named as where something is said: "according to the joint statement", "in the outcome section", "What
# does the joint text say/list ...?" ("Which country vetoed the joint statement?" asks about the statement).
_LOOKING_IN = re.compile(
    rf"\b(?:according\s+to|in|per|from|by)\s+(?:the\s+|this\s+|that\s+)?(?:{DOCUMENT_PART.pattern})|"
    rf"(?:{DOCUMENT_PART.pattern})\s+(?:\w+\s+)?(?:says?|said|mentions?|mentioned|lists?|listed|notes?|noted|adds?"
    rf"|added|describes?|described|states?|stated|names?|named|speaks?|spoke|covers?|covered|puts?|put)\b",
    re.I,
)


def in_the_part_named(question: Question, best: Candidate) -> bool:
    """The question names one part of the document as where to look ("What did the joint statement say about
    ...?") and the best statement is a sentence of it the ranker finds likely: the part's few paragraphs leave it
    fewer rivals."""
    return (
        len(question.parts) == 1
        and bool(_LOOKING_IN.search(question.text))
        and best.kind == "sentence"
        and best.probability >= PART_NAMED_FLOOR
    )


# Asked of one matter, what differs between the sides answers whether they saw eye to eye ("While drug consumption
# trends differ in the EU and the US, both sides agree ..."); asked of the whole meeting, a difference in trends is
# no disagreement (rag/outcomes.py lists only those).
_THEIRS_DIFFER = re.compile(r"\bdiffer(?:s|ed)?\b", re.I)


def stating_divergence(
    question: Question, ranked: list[Candidate], near: dict[str, frozenset[str]]
) -> Candidate | None:
    """For a question whether or where the sides differ, the likeliest sentence saying they do ("However, there are
    different interpretations as to ..."), on the question's topic when it names one: a word of it, or one the
    model reads as it (`near`), in the sentence or its heading ("on visas" is not answered by migrant smuggling's
    "different geographical focus"). The gate, made for one fact asked in the text's words, reads "Are they on the
    same page about ...?" as far from any."""
    if not question.divergence:
        return None
    topic = words_beyond(question.text, question, TALK_TERMS | _DIVERGENCE_TERMS)
    for candidate in ranked:
        if candidate.kind != "sentence" or not (
            DIVERGENCE_STATED.search(candidate.text) or _THEIRS_DIFFER.search(candidate.text)
        ):
            continue
        said = set(terms(f"{candidate.text} {'' if in_statement(candidate) else candidate.paragraph.section}"))
        if not topic or any(word in said or near.get(word, frozenset()) & said for word in topic):
            return candidate
    return None
