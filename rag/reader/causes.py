"""Causes asked for: "why" (a sentence giving a cause) and "how did X affect Y" (a sentence giving X as the cause of
what it says of Y). The gate is trained on questions with one fact for an answer and reads both as far from any;
the sentence that states the cause is found by its wording instead, among those the ranker finds likely."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.reader.candidates import Candidate
from rag.reader.question import Question
from rag.reader.question_wording import LIGHT_VERBS, TALK_TERMS, asks_why, effect_asked
from rag.reader.requests import MEETING_TERMS
from rag.text import terms

REASON_MARGIN = 0.5  # a sentence giving a cause may rank this far below the best ...
REASON_FLOOR = 0.5  # ... and is trusted from this ranker probability
# Asked what a cause did, with nothing affected named, each likely sentence giving it as a cause is one of its effects:
# the wording is the evidence, so the ranker (which finds no topic beyond the cause) need only find them this likely.
EFFECTS_FLOOR = 0.25
_MAX_EFFECTS = 3

BECAUSE = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result\s+of|on\s+account\s+of)\b|^\W*(?:since|given\s+that)\s"
    # (a ground: "... to all EU Member States as a matter of reciprocity", "... as a response to the migration crisis";
    # not a purpose, which says what a deed was for, often some other deed's: "in order to be considered ...")
    r"|\b(?:as\s+a\s+matter\s+of|(?:as\s+a|in)\s+response\s+to|in\s+the\s+wake\s+of)\b"
    # (what a deed waits for: "the negotiations ... had been paused in March 2020, after four rounds, pending progress
    # in the trilogues")
    r"|,?\s+pending\s+(?:progress|the\s+outcome|completion|agreement|adoption|a\s+decision)\b"
    # (the cause said first: "there are different interpretations ..., and therefore the matter will require ...")
    r"|\b(?:and\s+)?(?:therefore|hence|consequently|for\s+this\s+reason)\b",
    re.I,
)
# A cause named after the words that make it one: "... because of the COVID-19 pandemic", "crime exploiting the
# pandemic", "... following the attacks in Christchurch", "... online during the lockdowns" (the words asked as the
# cause must follow: "during the meeting" is no cause of anything the pandemic is asked to have done).
_CAUSED_BY = re.compile(
    r"\b(?:because\s+of|due\s+to|owing\s+to|as\s+a\s+result\s+of|on\s+account\s+of|in\s+(?:the\s+)?light\s+of"
    r"|in\s+the\s+wake\s+of"
    r"|amid|following|exploiting|during)\s+(?P<cause>[^,;:.()]{1,80})",
    re.I,
)


def gives_a_cause(question: Question, candidate: Candidate) -> bool:
    """Whether a question asks why and the sentence gives a cause."""
    return asks_why(question.text) and bool(BECAUSE.search(candidate.text))


def giving_the_reason(question: Question, ranked: list[Candidate], known: Callable[[str], bool]) -> Candidate | None:
    """ "Why was the 2020 ministerial held online?": of the likely sentences, the first that gives a cause ("...
    was held by video conference because of the COVID-19 pandemic"): the one ranked first, or one nearly as likely
    where it gives none."""
    if not ranked or not asks_why(question.text):
        return None
    if BECAUSE.search(ranked[0].text):
        # (ranked first and giving a cause: trusted as such, as one ranked below it would be; "... was held by video
        # conference because of the COVID-19 pandemic" for "Why didn't the ministers meet in Zagreb?", gate 0.64)
        return ranked[0] if ranked[0].kind == "sentence" else None
    if any(not known(term) and term not in TALK_TERMS | LIGHT_VERBS for term in question.terms):
        # "Why was the e-evidence negotiation paused?" where no pause is ever spoken of (a word of asking the corpus
        # never uses is no such thing: "Why did the EU bring up visas?")
        return None
    best = ranked[0].probability
    likely = (c for c in ranked[1:] if c.kind == "sentence" and c.probability >= best - REASON_MARGIN)
    return next((c for c in likely if BECAUSE.search(c.text)), None)


@dataclass(frozen=True)
class Effects:
    found: list[Candidate]  # likely sentences giving the cause asked about, best first
    each: bool  # nothing affected was named: each is one of the cause's effects, and all of them the answer


def giving_the_effect(question: Question, ranked: list[Candidate], near: dict[str, frozenset[str]]) -> Effects | None:
    """ "How did the pandemic affect the 2020 meeting?": of the likely sentences, the first that gives the pandemic as
    a cause and states what it affected ("The meeting ... was held by video conference because of the COVID-19
    pandemic"); with nothing affected named ("What impact did the pandemic have?"), each that gives it as a cause. A
    sentence naming both without saying one caused the other answers nothing of the effect ("... the US CLOUD Act
    and the Commission's proposals" on what the CLOUD Act did to the e-evidence talks)."""
    asked = effect_asked(question.text)
    if asked is None or not ranked:
        return None
    cause, affected = set(terms(asked[0])), set(terms(asked[1]))
    if not cause:
        return None  # "How did they affect it?": the conversation's, read by the gate
    best = ranked[0].probability
    effects: list[Candidate] = []
    for candidate in ranked:
        if candidate.kind != "sentence" or candidate.probability < best - REASON_MARGIN:
            continue
        given = {word for found in _CAUSED_BY.finditer(candidate.text) for word in terms(found["cause"])}
        if not all(_means(w, given, near) for w in cause):
            continue
        stated = set(terms(f"{candidate.text} {candidate.paragraph.section}"))
        unstated = [w for w in affected if not _means(w, stated | _meeting_words(stated), near)]
        if len(unstated) <= len(affected) // 2:  # (one word of two may be put otherwise: "the PNR review" is
            effects.append(candidate)  # "the PNR evaluation")
        if affected and effects:
            break
    return Effects(effects[:_MAX_EFFECTS], each=not asked[1]) if effects else None


def effect_unsaid(question: Question, best: Candidate, near: dict[str, frozenset[str]]) -> str:
    """The cause an effect question asks about, when the answer found never names it ("What effect did the lockdowns
    have on child sexual abuse material?": Helsinki's concern about its growth says nothing of lockdowns) or names
    it without giving it as a cause or speaking of an effect ("How did the CLOUD Act affect the e-evidence talks?":
    the sides briefing each other on the Act and on the Commission's proposals); "" otherwise, and for any other
    question. ("... exchanged views on the GDPR and its potential impact on transatlantic data exchange" says it.)"""
    asked = effect_asked(question.text)
    if asked is None:
        return ""
    cause = terms(asked[0])
    stated = set(terms(f"{best.text} {best.paragraph.section}"))
    given = {word for found in _CAUSED_BY.finditer(best.text) for word in terms(found["cause"])}
    if all(_means(w, stated, near) for w in cause) and (
        all(_means(w, given, near) for w in cause) or stated & _EFFECT_WORDS
    ):
        return ""
    return asked[0]


_EFFECT_WORDS = frozenset(terms("impact impacts effect effects consequence consequences affect affected result"))


def _meeting_words(stated: set[str]) -> frozenset[str]:
    """Every word for a meeting, where one is stated ("the ministerial" is "the meeting")."""
    return MEETING_TERMS if stated & MEETING_TERMS else frozenset()


def _means(word: str, said: set[str], near: dict[str, frozenset[str]]) -> bool:
    """Whether `said` has the word, a longer form of it ("covid" in "covid-19") or one the model reads as it."""
    if word in said or (len(word) >= 4 and any(s.startswith(word) for s in said)):
        return True
    return bool(near.get(word, frozenset()) & said)
