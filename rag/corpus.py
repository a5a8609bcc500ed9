"""What the reader knows of the whole corpus: how rare each term is, and which names it mentions at all."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rag.text import STOPWORDS, folded, terms, word_spans

# Words that open or shape a question: never a name, even when capitalised.
QUESTION_WORDS = frozenset(
    [
        "what",
        "who",
        "whom",
        "whose",
        "which",
        "when",
        "where",
        "why",
        "how",
        "did",
        "does",
        "do",
        "was",
        "were",
        "is",
        "are",
        "can",
        "could",
        "would",
        "will",
        "should",
        "tell",
        "list",
        "name",
        "give",
        "describe",
        "explain",
        "summarise",
        "summarize",
        "please",
        "and",
        "also",
        "in",
        "on",
        "at",
    ]
)


@dataclass
class CorpusStats:
    """Term rarity (IDF over paragraphs) and the lower-cased text of everything indexed."""

    idf: dict[str, float]
    default_idf: float
    text: str  # all indexed text, lower-cased, for "is this name mentioned anywhere?"
    # abbreviation (lower case) -> how the corpus spells it out, folded: {"vwp": "visa waiver programme"}
    spelled: dict[str, str] = field(default_factory=dict)
    _written_only_spelled: dict[str, str | None] = field(default_factory=dict, repr=False)  # abbreviation_of's

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> CorpusStats:
        frequency: Counter[str] = Counter()
        contents = list(texts)
        for content in contents:
            frequency.update(set(terms(content)))
        total = max(len(contents), 1)
        idf = {term: math.log(1 + total / count) for term, count in frequency.items()}
        return cls(idf, math.log(1 + total), cls.joined(contents), corpus_abbreviations(contents))

    @staticmethod
    def joined(texts: Iterable[str]) -> str:
        """The `text` of a corpus: cheap to rebuild, unlike the IDF (stemming), so it is never stored."""
        return "\n".join(folded(content) for content in texts)

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.default_idf)

    def known(self, term: str) -> bool:
        return term in self.idf

    def abbreviation_of(self, word: str) -> str | None:
        """The abbreviation (lower case) whose spelled-out form is the only place the corpus writes `word` (lower
        case): "passenger" is only ever part of "passenger name records", so a question about "passenger data" is
        about the PNR, which the paragraphs after its definition write alone. Counted once per word asked."""
        stem = next(iter(terms(word)), "")
        if word in QUESTION_WORDS or word in STOPWORDS or not self.known(stem) or self.weight(stem) < _RARE_IDF:
            # ("What is the name of the meeting?" is about no passenger name records; a word in many paragraphs is
            # no one thing's, and is not counted through the whole corpus; a word it never uses is remembered by
            # no one: what people type cannot grow the memo without bound)
            return None
        if word not in self._written_only_spelled:
            found = None
            for short, spelled in self.spelled.items():
                if " " in spelled and word in spelled.split():
                    inside = self.text.count(spelled)
                    if inside and _count_word(self.text, word) == inside:
                        found = short
                        break
            self._written_only_spelled[word] = found
        return self._written_only_spelled[word]

    def mentions(self, name: str) -> bool:
        # A shared stem is enough: "American" ~ "America", "Bulgarian" ~ "Bulgaria".
        return folded(name)[:6] in self.text

    def unknown_names(self, question: str) -> list[str]:
        """Names, acronyms and figures in the question that appear nowhere in the corpus."""
        return [name for name in salient_names(question) if not self.mentions(name)]


# A word this rare (in under about one paragraph in six) may name one thing only.
_RARE_IDF = 2.0


def _count_word(text: str, word: str) -> int:
    return len(re.findall(rf"\b{re.escape(word)}\b", text))


_BRACKETED = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
# An abbreviation as written in a question or a passage ("VWP", "PNR"): what `CorpusStats.spelled` spells out.
ABBREVIATION = re.compile(r"\b[A-Z]{2,}\b")


def defined_abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """The abbreviations the corpus defines, spelled out as it first does ("US Visa Waiver Programme (VWP)"): a
    document that writes only "the Visa Waiver Programme" speaks of the VWP too."""
    from rag.reader.candidates import spelled_out  # (the reader's reading of a definition; it imports this module)

    found: dict[str, str] = {}
    tried: dict[str, int] = {}
    for text in texts:
        for bracket in _BRACKETED.finditer(text):
            short = bracket.group(1)
            key = short.lower()
            # (Each defined once is enough; a bracketed word never spelled out, "(Annex)", is given up after a few.)
            if key in found or tried.get(key, 0) >= 3:
                continue
            tried[key] = tried.get(key, 0) + 1
            if long := spelled_out(text[max(0, bracket.start() - 200) : bracket.end()], short):
                found[key] = folded(long)
    return found


# Capitalised words in a row, joined by at most one small word: "Justice and Home Affairs", "Federal Bureau of
# Investigation" (within one line: a heading and the paragraph after it are no name).
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:(?: (?:and|of|for|on|the))? [A-Z][a-z]+){2,5}\b")


def initialisms(texts: Iterable[str]) -> dict[str, str]:
    """The abbreviations a corpus spells out without defining them: the initials of capitalised names it writes
    ("jha" -> "justice and home affairs": the proceedings never write "JHA", their readers do). Three letters or
    more; where several names share initials, the one written most often."""
    counts: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for found in _CAPITALISED_RUN.finditer(text):
            name = found.group(0)
            if name.startswith("The "):
                continue
            counts[("".join(w[0] for w in name.split() if w[0].isupper()).lower(), folded(name))] += 1
    spelled: dict[str, str] = {}
    for (short, name), _ in counts.most_common():
        spelled.setdefault(short, name)
    return spelled


def corpus_abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """Every abbreviation the corpus spells out: as it defines them ("(VWP)"), else by the initials of its names."""
    contents = list(texts)
    return {**initialisms(contents), **defined_abbreviations(contents)}


_SENTENCE_ENDS = (".", "?", "!", ":", ";")
# What people say between questions names nothing: "OK, now migration. What did the US explain?" had pinned "OK".
_DISCOURSE = frozenset({"ok", "okay", "alright", "thanks", "thank", "hi", "hello", "great", "cool", "well", "right"})


def salient_names(text: str) -> list[str]:
    """Capitalised words, acronyms and figures: what a statement or question pins down by name."""
    found = []
    for i, (word, start, _) in enumerate(word_spans(text)):
        # "Member States'" and a quoted "'Home'" name what they name without the quote mark.
        bare = re.sub(r"['’]s$", "", word).rstrip("'’")
        salient = bare[:1].isupper() or any(c.isdigit() for c in bare)
        if i == 0 and not (bare.isupper() and len(bare) > 1):
            # The first word is capitalised by grammar, not because it is a name.
            salient = salient and bare.lower() not in QUESTION_WORDS and any(c.isdigit() for c in bare)
        elif text[max(0, start - 8) : start].rstrip().endswith(_SENTENCE_ENDS) and bare.lower() in STOPWORDS:
            salient = False  # "... the Finnish Presidency's ministerial? If so, in what context?": "If" names nothing
        if salient and bare.lower() not in QUESTION_WORDS and bare.lower() not in _DISCOURSE:
            found.append(bare)
    return found
