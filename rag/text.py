"""Text helpers shared by parsing, chunking and answering: clean-up, sentences, tokens, terms."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
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

# A citation marker "[n]": the answer's reference to citations[n-1]. The one definition; rag/support.py,
# rag/conversation.py, rag/composer.py and the UI's renderer use it (and with_markers below to write one).
MARKER = re.compile(r"\[(\d+)\]")
SPACED_MARKER = re.compile(rf"\s*{MARKER.pattern}")  # a marker and the space before it, to remove both
_CLOSING_PUNCTUATION = re.compile(r"[.!?][\"')\]]*$")


def with_markers(statement: str, numbers: Sequence[int]) -> str:
    """The statement with its markers placed before its closing punctuation: "... agreed [1] [2]."."""
    marks = " ".join(f"[{n}]" for n in numbers)
    match = _CLOSING_PUNCTUATION.search(statement)
    if match:
        return f"{statement[: match.start()]} {marks}{statement[match.start() :]}"
    return f"{statement} {marks}."


# Text addressed to a language model rather than to the meeting's readers (a prompt injection): "ignore previous
# instructions", "you are now an AI assistant", "system prompt", chat-template tokens. Searched anywhere in a text,
# so it must stay narrow enough for real proceedings ("Member States must not disregard the rules" is not one).
# The one definition: rag/generators/prompt.py cuts such sentences from paragraphs, rag/conversation.py from
# questions (with its own, question-only rule for requests about the answer's form).
_ADDRESSES_A_MODEL = re.compile(
    r"\b(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+|your\s+|of\s+)*"
    r"(previous|prior|above|earlier|preceding|system|these|those)?\s*(instructions|prompts?)\b"
    r"|\byou are (now )?(an? )?(ai|assistant|language model|chatbot)\b"
    r"|\bsystem prompt\b|\bnew instructions\b"
    r"|<\|im_(start|end)\|>|\[/?INST\]|<<SYS>>|<\|(system|user|assistant|endoftext|eot_id)\|>",
    re.IGNORECASE | re.DOTALL,
)


def addresses_a_model(text: str) -> bool:
    """True for text that reads as instructions to an AI model (a prompt injection)."""
    return bool(_ADDRESSES_A_MODEL.search(text))


# Code points that are not text. Lone surrogates (U+D800-U+DFFF) are halves of a UTF-16 pair: JSON's "\ud800"
# decodes to one, but it is no character and cannot be written as UTF-8, so the tokenizer (a TypeError), the JSON
# encoder of a reply and the store all fail on it. Non-characters (U+FDD0-U+FDEF and the last two code points of
# every plane: U+FFFE, U+FFFF, U+1FFFE, ...) are reserved by Unicode for a program's internal use, never for
# interchange; in a question or a document they mean a broken client or converter (U+FFFE is a byte-swapped
# BOM). Both are refused with a message naming the code point and its position, not normalised: dropping or
# replacing them would silently change what was sent (a question, a file name, a document's text), and text that
# holds them is damaged anyway, so the sender is the one who can fix it. The one check, called by the question,
# history and document-filter validation (rag/conversation.py), the document parser (rag/parsing.py) and uploads
# (rag/documents.py), so the API, the OpenAI route, the UI and the CLI all get it.
_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
_NOT_TEXT = re.compile(f"[\ud800-\udfff{_NON_CHARACTERS}]")


def not_text(text: str) -> str | None:
    """What makes `text` unusable as text (its first lone surrogate or non-character, and where), or None."""
    found = _NOT_TEXT.search(text)
    if found is None:
        return None
    code = ord(found.group())
    surrogate = 0xD800 <= code <= 0xDFFF
    kind = "a lone surrogate (half of a UTF-16 pair, not a character)" if surrogate else "a Unicode non-character"
    return f"U+{code:04X}, {kind}, at character {found.start() + 1}"


def printable(text: str) -> str:
    """`text` safe to encode and show: each lone surrogate or non-character replaced by U+FFFD (for messages that
    echo what was sent, never for text that is answered from)."""
    return _NOT_TEXT.sub("\ufffd", text)


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


@lru_cache(maxsize=16384)
def term_set(text: str) -> frozenset[str]:
    """`terms` as a set, cached: answering compares the same sentences and paragraphs question after question."""
    return frozenset(terms(text))
