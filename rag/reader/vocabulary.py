"""Soft term matching: which words of the corpus mean nearly what a question's word means.

People ask in their own words ("worry about voting", "tech companies"); the proceedings say "electoral
systems" and "service providers". Each question word is matched to the corpus words whose embeddings are
close, so coverage features can count a paraphrased term as present, and a question word with no counterpart
anywhere in the corpus ("penalties", "temperature") marks what the proceedings cannot answer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from rag.corpus import QUESTION_WORDS
from rag.reader.question_meeting import DOCUMENT_PART
from rag.text import STOPWORDS, spelling_variants, terms, words

Embed = Callable[[list[str]], np.ndarray]
NEIGHBOUR_COSINE = 0.62  # single words above this cosine are near-synonyms for MiniLM (checked on the corpus)
_MAX_WORDS = 30_000  # a corpus of years has more distinct words; the rarest beyond this are not matched softly


# Verbs that shape a question rather than name its topic ("What did they say about ...?").
FRAME_WORDS = frozenset(
    [
        "say",
        "said",
        "says",
        "tell",
        "told",
        "mention",
        "mentioned",
        "list",
        "listed",
        "name",
        "named",
        "discuss",
        "discussed",
        "talk",
        "talked",
        "think",
        "thought",
        "want",
        "wanted",
        "done",
        "doing",
        "happen",
        "happened",
        "note",
        "noted",
        "raise",
        "raised",
        "state",
        "stated",
        "according",
        # Verbs of reporting: "What did the EU brief on PNR?" asks what it said on PNR. ("report": _REPORT_ON.)
        "reported",
        "brief",
        "briefed",
        "debrief",
        "debriefed",
        "explain",
        "explained",
        "describe",
        "described",
        "outline",
        "outlined",
        "proceedings",
        "meeting",
        "document",
        "side",
        "sides",
        "delegation",  # "the two delegations" are the two sides
        "delegations",
        "minister",  # "What did the ministers say about ...?": those who met, as "the participants" are
        "ministers",
        "participants",
        # What any topic is called ("What is the visa waiver issue?"): it names no topic of its own.
        "issue",
        "issues",
        "matter",
        "matters",
        "question",  # "the visa waiver question"
        "questions",
        "topic",
        "topics",
        # ... and what a named event is called ("the Cambridge Analytica case", where the text says "scandal")
        "case",
        "affair",
        "story",
        "saga",
        # Adverbs of time that NLTK's stopwords lack: "not yet in the programme" is said "remain outside".
        "yet",
        "still",
    ]
)
# "report" before what it is on frames the question as "say" does ("What did the EU report on PNR?"); alone it may
# be the paper ("Is the report public?", close to "document" for the model).
_REPORT_ON = re.compile(r"\breport(?=\s+(?:on|about|regarding|concerning)\b)", re.I)
_CACHE_LIMIT = 4096
_WORD = re.compile(r"[A-Za-z]{4,}")
# Words of one family that the stemmer keeps apart ("prioritising" -> "prioritis", "priorities" -> "prioriti"; the
# model puts them at 0.49) count as near-synonyms when their stems share this many first letters and the model
# still finds them this close. (6 letters and 0.3 answer train, dev and the meetings set alike.)
_KIN_PREFIX = 7
_KIN_COSINE = 0.4


def _kin(one: str, other: str) -> bool:
    """Whether two stems are of one word family: their first _KIN_PREFIX letters are the same."""
    return len(one) >= _KIN_PREFIX and one[:_KIN_PREFIX] == other[:_KIN_PREFIX]


def topic_word(word: str) -> bool:
    """Whether a question's word says what it is about: not a stopword, question word or frame word, nor shorter
    than three letters."""
    lowered = word.lower()
    return len(lowered) >= 3 and not any(lowered in listed for listed in (STOPWORDS, QUESTION_WORDS, FRAME_WORDS))


@dataclass(frozen=True)
class WordMatch:
    """A question's content words matched against the corpus vocabulary."""

    expansions: dict[str, frozenset[str]]  # question stem -> corpus stems that mean nearly the same
    similarity: dict[str, dict[str, float]]  # question stem -> corpus stem -> cosine

    def weakest(self, text_terms: set[str]) -> float:
        """How well the text covers the question's least-covered word: for each word, its best match in the
        text (1.0 when stated as is); the minimum over the words. 1.0 when the question has no such words."""
        if not self.similarity:
            return 1.0
        best = []
        for stem, near in self.similarity.items():
            if stem in text_terms:
                best.append(1.0)
            elif len(near) < len(text_terms):  # the shorter side is walked (every value is positive)
                best.append(max((cosine for t, cosine in near.items() if t in text_terms), default=0.0))
            else:
                best.append(max((near.get(t, 0.0) for t in text_terms), default=0.0))
        return min(best)


