"""Scale benchmark: ingestion, index size, memory, cold start and warm latency against corpus size, embedded
Chroma and a Chroma server side by side.

Sizes given with --embed are indexed for real (MiniLM on the CPU): that is the ingestion throughput. The others
are indexed through the same build code with random unit vectors instead of the model (the 2-core machine embeds
~25-60 texts/s, so 10k paragraphs would take hours); their build time is Chroma's write rate, not ingestion.
Questions are always embedded by the real model. Each size is measured in a fresh process (cold start includes
imports; RSS is that process's peak). Results accumulate in benchmarks/results/scale.json, so sizes can be run
one at a time; scale.md and scale.png are redrawn from it.

    python benchmarks/scale.py --embed 1000 --synthetic 10000 --server
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_ask import percentile, say  # noqa: E402
from benchmarks.scale_report import write_report  # noqa: E402
from benchmarks.synth_corpus import write_corpus  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
QUESTIONS = [
    "What did the Commission say about cybercrime and ransomware?",
    "Who expressed concern about drug trafficking routes?",
    "What was agreed on access to electronic evidence?",
    "How many Member States took part in border management?",
    "Where will expert talks on mutual legal assistance take place?",
    "What did Europol present on money laundering?",
    "When is the report on data protection safeguards due?",
    "What did ministers underline about hybrid threats to elections?",
]

MEASURE = """
import json, sys, time
t0 = time.perf_counter()
from rag.engine import Engine
from rag.settings import Settings
settings = Settings(**json.loads(sys.argv[1]))
questions, rounds = json.loads(sys.argv[2]), int(sys.argv[3])
t1 = time.perf_counter()
engine = Engine.load(settings)
t2 = time.perf_counter()
engine.ask(questions[0])
t3, cpu3 = time.perf_counter(), time.process_time()
warm = []
for _ in range(rounds):
    for q in questions:
        s = time.perf_counter(); engine.ask(q); warm.append((time.perf_counter() - s) * 1000)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child would report its parent's peak.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
# cold_cpu_s: the CPU the process spent until its first answer (all threads, imports included); on a shared
# machine the wall-clock cold start also counts everyone else's work.
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "cold_start_s": t3 - t0, "cold_cpu_s": cpu3,
                  "warm_ms": warm, "rss_mb": peak / 1024}))
"""


class RandomEmbedder:
    """Unit vectors at random: the build's write path without the model's cost."""

    def __init__(self, seed: int = 8) -> None:
        self.rng = np.random.default_rng(seed)

    def embed(self, texts: list[str]) -> list[np.ndarray]:
        vectors = self.rng.standard_normal((len(texts), 384)).astype(np.float32)
        return list(vectors / np.linalg.norm(vectors, axis=1, keepdims=True))


def build(paragraphs: int, workdir: Path, real: bool) -> dict[str, Any]:
    from rag.embeddings import cores
    from rag.ingest import build_index
    from rag.settings import Settings

    sources, store = workdir / "sources", workdir / "store"
    if (workdir / "build.json").exists():  # built by an earlier run with --workdir: measure it as it is
        return json.loads((workdir / "build.json").read_text())
    write_corpus(paragraphs, sources)
    settings = Settings(sources=sources, store=store)
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        if time.monotonic() - last[0] > 10 or done == total:
            last[0] = time.monotonic()
            say(f"  {stage}: {done:,}/{total:,}")

    started, cpu_started = time.perf_counter(), time.process_time()
    report = build_index(settings, progress=progress, embedder=None if real else RandomEmbedder())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    row = {
        "paragraphs": report.paragraphs,
        "chunks": report.chunks,
        "texts": report.embedded,
        "build_s": seconds,
        "paragraphs_per_s": report.paragraphs / seconds,
        # The rate had the build kept the machine's cores busy (an upper bound): on 2 cores shared with other work,
        # wall time says as much about the neighbours as about the build. CPU seconds (all threads) over the cores.
        "build_cpu_s": cpu,
        "paragraphs_per_cpu_bound_s": report.paragraphs / (cpu / cores()),
        "index_mb": size / 2**20,
        "real_embeddings": real,
    }
    (workdir / "build.json").write_text(json.dumps(row))
    return row


def measure(settings: dict[str, Any], rounds: int) -> dict[str, Any]:
    command = [sys.executable, "-c", MEASURE, json.dumps(settings), json.dumps(QUESTIONS), str(rounds)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    warm = result.pop("warm_ms")
    return {**result, "p50_ms": percentile(warm, 0.5), "p99_ms": percentile(warm, 0.99), "asks": len(warm)}


def with_server(store: Path, rounds: int) -> dict[str, Any]:
    from tests.api_support import free_port, start_chroma, stop

    port = free_port()
    process = start_chroma(store, port)
    try:
        # The server serves the folder this machine built, so a start finds the build's derived files there
        # (rag/derived.py); a server's generation built on another machine is derived at start instead.
        return measure({"chroma_url": f"http://127.0.0.1:{port}", "store": str(store)}, rounds)
    finally:
        stop(process)


def run_size(paragraphs: int, real: bool, server: bool, rounds: int, keep: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"procqa-scale-{paragraphs}-") as tmp:
        # --workdir keeps the built store (a 100k build takes a while): a later run measures it again.
        workdir = keep / f"{paragraphs}-{'model' if real else 'random'}" if keep else Path(tmp)
        say(f"{paragraphs:,} paragraphs ({'model' if real else 'random'} vectors): building")
        row = build(paragraphs, workdir, real)
        say(f"  built in {row['build_s']:.1f} s, {row['index_mb']:.0f} MB; measuring embedded Chroma")
        row["embedded"] = measure({"store": str(workdir / "store")}, rounds)
        if server:
            say("  measuring a Chroma server on the same folder")
            row["server"] = with_server(workdir / "store", rounds)
        shutil.rmtree(workdir / "sources", ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embed", type=int, nargs="*", default=[], help="sizes indexed with the real model")
    parser.add_argument("--synthetic", type=int, nargs="*", default=[], help="sizes indexed with random vectors")
    parser.add_argument("--server", action="store_true", help="also measure through `chroma run`")
    parser.add_argument("--rounds", type=int, default=5, help="warm rounds over the questions")
    parser.add_argument("--workdir", type=Path, help="keep each size's store here (and reuse one built before)")
    args = parser.parse_args()
    path = RESULTS / "scale.json"
    for size, real in [(s, True) for s in args.embed] + [(s, False) for s in args.synthetic]:
        row = run_size(size, real, args.server, args.rounds, args.workdir)
        # Read again just before writing: sizes may be measured by separate runs; each keeps the others' rows.
        results = {
            **(json.loads(path.read_text()) if path.exists() else {}),
            f"{size}-{'model' if real else 'random'}": row,
        }
        path.write_text(json.dumps(results, indent=2) + "\n")
    write_report(json.loads(path.read_text()), RESULTS)
    say(f"Wrote {path}, {RESULTS / 'scale.md'} and {RESULTS / 'scale.png'}")


if __name__ == "__main__":
    main()
