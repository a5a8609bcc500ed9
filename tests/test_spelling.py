"""British and American spellings: a question is read as the corpus spells its words (rag/text.py, vocabulary)."""

import numpy as np
import pytest

from rag.reader.vocabulary import Vocabulary
from rag.text import spelling_variants, terms


def _unembedded(texts: list[str]) -> np.ndarray:
    raise AssertionError("spelling needs no vectors")


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("radicalisation", "radicalization"),
        ("organized", "organised"),
        ("labour", "labor"),
        ("centre", "center"),
        ("defence", "defense"),
        ("travelled", "traveled"),
        ("programme", "program"),
    ],
)
def test_a_word_has_its_other_spelling_among_its_variants(word, other):
    assert other in spelling_variants(word)
    assert word in spelling_variants(other)


def test_a_question_is_read_as_the_corpus_spells_it():
    vocabulary = Vocabulary(["Preventing radicalization and fighting organised crime at the centre."], _unembedded)
    assert (
        vocabulary.spelled_as_used("Was radicalisation or organized crime discussed at the center?")
        == "Was radicalization or organised crime discussed at the centre?"
    )
    # A word the corpus uses as written, or whose variants it never uses, is left alone ("promise" is no "promize").
    assert vocabulary.spelled_as_used("Did they promise to prevent it?") == "Did they promise to prevent it?"
    assert vocabulary.spelled_as_used("Radicalisation?") == "Radicalization?"


def test_a_typographic_possessive_is_the_word_itself():
    # The stemmer takes "'s" off, not "’s": "Washington’s" had been "washington’", no word of "Washington".
    assert terms("Washington’s position") == terms("Washington's position") == ["washington", "posit"]
