"""A question read on its conversation's topic: one that names no matter of its own ("What did both sides agree
on?") is asked about what the conversation has been about, and one that found nothing read alone is read again
with that topic. `ConversationTopic` is the engine's half that does this (a mixin: the engine sets the attributes
declared here, and gives the reading it calls: `_question`, `_grounded`, `_hits`, `_read`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from llama_index.core.schema import NodeWithScore

from rag.composer import meeting_heading
from rag.contract import Meeting
from rag.conversation import ResolvedQuestion, on_the_topic
from rag.corpus import CorpusStats
from rag.reader import Reading
from rag.reader.answer_types import TYPED, answer_types
from rag.reader.on_topic import conversation_matter, speaks_of
from rag.reader.requests import SAID_TERMS, asks_nothing_of_its_own, words_beyond
from rag.reader.vocabulary import Vocabulary
from rag.settings import Settings
from rag.validation import validate_history

SAID_ALREADY = "they say no more of it than the last answer did"


def all_said(readings: list[tuple[str, Reading]], said: str) -> bool:
    """Whether the readings say the last answer (`said`) over again, all of it and nothing else: that tells the
    person nothing new ("What did the Americans want?" is not answered by repeating the PNR sentence just given),
    where one statement picked out of a longer answer does answer a narrower question."""
    chosen = [c.text.rstrip(".!?") for _, reading in readings for c in reading.chosen]
    left = said
    for text in chosen:
        if text not in left:
            return False
        left = left.replace(text, "")
    return bool(said) and bool(chosen) and not any(ch.isalpha() for ch in left)


class ConversationTopic:
    """Reading on the conversation's topic, for the engine."""

    settings: Settings
    stats: CorpusStats
    meetings: dict[str, Meeting | None]
    _vocabulary: Vocabulary

    def _names_no_matter(self, resolved: ResolvedQuestion) -> bool:
        """A question naming no matter of its own, nor borrowing one (only a side, if anything): in a conversation it
        is read on the topic first. "What did both sides agree on?" after questions on drugs had been their
        agreement on PNR, the likeliest agreement of the whole meeting."""
        question = self._question(resolved)
        return asks_nothing_of_its_own(question) and not words_beyond(resolved.context, question, SAID_TERMS)

    def _on_the_conversations_matter(
        self,
        resolved: ResolvedQuestion,
        history: Sequence[Any],
        readings: list[tuple[str, Reading]],
        as_asked: list[tuple[str, Reading]],
    ) -> list[tuple[str, Reading]]:
        """A question naming no matter asks about the conversation's ("What did both sides agree on?" after a
        question on radicalisation): an answer from a passage speaking of none of it answers something else (it
        had been their agreement on the Budapest Convention). The reading on the topic if it speaks of it, else the
        reading as asked if that does, else "not stated" with both shown."""
        on_topic = on_the_topic(resolved.question, validate_history(history, self.settings))
        if on_topic is None:
            return readings
        question = self._question(resolved)
        # (What a question asking who, when, where or how many named is no topic: "What did Austria present?" after
        # "Who was at the meeting from Austria?" and "What are their jobs?" is not about jobs.)
        # (the questions asked, not the names a pronoun borrowed from an answer: "The US Attorney General Jeff
        # Sessions and Under Secretary for Homeland Security ..." had made "security" a matter, and the PNR
        # paragraph, under "... aviation security", spoke of it)
        first, *rest = [q for q in re.split(r"(?<=[?.!])\s+", on_topic.context) if q.strip()] or [""]
        asked = [first, *(q for q in rest if q.rstrip().endswith("?"))]
        topical = " ".join(q for q in asked if not answer_types(q) & set(TYPED))
        matter = conversation_matter(topical, question)
        if not matter:
            return readings
        near = self._vocabulary.match(topical).expansions

        def on_it(found: list[tuple[str, Reading]]) -> bool:
            answered = [r for _, r in found if r.outcome == "answer" and r.chosen]
            return bool(answered) and all(
                any(speaks_of(c.paragraph, matter, near, self.stats.spelled) for c in r.chosen) for r in answered
            )

        for found in (readings, as_asked):
            if on_it(found) or not any(r.outcome == "answer" for _, r in found):
                return found
        related = [c for _, r in (*readings, *as_asked) for c in r.chosen]
        why = "no passage on the conversation's topic answers it"
        return [("", Reading("not_stated", related=related, reason=why))]

    def _unheaded(self, answer: str) -> str:
        """An answer without the headings naming the meeting of each part ("At Helsinki, 10-11 December 2019: "):
        what it said."""
        for meeting in self.meetings.values():
            if heading := meeting_heading(meeting):
                answer = answer.replace(f"{heading}: ", "")
        return answer

    def _read_on_the_topic(
        self, resolved: ResolvedQuestion, history: Sequence[Any], top_k: int | None, documents: list[str] | None
    ) -> tuple[ResolvedQuestion, list[NodeWithScore], list[tuple[str, Reading]]] | None:
        """Read on its own, the question found no answer; in a conversation it may go on with its topic without
        saying so ("Which countries did the Americans point to?" after a question on counter-narcotics). Read again
        with that topic: its own words still pin what the answer must name (the topic only helps retrieval), and
        the last answer said over again is no answer: "not stated", saying so (the reading as asked had said the
        proceedings do not cover "What was the sticking point?", just given). None when it finds nothing either."""
        turns = validate_history(history, self.settings)
        on_topic = on_the_topic(resolved.question, turns)
        if on_topic is None:
            return None
        topical, bundle, retriever, meetings = self._grounded(on_topic, turns, top_k, documents)
        hits = self._hits(retriever, bundle)
        readings = self._read(topical, bundle, hits, meetings, retriever)
        if readings[0][1].outcome != "answer":
            return None
        # The last answer said over again is no answer, unless the question asks for one thing it said: "Which
        # countries remain outside?" after "... two Member States, Bulgaria and Romania, remain outside ...".
        typed = self._question(topical).answer_types & set(TYPED)
        if not typed and all_said(readings, self._unheaded(on_topic.already_said)):
            related = [c for _, r in readings for c in r.chosen]
            return topical, hits, [("", Reading("not_stated", related=related, reason=SAID_ALREADY))]
        return topical, hits, readings
