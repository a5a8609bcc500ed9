"""The gate's word-by-word match of a question against its best candidate (rag/reader/tokens.py), with the real
model, and the command that fits its weight (`procqa eval --refit-gate`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.components import embedding
from rag.reader.question import analyse
from rag.reader.scorer import DEFAULT_PATH, AnswerScorer
from rag.reader.tokens import TokenRecall, content_spans, words_to_match
from rag.settings import Settings


def _words(question: str) -> list[str]:
    return [question[a:b] for a, b in content_spans(question)]


def test_only_content_words_are_matched():
    # Question words, stopwords, frame words ("say", "sides") and two-letter names carry no topic.
    assert _words("What did both sides say about Europe's outer frontiers?") == ["Europe's", "outer", "frontiers"]
    assert _words("What did the EU say?") == []


def test_a_sentence_that_paraphrases_the_question_matches_more_of_it_than_one_on_another_topic():
    recall = TokenRecall(embedding(Settings()).token_vectors).recall
    question = "Why was the meeting held online?"
    paraphrase = "The meeting was held by video conference because of the COVID-19 pandemic."
    other = "The EU delegation provided an update on migration trends in Europe."
    assert recall(question, paraphrase) > recall(question, other) + 0.1
    assert recall(question, question) == pytest.approx(1.0, abs=1e-4)
    # Nothing to match: the feature says so instead of failing.
    assert recall("What did the EU say?", other) == 1.0


def test_each_text_is_read_by_the_model_once():
    real = embedding(Settings()).token_vectors
    read: list[str] = []

    def counting(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        read.extend(texts)
        return real(texts)

    recall = TokenRecall(counting).recall
    first = recall("Who headed the delegation?", "The US delegation was headed by the Attorney General.")
    second = recall("Who headed the delegation?", "The US delegation was headed by the Attorney General.")
    recall("Who headed the delegation?", "The EU was represented by Ministers.")
    assert first == second
    assert read == [
        "Who headed the delegation?",
        "The US delegation was headed by the Attorney General.",
        "The EU was represented by Ministers.",
    ]


def test_refit_gate_fits_only_the_named_weight_and_the_intercept(
    built_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    target = tmp_path / "scorer.json"
    shutil.copy(DEFAULT_PATH, target)
    data = json.loads(target.read_text())
    at = data["gate"]["features"].index("top_token_recall")
    data["gate"]["coef"][at] = 0.0  # a feature that joined the gate untrained
    target.write_text(json.dumps(data))
    before = AnswerScorer.load(target)
    args = ["--store", str(built_settings.store), "--sources", str(built_settings.sources)]
    args += ["eval", "--existing-index", "--refit-gate", "top_token_recall"]
    monkeypatch.setenv("PROCQA_ANSWER_SCORER", str(target))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "gate top_token_recall" in result.output
    after = AnswerScorer.load(target)
    # Recognising more of the question in the best candidate makes an answer more likely, never less.
    assert after.gate.coef[at] > 0.05
    held = [i for i in range(len(after.gate.coef)) if i != at]
    assert [after.gate.coef[i] for i in held] == [before.gate.coef[i] for i in held]
    assert after.ranker == before.ranker and after.threshold == before.threshold


def test_refit_gate_refuses_a_feature_the_gate_does_not_have(
    built_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    target = tmp_path / "scorer.json"
    shutil.copy(DEFAULT_PATH, target)
    args = ["--store", str(built_settings.store), "--sources", str(built_settings.sources)]
    args += ["eval", "--existing-index", "--refit-gate", "no_such_feature"]
    monkeypatch.setenv("PROCQA_ANSWER_SCORER", str(target))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "no such gate feature: no_such_feature" in result.output
    assert target.read_bytes() == DEFAULT_PATH.read_bytes()


def test_the_gate_range_bounds_its_probability_over_the_feature():
    scorer = AnswerScorer.load()
    at = scorer.gate.features.index("top_token_recall")
    row = np.asarray([0.9, 0.3, 0.5, 0.4, 0.4, 0.0, 0.0, 0.2, 0.0], dtype=np.float32)
    low, high = scorer.answerable_range(row, at, 0.0, 1.0)
    for value in np.linspace(0.0, 1.0, 11):
        row[at] = value
        assert low - 1e-9 <= scorer.answerable(row) <= high + 1e-9
    assert low < high  # the feature has a weight


def test_the_gate_reads_the_tokens_only_where_they_could_change_the_decision(engine, monkeypatch):
    """Skipping the word-by-word match where its value cannot move the gate across the threshold decides every dev
    question as reading it always would; and the typed fact and the far-off refusal below read nothing."""
    from evals.dataset import load

    reader = engine.reader
    read: list[str] = []
    real = reader.token_recall._tokens

    def counting(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        read.extend(texts)
        return real(texts)

    monkeypatch.setattr(reader, "token_recall", TokenRecall(counting))
    for question in ("When did the ministerial take place?", "What's the temperature in Sofia?"):
        engine.ask(question)
    assert read == []
    questions = [i.question for i in load(splits=["dev"]) if not i.history]
    lazy = [engine.ask(q).answer for q in questions]
    assert read  # some questions sit near the threshold
    monkeypatch.setattr(type(reader.scorer), "answerable_range", lambda self, row, at, low, high: (0.0, 1.0))
    assert [engine.ask(q).answer for q in questions] == lazy


def test_what_a_pronoun_stands_for_is_matched_as_if_said(engine):
    # "How many of them are still outside it?" after a question on the Visa Waiver Programme: the sentence on the
    # Programme states what is asked, though the question's own words are only "still outside".
    asked = analyse("How many of them are still outside it?", engine.stats, also_pinned="Visa Waiver Programme")
    assert "Waiver Programme" in words_to_match(asked)
    own = analyse("How many Member States are still outside the Programme?", engine.stats)
    assert words_to_match(own) == own.text


def test_refit_gate_with_a_missing_scorer_file_says_so_and_writes_nothing(
    built_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    target = tmp_path / "no_scorer.json"
    args = ["--store", str(built_settings.store), "--sources", str(built_settings.sources)]
    args += ["eval", "--existing-index", "--refit-gate", "top_token_recall"]
    monkeypatch.setenv("PROCQA_ANSWER_SCORER", str(target))
    result = CliRunner().invoke(cli, args)
    # A clear one-line error, not a traceback, and no half-made file left behind.
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"The answer scorer {target} is missing" in result.output
    assert "Traceback" not in result.output and not target.exists()
