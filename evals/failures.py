"""Failure analysis: for each missed question, which stage failed.

- error             — the question could not be asked (an exception or an error status).
- missed abstention — answered a question the proceedings do not answer.
- retrieval         — some needed evidence was not among the paragraphs retrieved for answering.
- false abstention  — abstained although the evidence was retrieved (the threshold or a guard was wrong;
                      in a --url run, where retrieval is not visible, any abstention on an answerable question).
- selection         — the evidence was retrieved but the answer used the wrong sentences (facts missing, the
                      gold paragraph not cited, or a marker left dangling).
- answer            — a wrong answer in a --url run, which cannot be split into retrieval and selection.
"""

from __future__ import annotations

from evals.metrics import Score
from evals.runner import RANK_DEPTH


def missed(score: Score) -> bool:
    """A question counts as missed when its answer is wrong, or right without citing any gold paragraph."""
    if not score.correct or score.dangling:
        return True
    item = score.outcome.item
    return item.answerable and not score.abstained and score.citation_recall == 0.0


def stage(score: Score) -> str | None:
    if not missed(score):
        return None
    outcome, item = score.outcome, score.outcome.item
    if outcome.error:
        return "error"
    if not item.answerable:
        return "missed abstention"
    ranking = outcome.ranking
    if ranking is None:
        return "false abstention" if score.abstained else "answer"
    retrieved = set(ranking[:RANK_DEPTH])
    if any(not group & retrieved for group in item.gold):
        return "retrieval"
    return "false abstention" if score.abstained else "selection"
