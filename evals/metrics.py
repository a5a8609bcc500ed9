"""Scoring: one Score per question, then the suite's metrics over a set of scores.

Definitions (None where a metric has nothing to count):
- hit@k, MRR, nDCG@5, recall@5 — the retrieval ranking against the gold paragraphs (answerable questions).
  nDCG uses binary relevance over every gold id; recall@5 is the share of evidence groups found in the top 5.
- citation precision — cited paragraphs that are gold, over all paragraphs cited on answerable questions;
  citation recall — share of a question's evidence groups that its answer cites (an abstention cites none).
- support — share of answer statements whose citations support them (rag.support); supported answers — share
  of answered questions whose every statement is supported.
- key-fact accuracy — answerable questions whose answer contains every key fact (any accepted spelling,
  case-insensitive); fact recall — share of key facts found.
- abstention precision / recall — abstentions that were right / unanswerable questions abstained on.
- confident-wrong rate — the headline: questions answered but wrong (an answerable one without its key facts, or
  an unanswerable one answered at all) over all questions. A refusal is never confident-wrong.
- not-stated rate — share of questions answered "not stated" (abstained with related passages shown).
- accuracy — right answers (answerable: all facts; unanswerable: abstained) over all questions;
  answered accuracy — the same over the questions the system chose to answer.
- dangling markers — markers [n] with no citation n (must be 0); errors — questions that could not be asked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from evals.runner import Outcome
from rag.support import StatementSupport, SupportChecker, dangling_markers


@dataclass
class Score:
    outcome: Outcome
    abstained: bool
    cited: list[str]
    hits: dict[int, bool] = field(default_factory=dict)  # k -> gold in top k
    reciprocal_rank: float | None = None
    ndcg5: float | None = None
    recall5: float | None = None
    citation_recall: float | None = None
    facts_found: list[bool] = field(default_factory=list)
    support: list[StatementSupport] = field(default_factory=list)
    dangling: int = 0

    @property
    def facts_ok(self) -> bool:
        return bool(self.facts_found) and all(self.facts_found) and not self.abstained

    @property
    def correct(self) -> bool:
        if self.outcome.error:
            return False
        return self.facts_ok if self.outcome.item.answerable else self.abstained


def fact_found(answer: str, alternatives: Sequence[str]) -> bool:
    lowered = answer.lower()
    return any(option.lower() in lowered for option in alternatives)


def _ranking_scores(score: Score, ranking: list[str]) -> None:
    item = score.outcome.item
    relevant = item.gold_ids
    rank = next((i + 1 for i, pid in enumerate(ranking) if pid in relevant), None)
    score.hits = {k: rank is not None and rank <= k for k in (1, 3, 5)}
    score.reciprocal_rank = 1.0 / rank if rank else 0.0
    dcg = sum(1.0 / math.log2(i + 2) for i, pid in enumerate(ranking[:5]) if pid in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), 5)))
    score.ndcg5 = dcg / ideal
    score.recall5 = sum(bool(group & set(ranking[:5])) for group in item.gold) / len(item.gold)


def score(outcome: Outcome, checker: SupportChecker) -> Score:
    item, answer = outcome.item, outcome.answer
    if answer is None:
        result = Score(outcome, abstained=False, cited=[])
        if item.answerable:
            result.citation_recall, result.facts_found = 0.0, [False] * len(item.facts)
        return result
    cited = [c.id for c in answer.citations]
    result = Score(outcome, abstained=answer.abstained, cited=cited)
    if item.answerable:
        if outcome.ranking is not None:
            _ranking_scores(result, outcome.ranking)
        result.citation_recall = sum(bool(group & set(cited)) for group in item.gold) / len(item.gold)
        result.facts_found = [fact_found(answer.answer, alternatives) for alternatives in item.facts]
    result.support = checker.check(answer.answer, answer.citations, abstained=answer.abstained)
    result.dangling = len(dangling_markers(answer.answer, answer.citations))
    return result


def _mean(values: Sequence[float | bool]) -> float | None:
    return float(np.mean(values)) if values else None


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def aggregate(scores: Sequence[Score]) -> dict[str, float | None]:
    answerable = [s for s in scores if s.outcome.item.answerable]
    ranked = [s for s in answerable if s.reciprocal_rank is not None]
    answered = [s for s in scores if not s.abstained and not s.outcome.error]
    abstained = [s for s in scores if s.abstained]
    unanswerable = [s for s in scores if not s.outcome.item.answerable]
    cited_on_answerable = [pid for s in answerable for pid in s.cited]
    gold_cited = sum(pid in s.outcome.item.gold_ids for s in answerable for pid in s.cited)
    statements = [st for s in scores for st in s.support]
    latencies = [s.outcome.latency_ms for s in scores if not s.outcome.error]
    return {
        "questions": float(len(scores)),
        "hit@1": _mean([s.hits[1] for s in ranked]),
        "hit@3": _mean([s.hits[3] for s in ranked]),
        "hit@5": _mean([s.hits[5] for s in ranked]),
        "mrr": _mean([s.reciprocal_rank or 0.0 for s in ranked]),
        "ndcg@5": _mean([s.ndcg5 or 0.0 for s in ranked]),
        "recall@5": _mean([s.recall5 or 0.0 for s in ranked]),
        "citation_precision": _share(gold_cited, len(cited_on_answerable)),
        "citation_recall": _mean([s.citation_recall or 0.0 for s in answerable]),
        "support": _share(sum(st.supported for st in statements), len(statements)),
        "supported_answers": _mean([all(st.supported for st in s.support) for s in answered if s.support]),
        "key_fact_accuracy": _mean([s.facts_ok for s in answerable]),
        "fact_recall": _mean([f for s in answerable for f in s.facts_found]),
        "abstention_precision": _share(sum(not s.outcome.item.answerable for s in abstained), len(abstained)),
        "abstention_recall": _share(sum(s.abstained for s in unanswerable), len(unanswerable)),
        "confident_wrong": _mean([not s.abstained and not s.outcome.error and not s.correct for s in scores]),
        "not_stated_rate": _mean([bool(s.outcome.answer and s.outcome.answer.outcome == "not_stated") for s in scores]),
        "accuracy": _mean([s.correct for s in scores]),
        "answered_accuracy": _mean([s.correct for s in answered]),
        "dangling_markers": float(sum(s.dangling for s in scores)),
        "fallback_rate": _mean([bool(s.outcome.answer and s.outcome.answer.fallback_reason) for s in scores]),
        "dropped_statements": float(sum(len(s.outcome.answer.dropped) for s in scores if s.outcome.answer)),
        "errors": float(sum(bool(s.outcome.error) for s in scores)),
        "latency_p50_ms": float(np.percentile(latencies, 50)) if latencies else None,
        "latency_p95_ms": float(np.percentile(latencies, 95)) if latencies else None,
    }


# The headline metrics, in the order tables and plots show them.
HEADLINE = (
    "confident_wrong",
    "hit@1",
    "hit@3",
    "hit@5",
    "mrr",
    "ndcg@5",
    "citation_precision",
    "citation_recall",
    "support",
    "key_fact_accuracy",
    "abstention_precision",
    "abstention_recall",
    "accuracy",
    "answered_accuracy",
)
