"""What a follow-up's pronouns and ordinals stand for: "he" is the person the last question asked about, "it" the
matter or name it asked of, "there" its meeting, "the second one" the second item the last answer listed. The
conversation (rag/conversation.py) borrows these for the follow-up's query and pins the names the answer must name."""

from __future__ import annotations

import calendar
import re
from typing import TYPE_CHECKING

from rag.corpus import salient_names
from rag.text import SPACED_MARKER, split_sentences, terms

if TYPE_CHECKING:
    from rag.conversation import ResolvedQuestion

ANAPHORA = frozenset(
    [
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "they",
        "them",
        "their",
        "theirs",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "former",
        "latter",
        "same",
        "such",
        "both",
        "either",
        "else",  # "Who else came?": someone besides those the last answer named
    ]
)
PERSONAL = frozenset(["he", "she", "him", "her", "his", "hers"])
_WHERE_OR_WHEN = frozenset(["there", "then"])
_THING = frozenset(["it", "its", "this", "that", "these", "those"])  # what a thing said before is referred to by
_MONTHS = frozenset(calendar.month_name[1:])
PLURAL = frozenset(["they", "them", "their", "theirs"])
OTHERS = frozenset(["else"])  # "Who else came?": others than the last answer's people, who are not pinned
WH = re.compile(r"\b(what|who|whom|whose|which|when|where|why|how|did|does|do|is|are|was|were|can|will)\b", re.I)
MARKER = SPACED_MARKER
_NAME = re.compile(r"\b(?:[A-Z][\w’'.-]*(?:\s+(?:of|for|and|the|de|van|von)?\s*[A-Z][\w’'.-]*)*)")
_NUMBER = re.compile(r"\b(?:\d[\d,./-]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b", re.I)


def only_what_a_side_said(question: str) -> bool:
    """A question asking only what a side said, wanted or did ("What did the EU side report?"): its topic is the
    conversation's."""
    from rag.reader.gazetteer import PARTIES, parties_in, without_parties
    from rag.reader.requests import SAID_TERMS

    if not parties_in(question) or _ONE_OF_THEM.search(question):
        return False  # ("Which of them were Austrian?" picks out some of those the last answer named)
    return not set(terms(without_parties(question, frozenset(PARTIES)))) - SAID_TERMS


_ONE_OF_THEM = re.compile(
    r"\b(?:which|who|how\s+many)\s+(?:of|among)\s+(?:them|those|these)\b|^\W*(?:and\s+)?which\s+(?:ones?\s+)?(?:were|are)\b",
    re.I,
)


def _names(text: str) -> list[str]:
    """Names and figures from a text: what a pronoun in the next question most likely means."""
    if not text:
        return []
    text = MARKER.sub("", text)
    names = [m.group(0) for m in _NAME.finditer(text) if len(m.group(0)) > 2]
    return list(dict.fromkeys(names + _NUMBER.findall(text)))


def persons_meant(last_answer: str, previous: ResolvedQuestion, *, as_written: bool = False) -> list[str]:
    """The last answer's names, or those of them the last question asked about: after "Who is Chad Wolf?", "he"
    is Chad Wolf, not William Barr beside him in the answer (all of them had made "Which meetings did he attend?"
    every meeting the US came to). `as_written`: the answer itself rather than its names, for reading the people in
    it (its names end to end made people of neighbours' words: "Presidency Justice" from "The Austrian Presidency"
    and "Justice and Home Affairs")."""
    asked = [n for n in _NAME.findall(previous.standalone) if " " in n and n in last_answer]
    if asked:
        return asked
    if previous.people and set(re.findall(r"[a-z]+", previous.question.lower())) & PERSONAL:
        return [previous.people]  # "Was he at Sofia?", then "Which meetings did he attend?": the same person
    return [MARKER.sub("", last_answer)] if as_written else _names(last_answer)


