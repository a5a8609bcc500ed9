"""Calibration on the dev split: fusion weights and the abstention threshold, by grid search.

The objective is accuracy over all dev questions — a right answer (every key fact) to an answerable question,
an abstention on an unanswerable one — so answering more and abstaining right are traded fairly; MRR breaks
ties. The test split is never looked at here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evals.config import RunConfig
from evals.dataset import Item
from evals.metrics import aggregate
from evals.runner import Outcome
from evals.suite import evaluate_in_process, support_checker
from rag.settings import Settings

DENSE_WEIGHTS = (1.0, 2.0, 4.0)
BM25_WEIGHTS = (0.0, 0.25, 0.5, 1.0)
THRESHOLDS = tuple(round(0.30 + 0.02 * i, 2) for i in range(9))  # 0.30 .. 0.46


@dataclass(frozen=True)
class Point:
    dense_weight: float
    bm25_weight: float
    answer_threshold: float
    metrics: dict[str, float | None]

    @property
    def objective(self) -> tuple[float, float]:
        return (self.metrics["accuracy"] or 0.0, self.metrics["mrr"] or 0.0)


def grid() -> list[tuple[float, float, float]]:
    return list(itertools.product(DENSE_WEIGHTS, BM25_WEIGHTS, THRESHOLDS))


def sweep(
    settings: Settings,
    dev: Sequence[Item],
    generator: str = "extractive",
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Point]:
    """Every grid point on the dev questions (hybrid retrieval), best first."""
    if any(item.split != "dev" for item in dev):
        raise ValueError("calibration runs on the dev split only")
    points = []
    checker = support_checker(settings)  # one embedding cache for the whole grid
    for dense, bm25, threshold in grid():
        tuned = settings.model_copy(update={"dense_weight": dense, "bm25_weight": bm25, "answer_threshold": threshold})
        (result,) = evaluate_in_process(tuned, [RunConfig(generator, "hybrid")], dev, on_done, checker)
        points.append(Point(dense, bm25, threshold, aggregate(result.scores)))
    return sorted(points, key=lambda p: p.objective, reverse=True)


def table(points: Sequence[Point], current: Settings, rows: int = 12) -> str:
    names = ("accuracy", "key_fact_accuracy", "abstention_precision", "abstention_recall", "hit@3", "mrr")
    lines = ["| dense w | bm25 w | threshold | " + " | ".join(names) + " |", "|---" * (3 + len(names)) + "|"]
    marked = list(points[:rows])
    default = next(
        (
            p
            for p in points
            if (p.dense_weight, p.bm25_weight, p.answer_threshold)
            == (current.dense_weight, current.bm25_weight, current.answer_threshold)
        ),
        None,
    )
    if default is not None and default not in marked:
        marked.append(default)
    for p in marked:
        star = " (current)" if p is default else ""
        values = " | ".join("n/a" if p.metrics[n] is None else f"{p.metrics[n]:.3f}" for n in names)
        lines.append(f"| {p.dense_weight} | {p.bm25_weight} | {p.answer_threshold}{star} | {values} |")
    return "\n".join(lines)
