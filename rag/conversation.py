"""Resolving follow-ups without an LLM (what their pronouns stand for: rag/conversation_referents.py).

A follow-up ("What was her title?", "Which countries did they name?") leans on the conversation: we detect it
by its anaphora or its brevity and expand it with the topic of the previous exchange, the earlier question's
words and the names and figures of the earlier answer, so retrieval finds what a person would expect.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.composer import ABSTENTION, NOT_STATED
from rag.contract import Turn
from rag.conversation_referents import (
    ANAPHORA,
    MARKER,
    NO_MATTER,
    ORDINAL_REFERENCE,
    OTHERS,
    PERSONAL,
    PLURAL,
    WH,
    only_who_came_asked,
    ordinal_item,
    persons_meant,
    pinned_names,
    referent,
    topic_of,
)
from rag.reader.gazetteer import CITIES
from rag.reader.question_wording import only_more
from rag.scope import WHICH_TIME
from rag.text import terms

_CONTINUATIONS = (
    "and ",
    "also ",
    "what about",
    "how about",
    "what else",
    "anything else",
    "anything on ",
    "anything about ",
    "anything regarding ",
    "and?",
    "why?",
    "how?",
)
_MAX_CONTEXT_CHARS = 600  # the embedding reads 256 tokens; more context only dilutes


@dataclass(frozen=True)
class ResolvedQuestion:
    question: str  # what the person asked
    query: str  # what retrieval uses: the standalone question and the context borrowed from the conversation
    followup: bool
    already_said: str = ""  # a follow-up's previous answer: asking again means wanting something new
    own: str = ""  # the standalone question: what it pins down must hold of the answer
    context: str = ""  # what a pronoun of the question refers to, from the conversation (helps retrieval)
    pinned: str = ""  # the referent's names ("it" -> "CLOUD Act"): what the answer's evidence must also name
    people: str = ""  # what a personal pronoun ("her", "his") may stand for: the last answer's names
    at_meetings: bool = False  # the conversation named the meetings it is about ("there" after "in Helsinki")
    carried: str = ""  # the conversation's topic before a question of its own, for the follow-ups after it
    framed: bool = False  # the last question's frame with the follow-up's words in it ("And the EU?")
    announced: bool = False  # it names a meeting only announced ("the Washington meeting"): the next one
    meeting_named: bool = False  # it names an indexed meeting, which the scope holds ("the meeting after Bucharest")
    on_topic: bool = False  # a question of its own read again on the conversation's topic (it says nothing of it)

    @property
    def standalone(self) -> str:
        return self.own or self.question

    @property
    def borrows_nothing(self) -> bool:
        """Read as asked, with nothing from the conversation: a question of its own, or a follow-up put as one
        ("And what did the US want?")."""
        return self.standalone == self.question and not (self.context or self.pinned or self.framed)


_WH_WORD = r"(what|who|whom|when|where|why|which|how many|how much|how)"
# ("To whom?" after "Who issued it?": the same question, asking to whom)
_BARE_WH = re.compile(rf"((?:(?:to|from|with|by|for)\s+)?{_WH_WORD})\W*", re.I)
# (a frame may open with a preposition and ask what kind of thing: "At what level will they look at it?" is the frame
# of "When?" as "When will they look at it?")
_LEADING_WH = re.compile(
    rf"\W*(?:(?:at|in|on|to|from|with|by|for|of)\s+)?(?:(?:what|which)\s+\w+(?=\s+(?:is|are|was|were|will|would|did"
    # (or the thing that did it: "When?" after "Which country signed a CLOUD Act agreement with the US?" asks when
    # it signed, not "When country signed ...")
    rf"|do|does|has|have|had|can|could|should|\w+ed|met|held|led|took|gave|sent|made|won|began|put|set)\b)|{_WH_WORD}\b)",
    re.I,
)
_THING_ASKED = re.compile(r"\W*(?:what|which)\s+\w+", re.I)  # "Which group ...": a thing, which the answer names
# A question that only says what kind of answer it wants: "On what date exactly?", "In which city?".
_BARE_KIND = re.compile(
    r"((?:(?:on|in|at|for)\s+)?(?:what|which)\s+(?:date|dates|day|days|year|month|time|city|country|place|venue))"
    r"(?:\s+(?:exactly|precisely))?\W*",
    re.I,
)
# "Which ones?" after "How many member states ...?": the same question, asking which ("Which member states ...?").
_WHICH_ONES = re.compile(
    r"(?:which|what)\s+ones?(?:\s+(?:are|were)\s+(?:they|those|these))?\W*|(?:name|list)\s+them\W*"
    r"|(?:which|what|who)\s+(?:are|were)\s+(?:they|those|these)\W*",
    re.I,
)
_HOW_MANY = re.compile(r"\W*how\s+many\s+(?=\w)", re.I)
_CONTINUATION = re.compile(
    r"^\s*(and|also|but|so|what about|how about|and what about|anything (?:on|about|regarding))\b[\s,]*", re.I
)
# A place or time said as where or when something happened: "in Washington", "at the Sofia meeting", "in 2019".
_MONTH_NAMES = "|".join(calendar.month_name[1:])
_BY_A_TIME = (
    rf"\b(?:by|as\s+of|before|after|until)\s+(?:(?:{_MONTH_NAMES})(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d"
    # ... or by a meeting, the time things stood at then: "And by the video conference?" after "How many rounds had
    # taken place by Helsinki?" (it had been put in place of the topic: "How many rounds on by the video conference?")
    r"|(?:the\s+time\s+of\s+)?(?:the\s+)?(?:(?:[A-Z][\w.-]*\s+)?(?:meeting|ministerial)|video[\s-]?conference"
    rf"|videoconference|(?i:{'|'.join(sorted(CITIES))})))\b"
)
_ADJUNCT = re.compile(
    r"\b(?:in|at|during)\s+(?:the\s+)?(?:[A-Z][\w.,-]*|(?:19|20)\d\d)(?:\s+(?:[A-Z][\w.-]*|(?:19|20)\d\d|meeting|ministerial))*"
    # ... or a meeting said by how it was held: "at the video conference" (then "And at Helsinki?" had been asked
    # "... at the video conference at Helsinki?", a meeting no index holds)
    r"|\b(?:in|at|during)\s+(?:the\s+)?(?:(?:19|20)\d\d\s+)?(?:video[\s-]?conference|videoconference|online\s+meeting)\b"
    # ... or a time things stood at: "by June 2019" (then "And by December?" had asked June again)
    rf"|{_BY_A_TIME}"
)
# A fragment that is nothing but a place or time, in lower case too: "And at the video conference?".
_ONLY_ADJUNCT = re.compile(rf"(?:in|at|during)\s+(?:the\s+)?\w[\w.,-]*(?:\s+[\w.,-]+){{0,3}}|{_BY_A_TIME}", re.I)
# Where a question says what it is about: "What was said about PNR?", "What did the EU report on migration?".
_TOPIC_SLOT = re.compile(r"\b(?:about|regarding|concerning|on)\s+", re.I)
# Whether "it" (or "that") came up somewhere: "Did it come up again in 2020?", "Was that followed up at the next
# ministerial?", "Did they discuss it in Helsinki?". The pronoun is the matter the last question was about.
_IT_CAME_UP = re.compile(
    r"\b(?P<it>it|that)\s+(?:(?:ever|also|again|really)\s+)?(?:(?:come|came|get|got|been|be)\s+)?(?:up|discussed|raised"
    r"|mentioned|addressed|followed\s+up|brought\s+up|revisited|taken\s+up|on\s+the\s+agenda|talked\s+about)\b"
    r"|\b(?:discuss|discussed|raise|raised|mention|mentioned|address|addressed|revisit|revisited|bring\s+up"
    r"|follow\s+up\s+on|come\s+back\s+to|return\s+to|talk\s+about)\s+(?P<object>it|that)\b",
    re.I,
)
# The matter a question is about: "What was said about child sexual abuse material in Helsinki?" -> "child sexual
# abuse material" (the meeting it was asked of is no part of it).
_MATTER = re.compile(
    r"\b(?:about|regarding|concerning)\s+(?P<matter>[^?.!]+?)(?:\s+(?:in|at|during)\s+[^?.!]*)?\W*$", re.I
)
_SALIENT = re.compile(r"(?<![\w-])(?:[A-Z][\w’'.]*[A-Z]|[A-Z]{2,}|[A-Z][a-z][\w’'.-]*)(?![\w-])")


# "the next one", "that one", "the other one": a pronoun for something the conversation named.
# "the other two", "the others", "the rest": those the last answer named, less the one asked about.
_ONE = re.compile(
    r"\b(?:the|that|this)\s+(?:(?:next|last|first|previous|other|same|earlier|later|remaining)\s+)?ones?\b"
    r"|\bthe\s+(?:other|remaining)\s+(?:two|three|four|five|six|\d+)\b|\bthe\s+(?:others|rest)\b",
    re.I,
)


# "the cooperation", "the agreement", with nothing saying which (or "the deadline", of what): the one the conversation
# is on ("Will the cooperation continue?" after the smuggling discussion had been read alone, and given the
# counter-terrorism one).
_THE_SAME_THING = re.compile(
    r"\bthe\s+(?P<noun>cooperation|collaboration|agreement|negotiations?|talks|discussions?|programme|program"
    r"|evaluation|review|proposals?|measures?|plans?|initiatives?|project|process|dialogue|exercise|mandate|deal"
    r"|arrangements?|partnership|directive|regulation|recommendation"
    # ... and its time: "What is the target date?" after the Budapest protocol had been read alone
    r"|deadline|target(?:\s+date)?|timeline|timetable|schedule|date)\b"
    r"(?!\s+(?:on|of|with|between|about|for|against|to|under|in)\b)",
    re.I,
)


def _the_same_thing(question: str) -> re.Match[str] | None:
    """Where the question speaks of "the cooperation" (or agreement, talks ...) and of little else."""
    found = _THE_SAME_THING.search(question)
    if found is None or len(set(terms(question)) - set(terms(found["noun"]))) > 1:
        return None
    return found


# What comes next, of the matter spoken of: "What will happen next?", "What are the next steps?" (read alone, about
# nothing: "next" is after what the conversation last said).
_WHAT_NEXT = re.compile(
    r"\b(?:happens?|happen(?:ed|ing)?|comes?)\s+(?:next|now)\b|\bnext\s+steps?\b|\bwhat(?:'s|’s|\s+is)\s+next\b", re.I
)


def is_followup(question: str) -> bool:
    lowered = question.lower().strip()
    if _WHAT_NEXT.search(question):
        return True
    tokens = re.findall(r"[a-z’']+", lowered)
    if any(token in ANAPHORA for token in tokens) or lowered.startswith(_CONTINUATIONS) or _ONE.search(question):
        return True
    if _the_same_thing(question):
        return True
    # "And the EU?" / "Why?" carry no topic of their own; nor do "Who took part?" and "Was anything agreed?" (after
    # aviation security, the whole meeting's agreements had been listed)
    return len(set(terms(question)) - NO_MATTER) <= 1 or only_who_came_asked(question)


def resolve(question: str, history: Sequence[Turn], switched: bool = False) -> ResolvedQuestion:
    """Resolve `question` against the conversation so far (oldest turn first). The question's own content
    always wins: the conversation only supplies what it lacks (a pronoun's referent, an elided frame).
    `switched`: the person said the topic changes, in words no longer in `question` ("Switching topics: ...")."""
    return _resolve_one(question, *_so_far(history), switched=switched)


def says_topic_switch(text: str) -> bool:
    """Whether the person says the topic changes ("Switching topics: ...", "On a different note, ...")."""
    return bool(_TOPIC_SWITCH.search(text))


def _so_far(history: Sequence[Turn]) -> tuple[ResolvedQuestion | None, str]:
    """The conversation's last question, resolved as it was asked, and the answer given to it."""
    previous: ResolvedQuestion | None = None
    last_answer = asserted = ""
    for turn in history:
        if turn.role == "user":
            previous, last_answer = _resolve_one(turn.content, previous, last_answer), ""
        elif not _refusal(turn.content):
            last_answer = asserted = turn.content
        else:
            # A refusal asserts nothing: the next question's pronoun cannot mean a word of it ("How many are there?"
            # after "The proceedings do not say: ..." had pinned "The"), nor is it something said already. A
            # follow-up refused leaves the conversation on the last answer's passage ("Did the EU agree?" after "What
            # did the US propose there?" was refused is asked of the US proposal just given); one of its own does not.
            last_answer = asserted = asserted if previous is not None and not previous.borrows_nothing else ""
    return previous, last_answer


def _refusal(answer: str) -> bool:
    text = answer.strip()
    return text.startswith(ABSTENTION) or text.startswith(NOT_STATED.partition("{")[0])


def last_asked(history: Sequence[Turn]) -> ResolvedQuestion | None:
    """The conversation's last question, resolved as it was asked (None without one)."""
    return _so_far(history)[0]


def on_the_topic(question: str, history: Sequence[Turn]) -> ResolvedQuestion | None:
    """`question` read as continuing the conversation's topic, though it does not say so: "What triggered the
    concern?" after "Did election security come up?". The topic helps retrieval and pins nothing; the engine asks
    this only when the question read on its own found no answer (its own content comes first). None without an
    earlier question."""
    previous, last_answer = _so_far(history)
    if previous is None:
        return None
    context = topic_of(previous)
    query = f"{question} {context}".strip()[: len(question) + _MAX_CONTEXT_CHARS]
    said = MARKER.sub("", last_answer)
    return ResolvedQuestion(question, query, True, said, own=question, context=context, on_topic=True)


# Americans, what did they want?".
_SUBJECT_FIRST = re.compile(
    r"^\W*(?:and|what about|how about|as for)\s+(?P<subject>[^,?]{2,40}?)\s*,\s*"
    r"(?P<rest>(?:what|who|when|where|which|how|did|does|do|is|are|was|were)\b[^?]*\?*)\s*$",
    re.I,
)
_SUBJECT_PRONOUN = re.compile(r"\b(?:(?P<own>its|their|his|her)|it|they|he|she)\b", re.I)


def _subject_put_in(question: str) -> str:
    """The question about a subject put first, with the subject in place of its pronoun ("What about the EU side,
    what did it report?" -> "What did the EU side report?"); unchanged otherwise."""
    found = _SUBJECT_FIRST.match(question)
    if found is None or not (pronoun := _SUBJECT_PRONOUN.search(found["rest"])):
        return question
    rest, subject = found["rest"], found["subject"]
    said = f"{subject}'s" if pronoun["own"] else subject
    put = f"{rest[: pronoun.start()]}{said}{rest[pronoun.end() :]}"
    return put[:1].upper() + put[1:]


# Typed in a hurry: "who led the eu delegation", "what did the us say about drugs", "whats the next meeting".
# Lower-case "eu" is only ever the EU; "us" is the US after "the" or before a word of a side ("us delegation"),
# otherwise the pronoun ("tell us").
_TYPED_AS = (
    (re.compile(r"\beu\b", re.I), "EU"),
    (re.compile(r"\bu\.s\.(?=\s|$)", re.I), "U.S."),
    (
        re.compile(
            r"(?<=\bthe )us\b|(?<=\bEU-)us\b|\bus(?=[\s-]+(?:delegation|side|government|administration|authorities"
            r"|officials?|position|view|stance|attorney|secretary|-eu)\b)"
        ),
        "US",
    ),
    (re.compile(r"\b(what|who|where|when|how)s\b", re.I), r"\1's"),
    # The meeting as who spoke is where it was said: "What did the 2020 meeting say about travel?" is "What was said
    # at the 2020 meeting about travel?", "What did the meeting say about travel?" "What was said about travel?"
    # ("meeting" had led retrieval to the meeting's own records).
    (
        re.compile(
            r"^(\W*(?:and\s+|so\s+)?what\s+)did\s+(?:(?:the|this|that|these|those)\s+(?:meetings?|ministerials?|talks)"
            r"|(?P<which>(?:the|this|that|these|those)\s+(?:[\w.,-]+\s+){1,4}?(?:meetings?|ministerials?|conferences?"
            r"|talks)))\s+(?:say|said)\b",
            re.I,
        ),
        lambda said: f"{said.group(1)}was said" + (f" at {said['which']}" if said["which"] else ""),
    ),
    # What was agreed, named as what it is: "What follow-up actions were agreed?" is "What was agreed?", "What
    # steps were agreed on PNR?" "What was agreed on PNR?" (the noun, in no sentence, had kept the gate below).
    (
        re.compile(
            r"^(\W*(?:and\s+|so\s+)?what\s+)(?:(?:follow[\s-]?up|further|concrete|specific|joint|practical|next)\s+)?"
            r"(?:actions?|measures?|steps?|commitments?|decisions?)\s+(?:was|were|have\s+been|has\s+been)\s+"
            r"(agreed|decided)\b",
            re.I,
        ),
        r"\1was \2",
    ),
    # A side's reply named alone is how it responded: "And the EU's answer?" after the US urging repatriation had
    # taken the last question's frame ("What did the EU urge about nationals held in Syria?") and been refused.
    (
        re.compile(
            r"^\W*(?:and|so|what\s+about|how\s+about)\s+(?P<side>(?:the\s+)?[\w.-]+(?:\s+(?:side|delegation))?)(?:['’]s?)?"
            r"\s+(?:answer|response|reply|reaction)\W*$",
            re.I,
        ),
        lambda asked: f"What was {asked['side']}'s response?",
    ),
)


def _as_meant(question: str) -> str:
    for pattern, meant in _TYPED_AS:
        question = pattern.sub(meant, question)
    return question


# The person says the conversation turns to something else: "Switching topics: ...", "OK, different subject: ...".
_TOPIC_SWITCH = re.compile(
    r"\b(?:switch(?:ing)?\s+(?:topics?|subjects?|gears)|(?:new|different|another|other)\s+(?:topic|subject|question|matter)"
    r"|chang(?:e|ing)\s+(?:the\s+)?(?:topic|subject)|moving\s+on|on\s+(?:a\s+)?(?:different|another|separate)\s+note)\b",
    re.I,
)


def _resolve_one(
    question: str, previous: ResolvedQuestion | None, last_answer: str, switched: bool = False
) -> ResolvedQuestion:
    switched = switched or says_topic_switch(question)
    meant = _as_meant(question)
    # ("What about the EU side, what did it report?" goes on with the conversation as "What about ...?" does.)
    question = _subject_put_in(meant)
    led = question != meant
    one_of_them = previous is not None and (kind_put := _kind_put_in(question, previous)) != question
    if one_of_them:
        question, led = kind_put, True  # ("Which one handles migration?": one of those just asked for)
    if previous is None or not (led or is_followup(question) or ORDINAL_REFERENCE.search(question)):
        # A question of its own is read alone, but may go on with the conversation's topic (the engine's topic
        # retry): "What did the US focus on?" after "What about money laundering?". The topic is carried for the
        # follow-ups after it ("And the EU?" is the EU's focus on money laundering), unless the person says the
        # topic changes ("Switching topics: who led the US delegation?", then "And the EU?", is not about drugs).
        carried = topic_of(previous) if previous is not None and not switched else ""
        return ResolvedQuestion(question, question, False, own=question, carried=carried)
    asked, question = question, ordinal_item(question, previous, last_answer)
    if same := _the_same_thing(question):
        question = f"{question[: same.start()]}that{question[same.start() + 3 :]}"  # "the cooperation": that one
    framed, said_before = False, ""
    fragment = _CONTINUATION.sub("", question).strip()
    context, pinned = previous.context or previous.carried, previous.pinned
    earlier = _CONTINUATION.sub("", previous.standalone)
    if (bare := _BARE_WH.fullmatch(fragment) or _BARE_KIND.fullmatch(fragment)) and (
        frame := _LEADING_WH.match(earlier)
    ):
        # "And when?" or "On what date exactly?" after "Where will the next ministerial take place?": the same
        # question, asking when ("where's the next one" -> "On what date is the next one").
        rest = re.sub(r"^'s\b", " is", earlier[frame.end() :].replace("’", "'"))
        own = f"{bare.group(1).strip().capitalize()}{rest}"
        if _THING_ASKED.match(frame.group(0)):
            # "When?" after "Which group did the US designate?": when it designated the one the last answer named
            # (the Russian Imperial Movement), which is what retrieval looks for ("When did the US designate?" had
            # found another designation, of Cyprus in the Visa Waiver Program, and no date).
            context = f"{context} {MARKER.sub('', last_answer)}".strip()
    elif (
        (bare := _BARE_WH.fullmatch(fragment))
        and bare.group(1).lower() in ("where", "when")
        and (topic := _topic_requested(earlier))
    ):
        # "Where?" after "Tell me about the next meeting.": where it is (asked alone, "Where?" had been answered with
        # where this meeting took place)
        own = f"{bare.group(1).capitalize()} is {topic}?"
    elif _WHICH_ONES.fullmatch(fragment) and (counted := _HOW_MANY.match(earlier)):
        own = f"Which {earlier[counted.end() :]}"
    elif only_more(fragment):
        own = previous.standalone  # "Anything else?": the last question again, for what its answer did not say
        if previous.followup and only_more(_CONTINUATION.sub("", previous.question).strip()):
            said_before = previous.already_said  # asked again ("What else?", "Anything else?"): nor what it said
    elif _WHAT_ABOUT.match(question) and (_another_topic(fragment, earlier) or switched):
        # "What about smuggling?" after "How did the EU describe its migration policy?": a topic of its own, in a
        # frame with no place for one (it had been "... migration policy (smuggling)?"); or in any frame once the
        # person says the topic changes ("Switching topics: what about aviation?" had been "What was agreed about
        # aviation?" after "What was agreed about battlefield evidence?").
        own, context, pinned = question, "", ""
    elif (
        not WH.search(fragment)
        and len(fragment.split()) <= 5
        and not set(fragment.lower().split()) & ANAPHORA
        and not _ONE.search(fragment)
    ):
        # "And the EU?", "What about Canada?": the previous question's frame, with the new name in it.
        own, framed = _substitute(previous.standalone, fragment), True
        if _NARROWED.search(fragment):
            # "Anything on the EU-US agreement specifically?" after PNR narrows the matter, and stays on it: the
            # agreement is the PNR one ("Did they come back to it?" had found the e-evidence agreement).
            context = f"{context} {topic_of(previous)}".strip()
    else:
        own, context = _matter_put_in(question, previous), referent(question, previous, last_answer)
        if one_of_them or _WHAT_NEXT.search(question):
            # (one of those the last question asked for, and its answer named; or what comes next of its matter)
            context = topic_of(previous)
        pinned = pinned_names(question, previous, last_answer)
    borrowed = context if pinned in context else f"{context} {pinned}"
    query = f"{own} {borrowed.strip()}".strip()[: len(own) + _MAX_CONTEXT_CHARS]
    said = "\n".join(part for part in (said_before, MARKER.sub("", last_answer)) if part)
    from rag.reader.question_wording import WHICH_OF

    # "her", "their", or "Which of them ...?": someone the last answer named.
    tokens = set(re.findall(r"[a-z’']+", question.lower()))
    personal = tokens & (PERSONAL | PLURAL | OTHERS) or WHICH_OF.search(question)
    people = ", ".join(persons_meant(last_answer, previous, as_written=True)) if personal else ""
    return ResolvedQuestion(
        asked, query, True, said, own=own, context=context, pinned=pinned, people=people, framed=framed
    )


# What a thing belongs to or is for, said after it: "of the meeting", "for the joint statement".
# A person named in full in a question ("Jeff Sessions", "Věra Jourová"), and a name said alone as a follow-up.
_NAME_WORD = r"[A-Z][a-zà-ž-]+(?:[’'][A-Za-zà-ž]+)?"  # ("O'Brien"; not the possessive of "Sessions'")
_FULL_NAME = re.compile(rf"(?<=\s){_NAME_WORD}(?:\s+{_NAME_WORD})+")
_NAME_ONLY = re.compile(rf"(?:and\s+)?(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\W*")
_NO_PERSON = frozenset(
    {"Union", "States", "State", "Affairs", "Programme", "Agreement", "Regulation", "Act", "Council", "Commission"}
    | {"Presidency", "Statement", "Ministerial", "Meeting", "Justice", "Home", "Security", "Waiver", "Convention"}
)


def _someone_else(frame: str, fragment: str) -> re.Match[str] | None:
    """The person the frame names in full, when the fragment is another's name alone: where that name goes."""
    from rag.reader.gazetteer import CITIES, party_of

    alone = _NAME_ONLY.fullmatch(fragment.strip())
    if (
        alone is None
        or party_of(alone["name"])
        or alone["name"].lower() in CITIES
        or set(alone["name"].split()) & _NO_PERSON
    ):
        return None
    return next(
        (
            m
            for m in _FULL_NAME.finditer(frame)
            if not party_of(m.group(0)) and not set(m.group(0).split()) & _NO_PERSON
        ),
        None,
    )


_OF_A_THING = re.compile(r"\b(?P<of>of|for)\s+(?:the|this|that)\s+[\w-]+(?:\s+[\w-]+)?", re.I)
_NARROWED = re.compile(r"\b(?:specifically|in\s+particular|particularly|exactly|itself)\W*$", re.I)
# ("Anything on terrorism financing?" after "What did the joint statement cover?" asks as "What about ...?" does)
_WHAT_ABOUT = re.compile(r"^\W*(?:and\s+)?(?:(?:what|how)\s+about|anything\s+(?:on|about|regarding))\b", re.I)


def _another_topic(fragment: str, frame: str) -> bool:
    """Whether a "What about ...?" fragment names only a topic (no side, place, time, part or item) and the frame it
    follows has no place for one ("about ...", "on ...")."""
    from rag.reader.gazetteer import parties_in
    from rag.reader.question_meeting import DOCUMENT_PART

    words = fragment.rstrip("?.! ")
    if not words or WH.search(words) or len(words.split()) > 5 or set(words.lower().split()) & ANAPHORA:
        return False
    if _ONE.search(words):  # "What about the other two?": those the conversation named
        return False
    if parties_in(words) or _ONLY_ADJUNCT.fullmatch(words) or DOCUMENT_PART.search(words):
        return False
    return not ORDINAL_REFERENCE.search(words) and not _TOPIC_SLOT.search(frame) and not _ADJUNCT.search(words)


# "Which one ...?": one of the kind the conversation asked for ("Which Commissioners attended?").
_WHICH_ONE = re.compile(r"\b(?P<which>which|what)\s+ones?\b(?!\s+of\b)", re.I)
_KIND_ASKED = re.compile(
    r"\b(?:which|what)\s+(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|should|else|kind|sort"
    r"|type)\b)(?P<kind>[A-Za-z][\w-]+?)(?P<plural>ies|es|s)\b",
    re.I,
)


def _kind_put_in(question: str, previous: ResolvedQuestion) -> str:
    """ "Which one handles migration?" after "Which Commissioners attended?" -> "Which Commissioner handles
    migration?": read alone, "one" asked for nothing the reader could hold a sentence to. Unchanged otherwise."""
    one = _WHICH_ONE.search(question)
    if one is None:
        return question
    for asked in (previous.standalone, previous.context, previous.carried):
        if kind := _KIND_ASKED.search(asked or ""):
            singular = f"{kind['kind']}y" if kind["plural"] == "ies" else kind["kind"]  # ("countries")
            return f"{question[: one.end('which')]} {singular}{question[one.end() :]}"
    return question


def _matter_put_in(question: str, previous: ResolvedQuestion) -> str:
    """The question with the matter the last question was about in place of "it" or "that", when it asks whether
    that came up ("Did it come up again in 2020?" -> "Did child sexual abuse material come up again in 2020?"):
    read on its own words, "Did it come up again?" matched nothing well enough to be trusted. Unchanged otherwise."""
    came_up, matter = _IT_CAME_UP.search(question), _MATTER.search(previous.standalone)
    if came_up is None or matter is None:
        return question
    group = "it" if came_up.group("it") else "object"
    return f"{question[: came_up.start(group)]}{matter['matter']}{question[came_up.end(group) :]}"


def _topic_requested(text: str) -> str | None:
    from rag.reader.requests import topic_requested  # (imported when asked, as the reader's other helpers here)

    return topic_requested(text)


def _substitute(frame: str, fragment: str) -> str:
    """The frame question with the fragment's party put in place of the frame's ("Who headed the US
    delegation?" + "the EU?" -> "Who headed the EU delegation?"); otherwise the fragment is appended."""
    from rag.reader.gazetteer import party_of
    from rag.reader.question_meeting import DOCUMENT_PART

    if (where := _ADJUNCT.match(fragment) or _ONLY_ADJUNCT.fullmatch(fragment.rstrip("?.! "))) is not None:
        # "And in Washington?" after "... in Helsinki?": the other meeting (or place or time), not a party.
        if (said := _ADJUNCT.search(frame)) is not None:
            return f"{frame[: said.start()]}{where.group(0).strip()}{frame[said.end() :]}"
        return f"{frame.rstrip('?.! ')} {where.group(0).strip()}?"
    if (when := WHICH_TIME.fullmatch(fragment.rstrip("?.! "))) is not None:
        # "And the first time?" after "What did the US say about it the last time?": the other time, not a topic
        if (said := WHICH_TIME.search(frame)) is not None:
            return f"{frame[: said.start()]}{when.group(0)}{frame[said.end() :]}"
        return f"{frame.rstrip('?.! ')} {when.group(0)}?"
    if (owner := _OF_A_THING.fullmatch(fragment.rstrip("?.! "))) and (
        said := next(
            (m for m in reversed(list(_OF_A_THING.finditer(frame))) if m["of"].lower() == owner["of"].lower()), None
        )
    ):
        # "And of the document?" after "What was the date of the meeting?": the other thing's date (it had been
        # "What was the date of the meeting (of the document)?", answered with the meeting's dates again)
        return f"{frame[: said.start()]}{owner.group(0)}{frame[said.end() :]}"
    if (part := DOCUMENT_PART.search(fragment)) and (framed := DOCUMENT_PART.search(frame)):
        # "And the outcome section?" after "What did the joint statement say about cybersecurity?": the other part
        return f"{frame[: framed.start()]}{part.group(0)}{frame[framed.end() :]}"
    new = [m.group(0) for m in _SALIENT.finditer(fragment)]
    new_parties = [n for n in new if party_of(n)]
    for match in _SALIENT.finditer(frame):
        if new_parties and party_of(match.group(0)) and match.group(0) not in new_parties:
            return f"{frame[: match.start()]}{new_parties[0]}{frame[match.end() :]}"
    if not new_parties and (person := _someone_else(frame, fragment)) is not None:
        # "And Jourová?" after "What did Jeff Sessions say?": what she said (it had been "What did Jeff Sessions say
        # (Jourová)?", refused as "do not mention Jourová" beside him).
        return f"{frame[: person.start()]}{_NAME_ONLY.fullmatch(fragment.strip())['name']}{frame[person.end() :]}"
    if not new_parties and not ORDINAL_REFERENCE.search(fragment) and (slots := list(_TOPIC_SLOT.finditer(frame))):
        # "What about cybersecurity?" after "What was said about PNR?": the new topic in place of the old one
        # (kept beside it, "PNR" would still be pinned, and no cybersecurity sentence names PNR).
        start = slots[-1].end()
        adjunct = _ADJUNCT.search(frame, start)
        end = adjunct.start() if adjunct else len(frame.rstrip("?.! "))
        topic = _TOPIC_SLOT.sub("", fragment.strip(), count=1) if _TOPIC_SLOT.match(fragment.strip()) else fragment
        return f"{frame[:start]}{topic.strip().rstrip('?.! ')}{' ' if adjunct else ''}{frame[end:].lstrip()}"
    return f"{frame.rstrip('?.! ')} ({fragment.rstrip('?.! ')})?"