# "the second one", "the last of those", "And on the first?": one item of what the last answer listed.
_ORDINALS = {"first": 0, "former": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "latter": -1}
ORDINAL_REFERENCE = re.compile(
    r"\bthe\s+(first|second|third|fourth|fifth|last|latter|former)\s+"
    r"(?:one\b|(?:item|topic|point|issue|subject)s?\b(?:\s+(?:on\s+the\s+(?:agenda|list)|listed))?|"
    r"of\s+(?:those|them|these)\b)"
    r"|^\W*(?:and\s+)?(?:(?:on|about|for|in|of)\s+)?the\s+(first|second|third|fourth|last)\W*$",
    re.I,
)


# An agenda item as an answer gives it: "1(a) Information sharing, including ... [1].", after "At Helsinki, ...: ".
_AGENDA_ITEM = re.compile(r"(?:^|:\s)\d+(?:\([a-z]\))?\s+(?P<item>[^:]+?)\s*\.?$")


def _agenda_listed(answer: str) -> list[str]:
    """The items of an agenda the answer gave (rag/agenda.py), in its order; [] for any other answer."""
    found = [_AGENDA_ITEM.search(sentence) for sentence in split_sentences(answer)]
    return [m["item"] for m in found if m] if len(found) > 1 and all(found) else []


def _listed(answer: str, asked: str) -> list[str]:
    """The names an answer gives that its question did not ask with ("Colombia", "China" for "Which producer
    countries did the US name?"), in the order it gives them."""
    named = []
    for name in _names(answer):
        name = re.sub(r"^(?:The|A|An)\s+", "", name)
        if name[:1].isupper() and not set(name.split()) & set(asked.split()) and name not in named:
            named.append(name)
    return named


def ordinal_item(question: str, previous: ResolvedQuestion | None, last_answer: str) -> str:
    """The question with "the second one" put as the item it means, or unchanged."""
    found = ORDINAL_REFERENCE.search(question)
    if found is None or previous is None:
        return question
    said = MARKER.sub("", last_answer)
    items = _agenda_listed(said) or _listed(said, previous.standalone)
    at = _ORDINALS[(found.group(1) or found.group(2)).lower()]
    if len(items) < 2 or at >= len(items):
        return question
    if found.group(2):  # "And on the second?": the item alone, asked in the previous question's frame
        return f"And {items[at]}?"
    return f"{question[: found.start()]}{items[at]}{question[found.end() :]}"


# "that same meeting", "this ministerial": the meeting the conversation is at (its scope), no matter to pin.
_THAT_MEETING = re.compile(
    r"\b(?:that|this|the)\s+(?:same\s+|very\s+)?(?:meeting|ministerial|conference|summit|session)\b", re.I
)


# "When will they meet next?": "they" are the sides, who meet again whatever the last question's matter was (after
# "And on PNR?" it had pinned PNR, which the record of the next meeting does not name: "name no date").
_MEET_AGAIN = re.compile(r"\bmeet(?:ing)?\s+(?:again|next)\b", re.I)


def pinned_names(question: str, previous: ResolvedQuestion, last_answer: str) -> str:
    """What "it", "they" or "that" stands for, by name: the answer must be about it, so the names are pinned
    like the question's own. A personal pronoun's people are not ("What was her title?" names no one). "there"
    and "then" stand for a place or a time: after "What did the Sofia meeting say about PNR?", "Who led the US
    side there?" is about Sofia, not PNR."""
    tokens = set(re.findall(r"[a-z’']+", _THAT_MEETING.sub(" ", question).lower()))
    if not tokens & (ANAPHORA - PERSONAL - OTHERS) or _MEET_AGAIN.search(question):
        return ""
    only_where = not tokens & (ANAPHORA - PERSONAL - _WHERE_OR_WHEN - OTHERS)
    named = " ".join(_where_or_when(salient_names(previous.standalone), only_where)) or previous.pinned
    if not only_where:
        named = _no_cities(named)
    answered = list(dict.fromkeys(_where_or_when(salient_names(MARKER.sub("", last_answer)), only_where)))
    return named or (" ".join(answered) if len(answered) <= 2 else "")