class Vocabulary:
    """The corpus's distinct words, embedded once (lazily: the first question that needs them pays)."""

    def __init__(self, texts: Iterable[str], embed: Embed) -> None:
        distinct: dict[str, str] = {}
        for text in texts:
            for word in words(text):
                lowered = word.lower().strip("'’-")
                if len(lowered) > 2 and lowered not in STOPWORDS and not lowered[0].isdigit():
                    distinct.setdefault(lowered, "")
        chosen = sorted(distinct)[:_MAX_WORDS]
        self._setup(chosen, [stem[0] if (stem := terms(w)) else w for w in chosen], None, embed)

    @classmethod
    def stored(cls, words: list[str], stems: list[str], vectors: np.ndarray | None, embed: Embed) -> Vocabulary:
        """A vocabulary computed before (rag/derived stores each generation's): `words`, their `stems` and, when
        embedded already, their vectors (the rows of `matrix()`)."""
        vocabulary = cls.__new__(cls)
        vocabulary._setup(words, stems, vectors, embed)
        return vocabulary

    def _setup(self, chosen: list[str], stems: list[str], vectors: np.ndarray | None, embed: Embed) -> None:
        self._words = chosen
        self._stems = stems
        self._stem_set = frozenset(self._stems)
        self._row = {w: i for i, w in enumerate(self._words)}  # a corpus word's vector is already in the matrix
        self._embed = embed
        self._vectors = vectors
        self._lock = threading.Lock()
        self._cache: dict[str, dict[str, float]] = {}

    @property
    def words(self) -> list[str]:
        return self._words

    def spelled_as_used(self, text: str) -> str:
        """`text` with each word the corpus never uses but spells otherwise ("radicalisation" where it writes
        "radicalization", "organized" where it writes "organised") written as the corpus writes it."""

        def as_used(found: re.Match[str]) -> str:
            word = found.group(0)
            if word.lower() in self._row:
                return word
            known = [v for v in spelling_variants(word) if v in self._row]
            if len(known) != 1:
                return word
            return known[0].capitalize() if word[:1].isupper() else known[0]

        return _WORD.sub(as_used, text)

    @property
    def stems(self) -> list[str]:
        return self._stems

    @property
    def embedded(self) -> bool:
        return self._vectors is not None

    def matrix(self) -> np.ndarray:
        """The words' vectors, one row each (embedded on the first call when not given)."""
        return self._matrix()

    def _matrix(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                vectors = self._embed(self._words) if self._words else np.zeros((0, 384))
                self._vectors = np.asarray(vectors, dtype=np.float32)
            return self._vectors

    def match(self, question: str) -> WordMatch:
        """The question's content words (names excluded: they are constraints, rag/reader/question.py)."""
        wanted = []
        for word in words(_REPORT_ON.sub(" ", DOCUMENT_PART.sub(" ", question))):
            lowered = word.lower()
            if not topic_word(word) or word[:1].isupper():
                continue
            stem = terms(word)
            if stem:
                wanted.append((stem[0], lowered))
        missing = [w for _, w in dict.fromkeys(wanted) if w not in self._cache]
        if missing:
            matrix = self._matrix()
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            # Only words the corpus never uses are embedded now (an ONNX call per question otherwise).
            unseen = [w for w in missing if w not in self._row]
            fresh = dict(zip(unseen, self._embed(unseen), strict=True)) if unseen else {}
            for word in missing:
                vector = matrix[self._row[word]] if word in self._row else fresh[word]
                similar = matrix @ np.asarray(vector, dtype=np.float32) if len(matrix) else np.zeros(0)
                near: dict[str, float] = {}
                for i in np.flatnonzero(similar >= NEIGHBOUR_COSINE / 2):
                    near[self._stems[i]] = max(near.get(self._stems[i], 0.0), float(similar[i]))
                own = next(iter(terms(word)), word)
                for stem, cosine in list(near.items()):
                    if cosine >= _KIN_COSINE and _kin(own, stem):
                        near[stem] = max(cosine, NEIGHBOUR_COSINE)  # "prioritising" ~ "priorities"
                self._cache[word] = near
        expansions = {
            stem: frozenset(t for t, cosine in self._cache[word].items() if cosine >= NEIGHBOUR_COSINE)
            | ({stem} if stem in self._cache[word] or stem in self._stem_set else frozenset())
            for stem, word in wanted
        }
        return WordMatch(expansions, {stem: self._cache[word] for stem, word in wanted})


def soft_coverage(expansions: dict[str, frozenset[str]], weights: dict[str, float], text_terms: set[str]) -> float:
    """IDF-weighted share of the question's content words that the text states or paraphrases."""
    if not expansions:
        return 1.0
    total = sum(weights.get(s, 1.0) for s in expansions) or 1.0
    return sum(weights.get(s, 1.0) for s, near in expansions.items() if s in text_terms or near & text_terms) / total
