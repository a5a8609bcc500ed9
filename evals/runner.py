"""Running the questions: each one asked once through a client, follow-ups after their history is answered live."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evals.clients import Client, History
from evals.config import LLM_FALLBACK, RunConfig
from evals.dataset import Item
from rag.contract import Answer
from rag.errors import ProcqaError

RANK_DEPTH = 5  # hit@1/3/5, MRR and nDCG@5 need five ranked paragraphs


@dataclass
class Outcome:
    item: Item
    answer: Answer | None  # None when asking failed (see error)
    ranking: list[str] | None  # paragraph ids, best first; None when the client cannot show it
    latency_ms: float  # wall clock of the question itself, its history excluded
    error: str | None = None


class GeneratorMismatch(RuntimeError):
    pass


def _history(client: Client, questions: Sequence[str]) -> History:
    """Answer the earlier questions live, as a person's conversation would have gone."""
    history: History = []
    for question in questions:
        answer = client.ask(question, history)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    return history


def ask_one(client: Client, item: Item, config: RunConfig) -> Outcome:
    try:
        history = _history(client, item.history)
        started = time.perf_counter()
        answer = client.ask(item.question, history)
        latency = (time.perf_counter() - started) * 1000
        ranking = client.ranking(item.question, history, RANK_DEPTH) if item.answerable else None
    except (ProcqaError, RuntimeError, ValueError) as exc:
        # One broken question (an error status, a malformed contract) must not hide the other hundred: it is
        # scored as a failure and reported. An unreachable server still stops the run.
        return Outcome(item, None, None, 0.0, f"{type(exc).__name__}: {exc}")
    expected = {config.generator}
    if config.generator != "extractive":
        # An LLM generator's own answers, its fallbacks, and what the reader decides without asking the model: its
        # out_of_scope and its answers, which stand (rag/generators/llm.py). A run none of whose answers is the
        # model's or its fallback's is refused as a whole (`run`).
        expected |= {LLM_FALLBACK, "extractive"} if answer.outcome != "not_stated" else {LLM_FALLBACK}
    if answer.generator not in expected:
        raise GeneratorMismatch(
            f"{config.label}: the answers come from generator {answer.generator!r}, not {config.generator!r}"
        )
    return Outcome(item, answer, ranking, latency)


def run(
    client: Client, items: Sequence[Item], config: RunConfig, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    outcomes = []
    for item in items:
        outcome = ask_one(client, item, config)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
    generators = {o.answer.generator for o in outcomes if o.answer is not None}
    if config.generator != "extractive" and generators and not generators & {config.generator, LLM_FALLBACK}:
        raise GeneratorMismatch(f"{config.label}: no answer came from generator {config.generator!r}")
    return outcomes
