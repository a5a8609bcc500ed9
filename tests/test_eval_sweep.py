"""Calibration runs on dev only and ranks grid points by accuracy."""

import pytest

from evals import sweep
from evals.dataset import load


def test_the_sweep_ranks_grid_points_on_dev(built_settings, monkeypatch):
    monkeypatch.setattr(sweep, "DENSE_WEIGHTS", (1.0,))
    monkeypatch.setattr(sweep, "BM25_WEIGHTS", (1.0,))
    monkeypatch.setattr(sweep, "THRESHOLDS", (0.0, 0.99))
    dev = load(splits=["dev"])
    dev = [i for i in dev if i.kind == "factoid"][:4] + [i for i in dev if i.kind == "out_of_scope"][:2]
    points = sweep.sweep(built_settings, dev)
    assert len(points) == 2
    assert points[0].objective >= points[1].objective
    never, always = sorted(points, key=lambda p: p.answer_threshold)
    assert always.metrics["abstention_recall"] == 1.0  # a threshold nothing reaches abstains on everything
    assert never.metrics["key_fact_accuracy"] > always.metrics["key_fact_accuracy"]
    assert "| 1.0 | 1.0 |" in sweep.table(points, built_settings)


def test_the_sweep_refuses_the_test_split(built_settings):
    with pytest.raises(ValueError, match="dev split only"):
        sweep.sweep(built_settings, load(splits=["test"])[:1])
