"""The quality gate: the default configuration's metrics against the floors recorded in evals/floors.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evals.dataset import GATED_SPLITS

FLOORS = Path(__file__).resolve().parent / "floors.toml"
MEETINGS_FLOORS = Path(__file__).resolve().parent / "floors_meetings.toml"  # evals/meetings.jsonl's own
Metrics = Mapping[str, float | None]


def load_floors(path: Path = FLOORS) -> dict[str, dict[str, float]]:
    with path.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    unknown = set(data) - {"dev", "test", "max", "max_dev", "max_test"}
    if unknown:
        raise ValueError(
            f"{path}: unknown table(s) {', '.join(sorted(unknown))}; use [dev], [test], [max], [max_dev], [max_test]"
        )
    return {table: {k: float(v) for k, v in values.items()} for table, values in data.items()}


def violations(by_split: Mapping[str, Metrics], floors: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Every floor a metric fell below (or ceiling it rose above), as readable lines. Empty means pass.
    Only dev and test are gated: the train split is reported, never held to floors or ceilings."""
    found = []
    for split in GATED_SPLITS:
        for name, floor in floors.get(split, {}).items():
            value = by_split.get(split, {}).get(name)
            if value is None or value < floor - 1e-9:
                found.append(f"{split} {name} = {_show(value)} is below its floor {floor}")
    # [max] holds on every gated split; [max_dev] / [max_test] on one (the confident-wrong rate's ceilings).
    for split in GATED_SPLITS:
        if split not in by_split:
            continue
        ceilings = {**floors.get("max", {}), **floors.get(f"max_{split}", {})}
        for name, ceiling in ceilings.items():
            value = by_split[split].get(name)
            if value is None or value > ceiling + 1e-9:
                found.append(f"{split} {name} = {_show(value)} is above its ceiling {ceiling}")
    return found


def _show(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def floors_of(dataset: Path) -> Path:
    """The floors file that gates a dataset: the multi-meeting set has its own."""
    from evals.dataset import MEETINGS_PATH

    return MEETINGS_FLOORS if dataset.resolve() == MEETINGS_PATH else FLOORS
