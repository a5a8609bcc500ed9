"""An LLM writes the answer; the citation check decides what of it is shown; extractive stands behind it.

The extractive reading is made first (Engine.stream sends it as the stream's evidence) and handed in. Streaming
yields the answer's text as statements pass the check, then the final `Generated`. Whatever goes wrong with the
model (unreachable, too slow, context overflow, output with nothing supported) ends in that extractive answer
with `generator="extractive-fallback"` and the reason; never an exception, never a hang.

The reader's outcome decides whether the model is asked at all:
  answer        the reader's answer stands: it quotes the proceedings and passed the gate, and the model, asked
                to write it again, made right answers wrong (on dev, the 1.5B model got 13 of the reader's 61
                right answers wrong: a name left out, a drug given to the wrong country). With
                `rewrites_answers` (settings.llm_rewrites_answers) the model writes here too, every statement
                under the citation check.
  not_stated    the model still writes from the retrieved passages (it may find what the reader's gate did
                not), under the same citation check, and the engine passes the reader's constraint check as
                `admits`: a statement whose cited paragraph lacks a name, party or figure the question pins
                down is dropped. If the model too says they do not answer, the answer is that abstention with
                the reader's related passages.
  out_of_scope  nothing retrieved is related at all: the model is not called, the reader's answer stands.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from llama_index.core.llms import LLM

from rag.composer import ABSTENTION
from rag.contract import Citation, Outcome, Turn
from rag.generators.checking import AnswerChecker
from rag.generators.prompt import PromptParagraph, condense_messages, fit, messages, without_instructions
from rag.support import SupportChecker

FALLBACK = "extractive-fallback"
_model_locks: dict[int, threading.Lock] = {}
_MAX_CONDENSED_CHARS = 500
OUT_OF_SCOPE_NOTE = "Nothing in the proceedings is related to this question, so the language model was not asked."
READER_ANSWERED_NOTE = (
    "The proceedings state this plainly, so the answer quotes them; the language model is asked only what they do not "
    "state plainly."
)


@dataclass
class Generated:
    answer: str
    abstained: bool
    citations: list[Citation]
    generator: str
    fallback_reason: str | None = None
    dropped: list[str] = field(default_factory=list)
    note: str | None = None
    outcome: Outcome = "answer"
    related: list[Citation] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.abstained and self.outcome == "answer":
            self.outcome = "not_stated"


class GeneratorFailed(Exception):
    """The model gave no usable answer; the message is the reason shown with the fallback."""


class LLMGenerator:
    def __init__(
        self,
        name: str,
        llm: LLM,
        support: SupportChecker,
        *,
        timeout_s: float,
        context_window: int,
        max_tokens: int,
        rewrites_answers: bool = False,
    ) -> None:
        self.name = name
        self.rewrites_answers = rewrites_answers
        self.llm = llm
        self.support = support
        self.timeout_s = timeout_s
        self.context_window = context_window
        self.max_tokens = max_tokens
        # An in-process llama.cpp model runs one generation at a time; a server queues requests itself. The lock
        # belongs to the model, which engines reloaded after an index rebuild share.
        self._one_at_a_time = _model_locks.setdefault(id(llm), threading.Lock()) if name == "llama-cpp" else None

    def condense(self, question: str, history: Sequence[Turn]) -> str | None:
        """The follow-up rewritten as a standalone question (llama-index's condense pattern); None when the
        model fails or writes something unusable, and the caller keeps its own resolution."""
        deadline, text = time.monotonic() + self.timeout_s, ""
        try:
            with self._turn(deadline):
                for chunk in self.llm.stream_chat(condense_messages(question, history)):
                    text += chunk.delta or ""
                    if "\n" in text.strip() or len(text) > _MAX_CONDENSED_CHARS or time.monotonic() > deadline:
                        break  # the question is its first line; stop the model there
        except Exception:
            return None
        condensed = text.strip().splitlines()[0].strip(" \"'") if text.strip() else ""
        return condensed if 3 <= len(condensed) <= _MAX_CONDENSED_CHARS else None

    def stream(
        self,
        question: str,
        sources: Sequence[Citation],
        extractive: Generated,
        admits: Callable[[str, Citation], bool] | None = None,
        history: Sequence[Turn] = (),
    ) -> Iterator[str | Generated]:
        """Text pieces of the answer, then the final Generated. `extractive` is the reader's answer, already
        made: it decides whether the model is asked (see the module docstring) and is the fallback. `admits`:
        one more test for each statement against each paragraph it cites (checking.py). `history`: a follow-up's
        conversation, from which the model, when it is asked, first rewrites the question to stand alone."""
        if extractive.outcome == "out_of_scope":
            yield extractive.answer
            yield dataclasses.replace(extractive, note=OUT_OF_SCOPE_NOTE)
            return
        if extractive.outcome == "answer" and not self.rewrites_answers:
            yield extractive.answer
            yield dataclasses.replace(extractive, note=READER_ANSWERED_NOTE)
            return
        if history:
            question = self.condense(question, history) or question
        deadline = time.monotonic() + self.timeout_s
        originals = {s.id: s.text for s in sources}  # citations show the paragraph as the document has it
        # The model sees (and its answer is checked against) the paragraphs without text addressed to a model.
        cleaned, suspect = [], []
        for source in sources:
            text, cut = without_instructions(source.text)
            if cut:
                suspect.append(source.id)
            if text.strip():
                cleaned.append(source.model_copy(update={"text": text}))
        numbered = {i: s.model_copy(update={"n": i}) for i, s in enumerate(cleaned, start=1)}
        paragraphs = fit(
            [PromptParagraph(n, s.id, s.label, s.text) for n, s in numbered.items()],
            question,
            self.context_window - self.max_tokens,
        )
        if not paragraphs:
            reason = "context overflow: not one paragraph fits the model's context" if cleaned else "nothing to quote"
            yield from _fallback(extractive, reason)
            return
        checker = AnswerChecker({p.n: numbered[p.n] for p in paragraphs}, self.support, admits)
        text, shown = "", 0
        try:
            with self._turn(deadline):
                for chunk in self.llm.stream_chat(messages(question, paragraphs)):
                    text += chunk.delta or ""
                    for piece in checker.feed(text):
                        yield piece if not shown else f" {piece}"
                        shown += 1
                    if time.monotonic() > deadline:
                        raise GeneratorFailed(f"timeout: no complete answer within {self.timeout_s:g} s")
            for piece in checker.finish(text):
                yield piece if not shown else f" {piece}"
                shown += 1
        except Exception as exc:
            reason = str(exc) if isinstance(exc, GeneratorFailed) else _describe(exc)
            if not shown:
                yield from _fallback(extractive, reason)
                return
            yield self._result(
                checker, suspect, originals, note=f"The model stopped early ({reason}); the answer may be incomplete."
            )
            return
        if checker.kept:
            yield self._result(checker, suspect, originals)
        elif checker.not_covered:
            yield ABSTENTION
            note = _suspect_note(suspect)
            # The reader's closest passages, when it found some, are shown with the model's abstention too.
            related = extractive.related
            yield Generated(ABSTENTION, True, [], self.name, dropped=checker.dropped, note=note, related=related)
        else:
            reason = "the model's answer had no statement that its cited paragraphs support"
            if admits is not None:
                reason += " and that names what the question asks about"
            yield from _fallback(extractive, reason, dropped=checker.dropped)

    def _result(
        self, checker: AnswerChecker, suspect: list[str], originals: dict[str, str], note: str | None = None
    ) -> Generated:
        notes = [n for n in (note, _suspect_note(suspect)) if n]
        if checker.recited:
            notes.append(f"The citation check supplied or corrected the citation of {_statements(checker.recited)}.")
        if checker.dropped:
            left_out = _statements(len(checker.dropped))
            notes.append(f"Left out of the model's answer, as no given paragraph supports them: {left_out}.")
        return Generated(
            " ".join(checker.kept),
            False,
            [c.model_copy(update={"text": originals[c.id]}) for c in checker.citations()],
            self.name,
            dropped=checker.dropped,
            note=" ".join(notes) or None,
        )

    @contextmanager
    def _turn(self, deadline: float) -> Iterator[None]:
        if self._one_at_a_time is None:
            yield
            return
        if not self._one_at_a_time.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise GeneratorFailed("timeout: the local model was busy with other questions")
        try:
            yield
        finally:
            self._one_at_a_time.release()


def _fallback(extractive: Generated, reason: str, dropped: list[str] | None = None) -> Iterator[str | Generated]:
    note = f"The language model's answer could not be used ({reason}); this answer quotes the proceedings."
    answer = dataclasses.replace(
        extractive, generator=FALLBACK, fallback_reason=reason, dropped=dropped or [], note=note
    )
    yield answer.answer
    yield answer


def _statements(count: int) -> str:
    return "one statement" if count == 1 else f"{count} statements"


def _suspect_note(suspect: list[str]) -> str | None:
    if not suspect:
        return None
    return f"Text addressed to an AI model was cut from {', '.join(suspect)} before the model read it."


def _describe(exc: Exception) -> str:
    """A short reason for the fallback, without the request (which may carry a key)."""
    name = type(exc).__name__
    lowered = f"{name} {exc}".lower()
    if "timeout" in lowered or "timed out" in lowered:
        return f"timeout: the model did not answer in time ({name})"
    if "context" in lowered and ("length" in lowered or "window" in lowered or "exceed" in lowered):
        return f"context overflow ({name})"
    if "connect" in lowered or "refused" in lowered or "protocol" in lowered or "disconnect" in lowered:
        return f"the model endpoint is unreachable ({name})"
    first_line = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    return f"the model failed ({name}{': ' + first_line if first_line else ''})"
