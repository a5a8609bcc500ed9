"""How much of a question a sentence states, read word by word in context: each of the question's content words
is matched with the sentence's token nearest in meaning, both as the model reads them in their own sentence (the
recall half of BERTScore). Words embedded alone miss what a sentence makes plain ("held online" and "held by video
conference", "Europe's outer frontiers" and "its external borders"); read in context, the model sees them. The
gate reads it for its best candidate (rag/reader/features.py): on the train and dev splits it tells a right best
candidate from a wrong one better than the single-word coverage does (AUC 0.75 against 0.70)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from rag.reader.question import Question
from rag.reader.vocabulary import topic_word
from rag.text import word_spans

TokenVectors = Callable[[list[str]], list[tuple[np.ndarray, np.ndarray]]]  # rag.embeddings token_vectors
_CACHE_LIMIT = 4096


def content_spans(question: str) -> list[tuple[int, int]]:
    """Where the question's topic words are (names included: a name is matched like any word)."""
    return [(start, end) for word, start, end in word_spans(question) if topic_word(word)]


def words_to_match(question: Question) -> str:
    """What of a question the word match reads: its own words, or with the topic a follow-up borrows when it has no
    topic word of its own ("How many are there?" after "Which countries are affected?"). With nothing to match, every
    sentence would state all of it: "The two sides updated each other ..." was asserted as how many there are. A
    follow-up in the last question's frame is matched by its own words and the topic."""
    if question.said and _still_asked(question):
        # "And the EU?" put in the frame "What did the US focus on?": the frame's verb is the last question's, and the
        # EU's part need not say "focus" ("The EU delegation debriefed on ..."); the new party and the topic must.
        # ("And in Helsinki?" names only a meeting, which the scope took out: the frame is what it asks there.)
        return f"{question.said} {question.topic}".strip()
    # (what a pronoun stands for is matched as if said: "How many of them are still outside it?" after a question
    # on the Visa Waiver Programme asks how many are outside the Programme)
    referents = " ".join(c.text for c in question.constraints if c.kind == "name" and c.text not in question.text)
    if content_spans(question.text) or not question.topic.strip():
        return f"{question.text} {referents}".strip()
    return f"{question.text} {question.topic}"


def _still_asked(question: Question) -> bool:
    """Whether a follow-up's own words ask for anything the reader still checks: a word of its own, or a name that
    is still one of the question's constraints (not one the meeting scope took out)."""
    if any(c.text.lower() in question.said.lower() for c in question.constraints):
        return True  # "And the EU?"
    said = [question.said[start:end] for start, end in content_spans(question.said)]
    # (nor a meeting said by how it was held, which the scope took out too: "And by the video conference?")
    return any(not word[:1].isupper() and word.lower() not in _A_MEETING_WORDS for word in said)


_A_MEETING_WORDS = frozenset({"video", "conference", "videoconference", "online", "virtual", "meeting", "ministerial"})


class TokenRecall:
    """The token match of questions against sentences, each text read by the model once (an LRU of recent texts:
    a question is matched against its best candidate in every meeting it reads, and sentences recur)."""

    def __init__(self, tokens: TokenVectors) -> None:
        self._tokens = tokens
        self._cache: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def _read(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        fresh = dict(zip(missing, self._tokens(missing), strict=True)) if missing else {}
        with self._lock:
            for text, found in fresh.items():
                self._cache[text] = found
            for text in texts:
                self._cache.move_to_end(text)
            while len(self._cache) > _CACHE_LIMIT:
                self._cache.popitem(last=False)
            return [self._cache[t] for t in texts]

    def recall(self, question: str, sentence: str) -> float:
        """The mean, over the question's content-word tokens, of their best cosine with a token of `sentence`; 1.0
        when the question has no content word (nothing to match). Every word counts the same: weighted by the
        corpus's IDF, the gate answered more questions wrongly on dev."""
        (asked, offsets), (said, _) = self._read([question, sentence])
        inside = np.zeros(len(offsets), dtype=bool)
        for start, end in content_spans(question):
            inside |= (offsets[:, 0] >= start) & (offsets[:, 1] <= end)
        if not inside.any() or not len(said):
            return 1.0
        # In [0, 1], which the gate relies on to skip reading it (rag/reader/extractive.py); never below 0 in practice.
        return float(np.clip((asked[inside] @ said.T).max(axis=1).mean(), 0.0, 1.0))
