"""Benchmark: procqa's default pipeline against llama-index's retrieval plumbing, in the same run (latency only).

procqa: hybrid retrieval + extractive synthesizer over the persistent Chroma index.
naive:  llama-index defaults — VectorStoreIndex (in-memory store, default SentenceSplitter chunking, persisted to
        disk) + CitationQueryEngine with a trivial LLM (MockLLM) — over the same document and embedding model.

Measures index build time, cold start to first answer (a fresh process: imports, loading, one question) and warm
ask latency p50/p95. Writes benchmarks/results/bench_ask.md and bench_ask.png. Run: `make bench`.

The llama-index row answers with MockLLM filler, so it is labelled "retrieval plumbing": it times retrieval and
the query engine, never an answer. The comparison a user makes — the same recipe answering with the same local
model, scored on the eval questions — is benchmarks/bench_rag.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "index" / "sources"
RESULTS = ROOT / "benchmarks" / "results"
PLUMBING = "llama-index retrieval plumbing (MockLLM)"
QUESTIONS = [
    "Who headed the US delegation?",
    "What did the US say about cocaine?",
    "How many Member States are not covered by the Visa Waiver Programme?",
    "What did the sides say about the CLOUD Act?",
    "Where will the next EU-US ministerial take place?",
    "What worries the US about digital money?",
    "What are the incoming Austrian Presidency's priorities?",
    "What concern was raised about elections?",
    "What did the ministers say about Europol?",
    "When was the document issued?",
]

COLD_PROCQA = """
import sys, time
t = time.perf_counter()
from rag.engine import Engine
from rag.settings import Settings
answer = Engine.load(Settings(store=sys.argv[1])).ask("Who headed the US delegation?")
assert "Jeff Sessions" in answer.answer
print(time.perf_counter() - t)
"""

COLD_NAIVE = """
import sys, time
t = time.perf_counter()
from llama_index.core import Settings, StorageContext, load_index_from_storage
from llama_index.core.query_engine import CitationQueryEngine
from rag.embeddings import MiniLMEmbedding
from benchmarks.bench_ask import TrivialLLM
Settings.embed_model = MiniLMEmbedding()
Settings.llm = TrivialLLM(max_tokens=64)
index = load_index_from_storage(StorageContext.from_defaults(persist_dir=sys.argv[1]))
engine = CitationQueryEngine.from_args(index, llm=Settings.llm, similarity_top_k=5)
response = engine.query("Who headed the US delegation?")
print(time.perf_counter() - t)
"""


def trivial_llm_class() -> type:
    from llama_index.core.llms import LLMMetadata, MockLLM

    class _TrivialLLM(MockLLM):
        """llama-index's MockLLM with a modern context window, so five retrieved chunks fit the prompt."""

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(context_window=32768, num_output=self.max_tokens or 64)

    return _TrivialLLM


def __getattr__(name: str) -> type:
    # Lazy, so importing this module for the class does not import llama-index twice in the cold-start probe.
    if name == "TrivialLLM":
        return trivial_llm_class()
    raise AttributeError(name)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build_procqa(store: Path) -> float:
    from rag.ingest import build_index
    from rag.settings import Settings

    started = time.perf_counter()
    build_index(Settings(sources=SOURCES, store=store), rebuild=True)
    return time.perf_counter() - started


def build_naive(persist_dir: Path) -> float:
    from llama_index.core import Settings, SimpleDirectoryReader, VectorStoreIndex

    from rag.components import embedding
    from rag.settings import Settings as ProcqaSettings

    Settings.embed_model = embedding(ProcqaSettings())
    Settings.llm = trivial_llm_class()(max_tokens=64)
    started = time.perf_counter()
    documents = SimpleDirectoryReader(str(SOURCES)).load_data()
    index = VectorStoreIndex.from_documents(documents)
    index.storage_context.persist(persist_dir=str(persist_dir))
    return time.perf_counter() - started


