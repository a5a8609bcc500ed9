"""The answer scorer, learned from the eval suite's train split (evals/train_reader.py, `procqa eval --train`)
and shipped as a small JSON file; answering needs only numpy.

Two logistic regressions: the ranker scores each candidate (is this sentence the answer?), and the gate scores
the question as a whole from its best eligible candidate (is the best one good enough to assert?). The gate's
threshold is chosen on the dev split.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import ConfigError
from rag.reader.features import FEATURES, GATE_FEATURES

DEFAULT_PATH = Path(__file__).resolve().parent / "answer_scorer.json"


@dataclass
class Linear:
    """A standardised logistic regression: p = sigmoid(((x - mean) / scale) . coef + intercept)."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.zeros(0, dtype=np.float32)
        z = (np.atleast_2d(rows) - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(z @ np.asarray(self.coef) + self.intercept)))

    @classmethod
    def neutral(cls, features: tuple[str, ...]) -> Linear:
        n = len(features)
        return cls(list(features), [0.0] * n, [1.0] * n, [0.0] * n, 0.0)


@dataclass
class AnswerScorer:
    ranker: Linear
    gate: Linear
    threshold: float  # answer when the gate's probability reaches this
    trained: dict[str, Any] = field(default_factory=dict)  # what it was fitted and chosen on, for the record

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return self.ranker.probabilities(rows)

    def answerable(self, row: np.ndarray) -> float:
        return float(self.gate.probabilities(row)[0])

    def answerable_range(self, row: np.ndarray, feature: int, low: float, high: float) -> tuple[float, float]:
        """The least and most the gate's probability can be for `row` with its `feature` anywhere in [low, high]
        (the gate is monotonic in each feature)."""
        ends = np.stack([row, row]).astype(np.float64)
        ends[0, feature], ends[1, feature] = low, high
        probabilities = self.gate.probabilities(ends)
        return float(probabilities.min()), float(probabilities.max())

    @classmethod
    def neutral(cls) -> AnswerScorer:
        """Every probability 0.5: a starting point for training, which only needs the features."""
        return cls(Linear.neutral(FEATURES), Linear.neutral(GATE_FEATURES), 0.5)

    @classmethod
    def load(cls, path: Path | None = None) -> AnswerScorer:
        path = path or DEFAULT_PATH
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            scorer = cls(Linear(**data["ranker"]), Linear(**data["gate"]), data["threshold"], data.get("trained", {}))
        except FileNotFoundError:
            raise ConfigError(f"The answer scorer {path} is missing; rebuild it with `procqa eval --train`.") from None
        except (ValueError, TypeError, KeyError) as exc:
            raise ConfigError(
                f"The answer scorer {path} is unreadable ({exc!r}); rebuild it with `procqa eval --train`."
            ) from None
        if scorer.ranker.features != list(FEATURES) or scorer.gate.features != list(GATE_FEATURES):
            raise ConfigError(
                f"The answer scorer {path} was trained on other features than this version computes; "
                "rebuild it with `procqa eval --train`."
            )
        return scorer

    def save(self, path: Path | None = None) -> Path:
        path = path or DEFAULT_PATH
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")
        return path
