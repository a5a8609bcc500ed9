"""The features the answer scorer reads, one row per candidate. Each says something a person would check before
quoting a sentence as the answer: is it about the question (cosines, term coverage), does it name what the
question names (constraints), is it the kind of answer asked for, and how did retrieval rank its paragraph."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from rag.corpus import CorpusStats
from rag.reader.answer_types import TYPED
from rag.reader.candidates import Candidate, fits
from rag.reader.constraints import ConstraintCheck
from rag.reader.question import Question
from rag.reader.vocabulary import WordMatch, soft_coverage
from rag.text import term_set, terms

FEATURES = (
    "cos_sentence",  # question vs sentence
    "cos_sentence_gap",  # ... minus the best candidate's: how it compares with the alternatives
    "cos_paragraph",  # question vs the sentence's paragraph (dense retrieval)
    "lex_sentence",  # IDF-weighted share of the question's terms in the sentence
    "lex_sentence_gap",
    "lex_context",  # ... in the sentence, its paragraph and section heading
    "bm25_share",  # the paragraph's BM25 over the best BM25 of this question
    "inverse_rank",  # 1 / the paragraph's rank in retrieval
    "constraints_in_sentence",
    "constraints_in_context",
    "pinned",  # how many constraints the question has (log)
    "type_asked",  # the question asks a person, date, place or count
    "type_fits",  # ... and this candidate gives one
    "is_fact",  # a meeting or document fact (rag/meeting.py)
    "fact_for_typed",  # a fact whose answer type is the one asked for
    "summary_for_overview",  # the document's own Summary, for a question asking for an overview
    "overview_asked",
    "repeated",  # already said in the previous answer of this conversation
    "unknown_share",  # share of the question's term weight the corpus never uses
    "soft_sentence",  # share of the question's words the sentence states or paraphrases (rag/reader/vocabulary.py)
    "soft_context",  # ... with its paragraph and section
    "unmatched_words",  # share of the question's words nothing in the corpus means: it asks what is not there
    "best_cosine",  # the best candidate's cosine: how close the proceedings come to the question at all
    "weakest_sentence",  # the question's least-covered word, matched in the sentence
    "weakest_context",  # ... in the sentence, its paragraph and section
    "soft_sentence_gap",  # soft coverage minus the best candidate's
    "weakest_sentence_gap",
    "cosine_rank",  # 1 / the candidate's rank by cosine among this question's candidates
    "fact_cosine",  # the cosine, for facts only: a fact close to the question is likely its answer
    "first_sentence",
    "log_length",
)


def term_weights(question: Question, context: str, stats: CorpusStats) -> dict[str, float]:
    """The question's own terms at full weight; terms a follow-up borrows from the conversation count less."""
    weights = {t: stats.weight(t) for t in question.terms}
    for term in terms(context):
        weights.setdefault(term, 0.3 * stats.weight(term))
    return weights


def coverage(weights: dict[str, float], text_terms: set[str]) -> float:
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if t in text_terms) / total


def featurize(
    question: Question,
    candidates: Sequence[Candidate],
    checks: Sequence[ConstraintCheck],
    query_vector: np.ndarray,
    stats: CorpusStats,
    *,
    context: str = "",
    already_said: str = "",
    summaries: frozenset[str] = frozenset(),
    words: WordMatch | None = None,
) -> np.ndarray:
    if not candidates:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    weights = term_weights(question, context, stats)
    total = sum(stats.weight(t) for t in question.terms) or 1.0
    unknown_share = sum(stats.weight(t) for t in question.terms if not stats.known(t)) / total
    cosines = np.stack([c.vector for c in candidates]) @ np.asarray(query_vector, dtype=np.float32)
    lexical = [coverage(weights, set(term_set(c.text))) for c in candidates]
    best_bm25 = max((c.bm25 for c in candidates), default=0.0) or 1.0
    typed = [t for t in TYPED if t in question.answer_types]
    overview = "overview" in question.answer_types
    words = words or WordMatch({}, {})
    expansions = words.expansions
    unmatched = sum(not near for near in expansions.values()) / len(expansions) if expansions else 0.0
    best_cosine = float(cosines.max())
    softs = [soft_coverage(expansions, weights, set(term_set(c.text))) for c in candidates]
    weakest = [words.weakest(set(term_set(c.text))) for c in candidates]
    cosine_rank = {i: r for r, i in enumerate(np.argsort(-cosines))}
    rows = []
    for i, (candidate, check, cosine, lex) in enumerate(zip(candidates, checks, cosines, lexical, strict=True)):
        sentence_terms = set(term_set(candidate.text))
        context_terms = set(term_set(f"{candidate.paragraph.section} {candidate.paragraph.text}")) | sentence_terms
        fits_type = all(fits(t, candidate, question) for t in typed) if typed else False
        rows.append(
            [
                float(cosine),
                float(cosine - cosines.max()),
                candidate.dense,
                lex,
                lex - max(lexical),
                coverage(weights, context_terms),
                candidate.bm25 / best_bm25,
                1.0 / (1 + candidate.hit_rank),
                check.in_sentence,
                check.in_context,
                math.log1p(len(question.constraints)),
                float(bool(typed)),
                float(fits_type),
                float(candidate.kind == "fact"),
                float(candidate.kind == "fact" and fits_type),
                float(overview and candidate.paragraph.id in summaries),
                float(overview),
                float(bool(already_said) and candidate.text.rstrip(".!?") in already_said),
                unknown_share,
                softs[i],
                soft_coverage(expansions, weights, context_terms),
                unmatched,
                best_cosine,
                weakest[i],
                words.weakest(context_terms),
                softs[i] - max(softs),
                weakest[i] - max(weakest),
                1.0 / (1 + cosine_rank[i]),
                float(cosine) if candidate.kind == "fact" else 0.0,
                float(candidate.position == 0),
                math.log1p(len(candidate.text.split())),
            ]
        )
    return np.asarray(rows, dtype=np.float32)