def cold_start(script: str, location: Path, runs: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", script, str(location)], capture_output=True, text=True, env=env, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def warm_procqa(store: Path, rounds: int) -> list[float]:
    from rag.engine import Engine
    from rag.settings import Settings

    return timed_asks(Engine.load(Settings(store=store)).ask, rounds)


def warm_naive(persist_dir: Path, rounds: int) -> list[float]:
    from llama_index.core import StorageContext, load_index_from_storage
    from llama_index.core.query_engine import CitationQueryEngine

    index = load_index_from_storage(StorageContext.from_defaults(persist_dir=str(persist_dir)))
    engine = CitationQueryEngine.from_args(index, llm=trivial_llm_class()(max_tokens=64), similarity_top_k=5)
    return timed_asks(engine.query, rounds)


def timed_asks(answer: Callable[[str], object], rounds: int) -> list[float]:
    """Milliseconds per question, after one warm-up pass over the questions."""
    for question in QUESTIONS:
        answer(question)
    times = []
    for _ in range(rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            answer(question)
            times.append((time.perf_counter() - started) * 1000)
    return times


def chart(results: dict[str, dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results)
    figure, axes = plt.subplots(1, 3, figsize=(11, 3.4))
    panels = [
        ("Warm ask latency (ms)", ["p50_ms", "p95_ms"]),
        ("Cold start to first answer (s)", ["cold_start_s"]),
        ("Index build (s)", ["build_s"]),
    ]
    colours = ["#1f5f99", "#9bbcd9"]
    for axis, (title, keys) in zip(axes, panels, strict=True):
        width = 0.8 / len(keys)
        for k, key in enumerate(keys):
            values = [results[name][key] for name in names]
            positions = [i + k * width for i in range(len(names))]
            bars = axis.bar(positions, values, width=width, color=colours[k], label=key.split("_")[0])
            axis.bar_label(bars, fmt="%.1f", fontsize=8)
        axis.set_xticks([i + width * (len(keys) - 1) / 2 for i in range(len(names))], names)
        axis.set_title(title, fontsize=10)
        if len(keys) > 1:
            axis.legend(fontsize=8)
    figure.suptitle("procqa vs llama-index retrieval plumbing (same document, same embedding model)", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="times each question is asked warm")
    parser.add_argument("--cold-runs", type=int, default=3)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store, naive_dir = Path(tmp, "store"), Path(tmp, "naive")
        say("[1/6] building the procqa index ...")
        procqa_build = build_procqa(store)
        say("[2/6] building the naive index ...")
        naive_build = build_naive(naive_dir)
        say(f"[3/6] procqa cold start x{args.cold_runs} ...")
        procqa_cold = cold_start(COLD_PROCQA, store, args.cold_runs)
        say(f"[4/6] naive cold start x{args.cold_runs} ...")
        naive_cold = cold_start(COLD_NAIVE, naive_dir, args.cold_runs)
        say(f"[5/6] procqa warm asks x{args.rounds * len(QUESTIONS)} ...")
        procqa_warm = warm_procqa(store, args.rounds)
        say(f"[6/6] naive warm asks x{args.rounds * len(QUESTIONS)} ...")
        naive_warm = warm_naive(naive_dir, args.rounds)

    results = {
        name: {
            "build_s": build,
            "cold_start_s": statistics.median(cold),
            "p50_ms": percentile(warm, 0.50),
            "p95_ms": percentile(warm, 0.95),
        }
        for name, build, cold, warm in [
            ("procqa", procqa_build, procqa_cold, procqa_warm),
            (PLUMBING, naive_build, naive_cold, naive_warm),
        ]
    }
    ratio = {key: results["procqa"][key] / results[PLUMBING][key] for key in results["procqa"]}
    lines = [
        "| pipeline | index build (s) | cold start to first answer (s, median) | warm p50 (ms) | warm p95 (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['build_s']:.2f} | {r['cold_start_s']:.2f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} |"
        )
    lines.append(
        f"| ratio procqa / plumbing | {ratio['build_s']:.2f} | {ratio['cold_start_s']:.2f} | {ratio['p50_ms']:.2f} | "
        f"{ratio['p95_ms']:.2f} |"
    )
    table = "\n".join(lines)
    stamp = time.strftime("%Y-%m-%d")
    note = (
        f"Measured {stamp} on {os.cpu_count()} cores; {args.rounds * len(QUESTIONS)} warm asks each over "
        f"{len(QUESTIONS)} questions; cold start = a fresh Python process importing, loading the index and "
        "answering one question. The naive pipeline's answer is MockLLM filler: it measures retrieval and "
        "plumbing only, with no answer quality at all.\n"
    )
    (RESULTS / "bench_ask.md").write_text(f"# procqa vs llama-index retrieval plumbing\n\n{table}\n\n{note}")
    (RESULTS / "bench_ask.json").write_text(json.dumps(results, indent=2))
    chart(results, RESULTS / "bench_ask.png")
    print(table)
    print(f"\nWrote {RESULTS / 'bench_ask.md'} and {RESULTS / 'bench_ask.png'}")


if __name__ == "__main__":
    main()
