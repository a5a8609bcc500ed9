"""Scoring: one Score per question, then the suite's metrics over a set of scores.

Definitions (None where a metric has nothing to count):
- hit@k, MRR, nDCG@5, recall@5 — the retrieval ranking against the gold paragraphs (answerable questions).
  nDCG uses binary relevance over every gold id; recall@5 is the share of evidence groups found in the top 5.
- citation precision — cited paragraphs that are gold, over all paragraphs cited on answerable questions;
  citation recall — share of a question's evidence groups that its answer cites (an abstention cites none).
- citation correctness — over answered answerable questions, each citation a statement makes (statement x
  marker, from rag.support.statements) is correct when the cited paragraph is gold for the item and, when the
  statement asserts key facts, one of them (the same spelling) is in that paragraph's text too; a statement
  without a key fact only needs the gold paragraph. A marker naming no citation is incorrect. Independent of the
  answering code's own check: it uses only the dataset's gold paragraphs and key facts.
- support (guard) — share of answer statements whose citations support them by rag.support, the same check the
  answering code applies before an answer goes out; true by construction for extractive answers, so it guards
  against regressions rather than measuring correctness. Supported answers — share of answered questions whose
  every statement is supported.
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

from evals.dataset import Item
from evals.runner import Outcome
from rag.contract import Answer
from rag.support import StatementSupport, SupportChecker, dangling_markers, statements


@dataclass(frozen=True)
class CitationCheck:
    """One citation an answer statement makes, judged against the item's gold paragraphs and key facts."""

    statement: str  # without its markers
    n: int  # the marker
    id: str | None  # the cited paragraph; None for a marker that names no citation
    gold: bool  # the paragraph is a gold paragraph of the item
    facts: tuple[str, ...]  # the key-fact spellings the statement asserts that the paragraph also contains
    asserts_facts: bool  # the statement asserts at least one key fact
    correct: bool


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
    citation_checks: list[CitationCheck] = field(default_factory=list)
    dangling: int = 0

    @property
    def citation_correctness(self) -> float | None:
        """Share of this answer's citations that are correct; None when it makes none (or is not scored)."""
        if not self.citation_checks:
            return None
        return sum(c.correct for c in self.citation_checks) / len(self.citation_checks)

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


def _spellings(text: str, alternatives: Sequence[str]) -> set[str]:
    lowered = text.lower()
    return {option.lower() for option in alternatives if option.lower() in lowered}


def citation_checks(answer: Answer, item: Item) -> list[CitationCheck]:
    """Every citation of every statement of `answer`, judged against `item` (see the module docstring)."""
    by_n = {c.n: c for c in answer.citations}
    checks = []
    for statement, marks in statements(answer.answer):
        asserted = [_spellings(statement, alternatives) for alternatives in item.facts]
        asserts_facts = any(asserted)
        for n in marks:
            citation = by_n.get(n)
            if citation is None:
                checks.append(CitationCheck(statement, n, None, False, (), asserts_facts, False))
                continue
            gold = citation.id in item.gold_ids
            # The citation's meeting counts as what it says ("At Sofia, ...: ..."): Citation.evidence.
            evidence = citation.evidence()
            shared = sorted(set().union(*asserted) & {s for a in item.facts for s in _spellings(evidence, a)})
            correct = gold and (bool(shared) if asserts_facts else True)
            checks.append(CitationCheck(statement, n, citation.id, gold, tuple(shared), asserts_facts, correct))
    return checks


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
        if not answer.abstained:
            result.citation_checks = citation_checks(answer, item)
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
    supports = [st for s in scores for st in s.support]
    checks = [c for s in answerable for c in s.citation_checks]  # only answered answerable ones have any
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
        "citation_correctness": _share(sum(c.correct for c in checks), len(checks)),
        "support": _share(sum(st.supported for st in supports), len(supports)),
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
    "citation_correctness",
    "support",
    "key_fact_accuracy",
    "abstention_precision",
    "abstention_recall",
    "accuracy",
    "answered_accuracy",
)
