"""Ingestion rate of the two sentence-vector modes, side by side: each sentence embedded alone (`separate`, the
default) against sentences pooled from their paragraph's pass (`pooled`). Both build the same synthetic corpus with
the real model, alternated round by round in one process (one loaded model), so a busy neighbour slows both alike.

    python benchmarks/ingest_modes.py --paragraphs 1000 --rounds 2

Writes benchmarks/results/ingest_modes.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synth_corpus import write_corpus  # noqa: E402
from rag.embeddings import POOLED_CONTEXT_SHARE, MiniLMEmbedding, cores  # noqa: E402
from rag.ingest import build_index  # noqa: E402
from rag.settings import Settings  # noqa: E402

MODES = ("separate", "pooled")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ingest_modes.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="procqa-ingest-"))
    rows = []
    try:
        write_corpus(args.paragraphs, work / "sources")
        embedder = MiniLMEmbedding()
        for round_number in range(1, args.rounds + 1):
            for mode in MODES:
                store = work / f"{mode}-{round_number}"
                settings = Settings(sources=work / "sources", store=store, sentence_vectors=mode)
                print(f"round {round_number}/{args.rounds}: {args.paragraphs:,} paragraphs, {mode} ...", flush=True)
                started, cpu_started = time.perf_counter(), time.process_time()
                report = build_index(settings, embedder=embedder)
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
                rows.append((round_number, mode, report.paragraphs, report.embedded, seconds, cpu))
                print(f"  {report.paragraphs / seconds:.1f} paragraphs/s ({seconds:.1f} s)", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# Ingestion rate by sentence-vector mode",
        "",
        "| round | mode | paragraphs | vectors made | build (s) | paragraphs/s | paragraphs/s, cores free |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for round_number, mode, paragraphs, texts, seconds, cpu in rows:
        lines.append(
            f"| {round_number} | {mode} | {paragraphs:,} | {texts:,} | {seconds:.1f} | {paragraphs / seconds:.1f} | "
            f"{paragraphs / (cpu / cores()):.1f} |"
        )
    lines += [
        "",
        f"Measured {date.today().isoformat()} by `python benchmarks/ingest_modes.py --paragraphs {args.paragraphs} "
        f"--rounds {args.rounds}` on {cores()} cores, synthetic proceedings, the real model. `pooled` takes "
        f"{POOLED_CONTEXT_SHARE} of the paragraph's vector out of each pooled sentence vector. 'Cores free' divides "
        "the build's CPU seconds by the cores it may use. Target (issue 16): >= 40 paragraphs/s.",
    ]
    args.out.write_text("\n".join(lines) + "\n")
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
