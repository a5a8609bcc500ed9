"""Text helpers shared by parsing, chunking and answering: clean-up, sentences, tokens, terms."""

from __future__ import annotations

import importlib.util
import os
import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import Stemmer

# Abbreviations that end with a period but do not end a sentence. This splitter stays instead of NLTK's punkt_tab
# (which llama-index ships offline) because it is measurably better on this corpus: of the 66 paragraph lines of
# index/sources and tests/data, punkt splits 5 wrongly and this one none — punkt cuts after "EU-U.S." before
# "Ministerial" (9278/18 ¶19, ¶22) and after "(OR." in every header's "(OR. en)"; both agree on the other 61.
# tests/test_parsing.py holds those lines.
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
# rag/conversation_referents.py, rag/composer.py and the UI's renderer use it (and with_markers below to write one).
MARKER = re.compile(r"\[(\d+)\]")
SPACED_MARKER = re.compile(rf"\s*{MARKER.pattern}")  # a marker and the space before it, to remove both
_CLOSING_PUNCTUATION = re.compile(r"[.!?][\"')\]]*$")


def with_markers(statement: str, numbers: Sequence[int]) -> str:
    """The statement with its markers placed before its closing punctuation: "... agreed [1] [2]."."""
    marks = " ".join(f"[{n}]" for n in numbers)
    match = _CLOSING_PUNCTUATION.search(statement)
    last_word = statement.rsplit(maxsplit=1)[-1].lower() if statement.strip() else ""
    if match and last_word.rstrip(".") not in _ABBREVIATIONS:
        return f"{statement[: match.start()]} {marks}{statement[match.start() :]}"
    return f"{statement} {marks}."  # "... in Washington, D.C." keeps its abbreviation's dot: "D.C. [1]."


# Text addressed to a language model rather than to the meeting's readers (a prompt injection): "ignore previous
# instructions", "you are now an AI assistant", "system prompt", chat-template tokens. Searched anywhere in a text,
# so it must stay narrow enough for real proceedings ("Member States must not disregard the rules" is not one).
# The one definition: rag/generators/prompt.py cuts such sentences from paragraphs, rag/question_form.py from
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
# history and document-filter validation (rag/validation.py), the document parser (rag/parsing.py) and uploads
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


def _nltk_stopwords() -> frozenset[str]:
    """NLTK's English stopword list, as llama-index ships it offline (found without importing llama-index)."""
    spec = importlib.util.find_spec("llama_index.core")
    assert spec is not None and spec.submodule_search_locations, "llama-index-core is a dependency"
    folder = Path(spec.submodule_search_locations[0]) / "_static" / "nltk_cache" / "corpora" / "stopwords"
    return frozenset(folder.joinpath("english").read_text(encoding="utf-8").split())


# NLTK's list carries the pieces its own tokenizer cuts contractions into ("didn" + "'t", "ll", "s", "t").
# words() below keeps "didn't" whole (and NLTK's list has it whole too), so here those pieces would only match
# initials — "U.S." gives "u" and "s", "D.C." gives "d" and "c" — and the verb "won": they stay terms.
_CONTRACTION_PIECES = frozenset([
    "ain", "aren", "couldn", "d", "didn", "doesn", "don", "hadn", "hasn", "haven", "isn", "ll", "m", "ma", "mightn",
    "mustn", "needn", "o", "re", "s", "shan", "shouldn", "t", "ve", "wasn", "weren", "won", "wouldn", "y",
])  # fmt: skip
# Words that carry no topic here: how questions are asked ("tell me", "what did they say") and what every one is
# about (the document, the meeting).
_QUESTION_WORDS = frozenset([
    "also", "could", "would", "tell", "say", "said", "says", "give", "gave", "given", "please", "document", "meeting",
    "proceedings", "many", "much", "according", "exactly", "precisely", "specifically", "else",
])  # fmt: skip
# Compared on the corpus (index/sources and tests/data: 42 paragraphs) and the eval questions (568): NLTK's list
# as it is would change the terms of 24 paragraphs and 118 questions (losing "s" and "d" of U.S. and D.C.,
# keeping "tell" and "say"); with the two sets above, of none and of one ("couldn't" goes, as "not" does).
STOPWORDS = (_nltk_stopwords() - _CONTRACTION_PIECES) | _QUESTION_WORDS

