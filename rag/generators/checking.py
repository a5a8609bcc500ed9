"""The citation guarantee for text a model wrote, checked statement by statement as it streams in.

The model cites the prompt's paragraph numbers. Each finished statement is judged: markers that name no
paragraph are removed; a statement its citations do not support (rag/support.py, the check the eval suite
uses) is cited to a given paragraph that does support it, or dropped when none does. The rest are kept with
markers renumbered in order of first use, so the answer's [1] is citations[0]. A statement is finished once
the next one has begun: a marker written after the full stop ("... agreed. [2]") still belongs to it.

`admits`, when given, is one more test a statement must pass against each paragraph it cites (the engine's
constraint check when the reader found the answer not stated: the names and parties the question pins down
must be in that paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.contract import Citation
from rag.generators.prompt import NOT_COVERED
from rag.support import SupportChecker, statements
from rag.text import split_sentences, terms, with_markers

# "[1, 3]" / "[1][3]" / "[Paragraph 2]" / "[¶2]" -> "[1] [3]" / "[2]"
_MARKER_GROUP = re.compile(r"\[\s*(?:paragraphs?\s*|¶\s*)?(\d+(?:\s*(?:,|and|&)\s*\d+)*)\s*\]", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_LETTER = re.compile(r"[A-Za-z]")
_NOT_COVERED = re.compile(
    rf"{NOT_COVERED}|not in the proceedings|\bI (?:do not|don'?t) know\b|no information\b"
    r"|\b(?:do|does|did) not (?:cover|answer|mention|say|state|specify|contain|address|provide|include)\b"
    r"|\bnot (?:mentioned|covered|specified|stated|provided|addressed|answered)\b|\bcannot be (?:answered|determined)\b"
    r"|\bthere is no (?:mention|information)\b",
    re.IGNORECASE,
)


def normalise_markers(text: str) -> str:
    def spread(match: re.Match[str]) -> str:
        return " ".join(f"[{n}]" for n in re.findall(r"\d+", match.group(1)))

    return _MARKER_GROUP.sub(spread, text)


def says_not_covered(text: str) -> bool:
    return bool(_NOT_COVERED.search(text))


class AnswerChecker:
    """Feed it the model's text as it grows; it returns the statements that passed, ready to show."""

    def __init__(
        self,
        sources: dict[int, Citation],
        support: SupportChecker,
        admits: Callable[[str, Citation], bool] | None = None,
    ) -> None:
        self.sources = sources  # prompt number -> the paragraph as a citation (n = the prompt number)
        self.support = support
        self.admits = admits
        self.kept: list[str] = []
        self.dropped: list[str] = []
        self.not_covered = False  # the model said the paragraphs do not answer
        self._numbers: dict[int, int] = {}  # prompt number -> answer number
        self._statements_by_source: dict[int, list[str]] = {}
        self._judged = 0
        self.recited = 0  # statements whose citation the check supplied or corrected

    def feed(self, text: str) -> list[str]:
        """Judge the statements of `text` that are finished; returns the newly kept ones."""
        found = statements(normalise_markers(text))
        finished = len(found) - 1 if found and _LETTER.search(found[-1][0]) else 0
        # Only a statement followed by real text is finished: "Agreed. [" may still be waiting for its marker.
        return self._judge(found[self._judged : max(finished, self._judged)])

    def finish(self, text: str) -> list[str]:
        """Judge whatever is left once the model has stopped."""
        found = statements(normalise_markers(text))
        return self._judge(found[self._judged :])

    def citations(self) -> list[Citation]:
        """The cited paragraphs in answer order, each quoting its sentences closest to what was said of it."""
        result = []
        for prompt_n, answer_n in sorted(self._numbers.items(), key=lambda item: item[1]):
            source = self.sources[prompt_n]
            quote = _closest_sentences(source.text, self._statements_by_source.get(prompt_n, []))
            result.append(source.model_copy(update={"n": answer_n, "quote": quote}))
        return result

    def _supporting_source(self, statement: str) -> int | None:
        for n in self.sources:  # in rank order
            if self._holds(statement, (n,)):
                return n
        return None

    def _holds(self, statement: str, cited: tuple[int, ...]) -> bool:
        """The statement is supported by the paragraphs it cites, and each of them admits it."""
        if not cited or not self.support.statement(statement, cited, self.sources).supported:
            return False
        return self.admits is None or all(self.admits(statement, self.sources[n]) for n in cited)

    def _judge(self, found: list[tuple[str, tuple[int, ...]]]) -> list[str]:
        shown = []
        for text, marks in found:
            self._judged += 1
            statement = _BULLET.sub("", text).strip()
            if not _LETTER.search(statement):
                continue  # a stray list number or marker
            valid = tuple(n for n in marks if n in self.sources)
            if statement.upper().startswith(NOT_COVERED) or (not valid and says_not_covered(statement)):
                self.not_covered = True  # an abstention, even with a stray marker
                continue
            if not self._holds(statement, valid):
                # Small models often cite the wrong paragraph or none; one that the check finds supporting the
                # statement is cited instead (the guarantee is the check, not the model's marker).
                found = self._supporting_source(statement)
                if found is None:
                    self.dropped.append(statement)
                    continue
                valid = (found,)
                self.recited += 1
            for n in valid:
                self._numbers.setdefault(n, len(self._numbers) + 1)
                self._statements_by_source.setdefault(n, []).append(statement)
            shown.append(with_markers(statement, [self._numbers[n] for n in valid]))
        self.kept.extend(shown)
        return shown


def _closest_sentences(paragraph: str, said: list[str]) -> str:
    """The paragraph sentence sharing most terms with what the answer said of it (the whole header line-wise)."""
    pieces = [p for line in paragraph.split("\n") for p in split_sentences(line)]
    if not pieces:
        return paragraph
    wanted = set(terms(" ".join(said)))
    return max(pieces, key=lambda piece: len(wanted & set(terms(piece))))
