"""The report's plots: headline metrics per configuration side by side, and the latency distribution."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on CI machines or servers

import matplotlib.pyplot as plt
import numpy as np

from evals.dataset import SPLITS
from evals.metrics import HEADLINE
from evals.suite import RunResult

_LABELS = {
    "confident_wrong": "confident wrong (lower is better)",
    "citation_precision": "citation P",
    "citation_recall": "citation R",
    "citation_correctness": "citation correct",
    "support": "support (guard)",
    "key_fact_accuracy": "key facts",
    "abstention_precision": "abstain P",
    "abstention_recall": "abstain R",
    "answered_accuracy": "acc. answered",
}
_DPI = 80  # small files: one of them is committed and shown in the README


def metrics_plot(results: Sequence[RunResult], path: Path) -> None:
    splits = [s for s in SPLITS if any(x.outcome.item.split == s for r in results for x in r.scores)]
    fig, axes = plt.subplots(
        len(splits), 1, figsize=(12, 1.0 + 3.2 * len(splits)), squeeze=False, sharex=True, layout="constrained"
    )
    width = 0.8 / len(results)
    x = np.arange(len(HEADLINE))
    for ax, split in zip(axes[:, 0], splits, strict=True):
        for i, result in enumerate(results):
            m = result.metrics(split)
            values = [m[name] if m[name] is not None else np.nan for name in HEADLINE]
            ax.bar(x + (i - (len(results) - 1) / 2) * width, values, width, label=result.config.label)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel(split)
        ax.axhline(0.9, color="grey", linewidth=0.8, linestyle=":")
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle("procqa eval: metrics per generator and retrieval mode (dotted line: the 0.9 target)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(results), fontsize=9)
    axes[-1, 0].set_xticks(x, [_LABELS.get(n, n) for n in HEADLINE], rotation=30, ha="right")
    fig.savefig(path, dpi=_DPI)
    plt.close(fig)


def latency_plot(results: Sequence[RunResult], path: Path) -> None:
    fig, ax = plt.subplots(figsize=(8, 1.0 + 0.7 * len(results)))
    data = [[s.outcome.latency_ms for s in r.scores if not s.outcome.error] for r in results]
    ax.boxplot(data, orientation="horizontal", tick_labels=[r.config.label for r in results], whis=(5, 95))
    for i, values in enumerate(data, start=1):
        if values:
            p50, p95 = np.percentile(values, [50, 95])
            ax.annotate(f"p50 {p50:.0f} ms · p95 {p95:.0f} ms", (p95, i), xytext=(6, 8), textcoords="offset points")
    # Log scale: one slow outlier (a cold cache, a busy machine) must not squash every box.
    ax.set_xscale("log")
    values = [v for row in data for v in row if v > 0]
    if values:
        ax.set_xlim(min(values) * 0.8, max(values) * 3)  # room for the labels right of the slowest questions
    ax.set_xlabel("latency per question (ms, log scale; whiskers 5th-95th percentile)")
    ax.set_title("procqa eval: answer latency")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=_DPI)
    plt.close(fig)


def plot_all(results: Sequence[RunResult], folder: Path) -> list[str]:
    metrics_plot(results, folder / "metrics.png")
    latency_plot(results, folder / "latency.png")
    return ["metrics.png", "latency.png"]
