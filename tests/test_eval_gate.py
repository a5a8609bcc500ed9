"""The quality gate (in CI through `make test`): the default configuration — extractive generator, hybrid
retrieval, in-process — on the dev and test splits must stay at or above the floors recorded in evals/floors.toml.
The train split is not gated, so it is not run here."""

import pytest

from evals.config import DEFAULT
from evals.dataset import GATED_SPLITS, load
from evals.gate import load_floors, violations
from evals.suite import evaluate_in_process


@pytest.fixture(scope="module")
def default_run(built_settings):
    (result,) = evaluate_in_process(built_settings, [DEFAULT], load(splits=GATED_SPLITS))
    return result


def test_the_default_configuration_meets_every_floor(default_run):
    found = violations(default_run.by_split(), load_floors())
    assert not found, "quality dropped below evals/floors.toml:\n" + "\n".join(found)


def test_the_gate_ran_both_splits_on_every_question(default_run):
    metrics = default_run.by_split()
    assert set(metrics) == {"dev", "test"}
    assert sum(m["questions"] or 0 for m in metrics.values()) == len(load(splits=GATED_SPLITS))
    assert all(m["errors"] == 0 and m["dangling_markers"] == 0 for m in metrics.values())