def _where_or_when(names: list[str], only: bool) -> list[str]:
    """`names`, or (`only`) those of places and times, when a "there" or "then" is what refers to them; when
    none is a place or time, "there" means the matter itself ("the PNR talks ... what was agreed there?")."""
    from rag.reader.gazetteer import party_of

    if not only:
        return names
    placed = [n for n in names if (party_of(n) and not n.isupper()) or any(c.isdigit() for c in n) or n in _MONTHS]
    return placed or names


# Words after "on"/"about" that name no matter: "Did they agree on anything?"
NO_MATTER = frozenset(terms("anything something everything nothing else all any"))


def referent(question: str, previous: ResolvedQuestion, last_answer: str) -> str:
    from rag.reader.gazetteer import party_of

    tokens = set(re.findall(r"[a-z’']+", _THAT_MEETING.sub(" ", question).lower()))
    if only_what_a_side_said(question):
        return topic_of(previous)  # "What did the EU side say?": on what the conversation is about
    if not tokens & ANAPHORA and WH.search(question) and len(terms(question)) >= 2:
        return ""  # "And who represented the EU?": a whole question of its own; it needs nothing borrowed
    if tokens & PERSONAL:
        return " ".join(persons_meant(last_answer, previous) or salient_names(previous.standalone))
    if tokens & PLURAL:
        # "they": the side or people the previous question was about, and what it asked about them ("Did they
        # agree?" after "What did the US say about drugs?" is about drugs, not about whatever the US agreed).
        # Asked about a matter of its own, only who they are: the previous question ("What did they agree on
        # drugs?" after "Who hosted it?" had borrowed that question, the one before and the answer's names).
        from rag.reader.requests import MATTER_NAMED

        named = MATTER_NAMED.search(question)
        if named and set(terms(named["matter"])) - NO_MATTER and not tokens & ANAPHORA - PLURAL:
            return previous.standalone
        return topic_of(previous)
    if only_who_came_asked(question):
        return ""  # "Who attended?": the meeting the conversation is on says where; there is no matter to borrow
    if len(terms(question)) <= 1:
        # Little topic of its own ("When was it adopted?"): the previous question is the topic, with what it borrowed
        # in turn ("About what exactly?" after "Did the US raise any concerns?" on money laundering).
        borrowed = previous.context or previous.carried
        return f"{previous.standalone} {borrowed} {' '.join(_names(last_answer)[:6])}".strip()
    only_where = not tokens & (ANAPHORA - PERSONAL - _WHERE_OR_WHEN)
    names = _where_or_when(salient_names(previous.standalone), only_where)
    if tokens & _THING and names and all(party_of(name) for name in names):
        # "it" after "What is the EU counterpart?" (a follow-up on e-evidence) is the counterpart, not the EU: a
        # follow-up naming only sides keeps the conversation's matter (the EU alone had become the topic of every
        # follow-up after it).
        return topic_of(previous)
    named = " ".join(names)
    return (named if only_where else _no_cities(named)) or topic_of(previous)


def only_who_came_asked(question: str) -> bool:
    """ "Who attended?", "Who took part?", "Who was at the meeting?": who came, and nothing of a matter, so in a
    conversation it asks who came to the meeting the conversation is on. (Read from the words, before any analysis:
    the reader's `requests.asks_only_who_came` reads the analysed question.)"""
    from rag.reader.eligibility import CAME_VERBS
    from rag.reader.question_wording import who_did

    own = set(terms(question)) - set(terms(f"{who_did(question)} meeting ministerial there part"))
    return who_did(question).split(" ")[0] in CAME_VERBS and not own


def _no_cities(names: str) -> str:
    """Names without the cities among them: "it" after "What did the Sofia meeting say about the visa waiver
    programme?" is the programme, not Sofia (a city is where something happened, "there")."""
    from rag.reader.gazetteer import CITIES

    return " ".join(name for name in names.split() if name.lower() not in CITIES)


def topic_of(previous: ResolvedQuestion) -> str:
    """What the previous exchange was about when it names nothing: its question's words ("Which scandal was
    mentioned in the cybersecurity discussion?" -> "it" is that matter), and what that question borrowed in turn."""
    return f"{previous.standalone} {previous.context or previous.carried}".strip()