# A figure keeps capital letters glued to it ("5G", "3D"): split, "5G" would be pinned as the figure 5, which
# any paragraph with a 5 in it satisfies. Lower-case suffixes ("22nd") stay apart, so the figure still matches.
# A word is letters of any alphabet: "Věra Jourová" and "Božinović" are names, not "V", "ra", "Jourov", "Bo".
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-])*|\d+(?:[./-]\d+)*(?:[A-Z]+\b)?")


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


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each word of `text`, as `words` finds them, with where it starts and ends."""
    return [(found.group(0), found.start(), found.end()) for found in _WORD.finditer(text)]


_TYPOGRAPHIC_POSSESSIVE = re.compile(r"’s$")


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed content words: what lexical matching compares."""
    # (the stemmer takes "'s" off, not "’s": "Washington’s" had been "washington’", no word of "Washington")
    tokens = [_TYPOGRAPHIC_POSSESSIVE.sub("", _unaccented(w.lower().strip("'’-"))) for w in words(text)]
    tokens = [t for t in tokens if t and t not in STOPWORDS]
    return _stemmer().stemWords(tokens)


def first_stem(text: str | None) -> str:
    """The stem of a text's first content word ("signed" -> "sign"), or "" (none, or no text)."""
    return next(iter(terms(text)), "") if text else ""


def folded(text: str) -> str:
    """Lower case without accents: how names are compared ("Jourová" is "Jourova" typed on another keyboard)."""
    return _unaccented(text.lower())


def _unaccented(word: str) -> str:
    """ "jourová" -> "jourova": a name typed without its accents is the same name (the proceedings themselves write
    "Vera" and "Věra")."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=16384)
def term_set(text: str) -> frozenset[str]:
    """`terms` as a set, cached: answering compares the same sentences and paragraphs question after question."""
    return frozenset(terms(text))


# British and American spellings of one word, by their endings: "radicalisation" and "radicalization",
# "organised" and "organized", "labour" and "labor", "centre" and "center", "defence" and "defense",
# "travelled" and "traveled", "dialogue" and "dialog", "programme" and "program". Applied only where the other
# spelling is the one a corpus uses (rag/reader/vocabulary.py), so a rule that makes a word no one writes is
# harmless.
_SPELLINGS = [
    (re.compile(r"^(.{3,})is(e|es|ed|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(.{3,})iz(e|es|ed|ing|ation|ations|er|ers)$"), r"\1is\2"),
    (re.compile(r"^(.{2,})ys(e|es|ed|ing)$"), r"\1yz\2"),
    (re.compile(r"^(.{2,})yz(e|es|ed|ing)$"), r"\1ys\2"),
    (re.compile(r"^(.{2,})our(s|ed|ing|able|ite|ites)?$"), r"\1or\2"),
    (re.compile(r"^(.{2,})or(s|ed|ing|able|ite|ites)?$"), r"\1our\2"),
    (re.compile(r"^(.{2,})tre(s)?$"), r"\1ter\2"),
    (re.compile(r"^(.{2,})ter(s)?$"), r"\1tre\2"),
    (re.compile(r"^(.{2,})ence$"), r"\1ense"),
    (re.compile(r"^(.{2,})ense$"), r"\1ence"),
    (re.compile(r"^(.{2,}[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
    (re.compile(r"^(.{2,}[aeiou])l(ed|ing|er|ers)$"), r"\1ll\2"),
    (re.compile(r"^(.{2,})ogue(s)?$"), r"\1og\2"),
    (re.compile(r"^(.{2,})og(s)?$"), r"\1ogue\2"),
    (re.compile(r"^(.{2,})amme(s)?$"), r"\1am\2"),
    (re.compile(r"^(.{2,})am(s)?$"), r"\1amme\2"),
]


def spelling_variants(word: str) -> list[str]:
    """The word's other spellings (lower case), British for American and the other way round."""
    lowered = word.lower()
    return [variant for pattern, other in _SPELLINGS if (variant := pattern.sub(other, lowered)) != lowered]
