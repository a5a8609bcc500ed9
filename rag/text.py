"""Text helpers shared by parsing, chunking and answering: clean-up, sentences, tokens, terms."""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import Stemmer

# Abbreviations that end with a period but do not end a sentence.
_ABBREVIATIONS = {
    "u.s",
    "d.c",
    "e.g",
    "i.e",
    "etc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "no",
    "nos",
    "art",
    "para",
    "paras",
    "or",
    "vs",
    "cf",
    "st",
    "p",
    "pp",
    "u.k",
    "u.n",
    "approx",
    "doc",
    "ref",
    "fig",
    "jr",
    "sr",
    "prof",
}
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_MARKDOWN = re.compile(r"\*\*")  # bold residue from the PDF conversion; "__" may be real text


def clean(text: str) -> str:
    """Strip Markdown residue and collapse runs of whitespace to single spaces."""
    return re.sub(r"\s+", " ", _MARKDOWN.sub("", text)).strip()


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations such as "U.S." and "D.C." intact.

    Every character of `text` except the whitespace between sentences ends up in exactly one sentence.
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + 1
        last_word = re.search(r"([A-Za-z.]+)\.$", text[start:end])
        if last_word and last_word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        # A lone initial ("J. Smith") is not a sentence end either.
        if last_word and len(last_word.group(1)) == 1 and last_word.group(1).isupper():
            continue
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _tiktoken_cache_dir() -> Path:
    import llama_index.core

    return Path(llama_index.core.__file__).parent / "_static" / "tiktoken_cache"


@lru_cache(maxsize=1)
def _encoding():
    # llama-index ships cl100k_base; pointing tiktoken at it first keeps it from trying the network.
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(_tiktoken_cache_dir()))
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


# Words that carry no topic. Kept small on purpose: "who", "when", "how many" matter to answer types.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "tell",
        "say",
        "said",
        "says",
        "give",
        "gave",
        "given",
        "me",
        "please",
        "document",
        "meeting",
        "proceedings",
    ]
)

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*|\d+(?:[./-]\d+)*")


_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    # PyStemmer objects keep internal state and must not be shared between threads (the HTTP API answers
    # questions in a thread pool): one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed content words: what lexical matching compares."""
    tokens = [w.lower().strip("'’-") for w in words(text)]
    tokens = [t for t in tokens if t and t not in STOPWORDS]
    return _stemmer().stemWords(tokens)