# The answer gate reads the question as a whole: how good its best eligible candidate is, and how it stands
# against the rest. A ranker alone says which sentence is best, not whether the best is good enough.
GATE_FEATURES = (
    "top_probability",
    "top_margin",  # over the best candidate that says something else (a fact read from two places is one, and
    # two sentences giving the same count agree; with no type asked, a paragraph's sentences are one passage)
    "top_cos_sentence",
    "top_soft_sentence",
    "top_weakest_context",
    "top_fact_typed",  # a meeting fact of the kind asked for: structured, so trusted more than prose
    "type_asked",
    "unknown_share",
    "top_token_recall",  # how much of the question the best candidate states, word by word in context (tokens.py)
)
_AT = {name: i for i, name in enumerate(FEATURES)}


# The share of the shorter sentence's terms two sentences share when one restates the other (see _restates).
RESTATED_SHARE = 0.6


def gate_row(ranked: Sequence[Candidate], total: int, token_recall: float) -> np.ndarray:
    """One row for the gate from the eligible candidates, best first (`total`: all candidates), and how much of the
    question the best one states (rag/reader/tokens.py). Few features on purpose: the gate learns from one row per
    question, and every extra feature fitted noise on dev."""
    best = ranked[0]
    top = best.features

    def at(name: str) -> float:
        return float(top[_AT[name]])

    untyped = not at("type_asked")
    other = next((c for c in ranked[1:] if not _same_answer(best, c) and not (untyped and _one_passage(best, c))), None)

    return np.asarray(
        [
            best.probability,
            best.probability - (other.probability if other else 0.0),
            at("cos_sentence"),
            at("soft_sentence"),
            at("weakest_context"),
            at("fact_for_typed"),
            at("type_asked"),
            at("unknown_share"),
            token_recall,
        ],
        dtype=np.float32,
    )


def _one_passage(best: Candidate, other: Candidate) -> bool:
    """Two sentences of one paragraph: for a question that asks no person, date or count, they are parts of one
    passage, not rival answers."""
    return best.kind == other.kind == "sentence" and best.paragraph.id == other.paragraph.id


def _same_answer(best: Candidate, other: Candidate) -> bool:
    """Whether `other` gives the answer `best` gives: the same fact or sentence, or the same count of what a "how
    many" question counts ("the five EU Member States not covered ..." and "... keeping the five Member States
    from entering"), or a person or place a "who"/"where" question asks for: one is no rival to the other."""
    same = (other.fact_field or other.text) == (best.fact_field or best.text)
    return (
        same
        or read_from(best, other)
        or bool(best.counted & other.counted)
        or bool(best.named & other.named)
        or _restates(best, other)
    )


def _restates(best: Candidate, other: Candidate) -> bool:
    """Two sentences saying the same with mostly the same words: the joint statement restating the outcome
    ("Participants agreed to postpone the joint evaluation of the EU-U.S. PNR Agreement to the first half of 2021"
    beside "Both sides agreed to postpone the joint evaluation ... to the first half of 2021 ..."), one no rival of
    the other. (A share of 0.6 or 0.7 of the shorter one's terms answers train and dev alike; 0.5 doubles the
    meetings set's confident-wrong answers on dev.)"""
    if best.kind != "sentence" or other.kind != "sentence":
        return False
    a, b = set(terms(best.text)), set(terms(other.text))
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= RESTATED_SHARE


def read_from(one: Candidate, other: Candidate) -> bool:
    """A fact and the sentence it is read from ("At the end of the meeting, a joint press statement was issued" and
    its sentence, "... issued (Annex)."): one statement said twice."""
    fact, sentence = (one, other) if one.kind == "fact" else (other, one)
    return (
        fact.kind == "fact"
        and sentence.kind == "sentence"
        and fact.paragraph.id == sentence.paragraph.id
        and sentence.text.strip() in fact.quote
    )
