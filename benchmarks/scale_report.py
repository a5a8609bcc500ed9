"""scale.md and scale.png from the scale benchmark's results (benchmarks/scale.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

TARGETS = (
    "ingestion >= 40 paragraphs/s (real model); cold start <= 3 s at 10k and <= 8 s at 100k; "
    "at 100k warm p50 <= 60 ms, p99 <= 150 ms and RSS <= 1.5 GB, embedded and server"
)


def _ordered(results: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return sorted(results.items(), key=lambda item: (item[1]["paragraphs"], item[0]))


def _table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| corpus | vectors | build (s) | paragraphs/s | paragraphs/s, cores free | index (MB) | store | load (s) | "
        "cold start (s) | cold start CPU (s) | warm p50 (ms) | warm p99 (ms) | RSS (MB) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for _, row in _ordered(results):
        vectors = "model" if row["real_embeddings"] else "random"
        for store in ("embedded", "server"):
            if store not in row:
                continue
            m = row[store]
            bound = row.get("paragraphs_per_cpu_bound_s")
            cold_cpu = f"{m['cold_cpu_s']:.2f}" if "cold_cpu_s" in m else "–"
            lines.append(
                f"| {row['paragraphs']:,} | {vectors} | {row['build_s']:.1f} | {row['paragraphs_per_s']:.1f} | "
                f"{'–' if bound is None else f'{bound:.1f}'} | "
                f"{row['index_mb']:.0f} | {store} | {m['load_s']:.2f} | {m['cold_start_s']:.2f} | {cold_cpu} | "
                f"{m['p50_ms']:.1f} | {m['p99_ms']:.1f} | {m['rss_mb']:.0f} |"
            )
    ratios = [
        f"| {row['paragraphs']:,} | {row['server']['p50_ms'] / row['embedded']['p50_ms']:.2f} | "
        f"{row['server']['p99_ms'] / row['embedded']['p99_ms']:.2f} | "
        f"{row['server']['rss_mb'] / row['embedded']['rss_mb']:.2f} |"
        for _, row in _ordered(results)
        if "server" in row
    ]
    if ratios:
        lines += ["", "| corpus | p50 server / embedded | p99 server / embedded | RSS server / embedded |"]
        lines += ["| ---: | ---: | ---: | ---: |", *ratios]
    return lines


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [row for _, row in _ordered(results)]
    fig, (latency, build) = plt.subplots(1, 2, figsize=(11, 4.2))
    for store, style in (("embedded", "o-"), ("server", "s--")):
        points = [(r["paragraphs"], r[store]) for r in rows if store in r]
        if points:
            xs = [x for x, _ in points]
            latency.plot(xs, [m["p50_ms"] for _, m in points], style, label=f"{store} p50")
            latency.plot(xs, [m["p99_ms"] for _, m in points], style, alpha=0.45, label=f"{store} p99")
    latency.set(xscale="log", xlabel="paragraphs", ylabel="warm Engine.ask (ms)", title="Latency")
    latency.legend(fontsize=8)
    for real, label in ((True, "ingestion (model)"), (False, "Chroma write (random vectors)")):
        points = [(r["paragraphs"], r["paragraphs_per_s"]) for r in rows if r["real_embeddings"] is real]
        if points:
            build.plot(*zip(*points, strict=True), "o-", label=label)
    bound = [
        (r["paragraphs"], r["paragraphs_per_cpu_bound_s"])
        for r in rows
        if r["real_embeddings"] and r.get("paragraphs_per_cpu_bound_s")
    ]
    if bound:
        build.plot(*zip(*bound, strict=True), "^", label="ingestion (model), cores free")
    build.set(xscale="log", yscale="log", xlabel="paragraphs", ylabel="paragraphs/s", title="Build throughput")
    build.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(results: dict[str, Any], folder: Path) -> None:
    lines = [
        "# procqa at scale",
        "",
        *_table(results),
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on 2 shared cores by `python benchmarks/scale.py`. Targets: {TARGETS}.",
        "'random' sizes were built through the same code with random unit vectors (their build time is Chroma's",
        "write rate, not ingestion); questions are embedded by the real model either way. Warm latency is",
        "Engine.ask over 8 synthetic questions; cold start is a fresh process importing, loading and answering one.",
        "'paragraphs/s, cores free' divides the build's CPU seconds (all threads) by the cores it may use: the rate",
        "had it kept both cores busy, an upper bound (tokenising and writing run on one), where the wall-clock rate",
        "also counts the other work on the shared machine.",
        "",
        "![latency and throughput against corpus size](scale.png)",
    ]
    (folder / "scale.md").write_text("\n".join(lines) + "\n")
    chart(results, folder / "scale.png")
