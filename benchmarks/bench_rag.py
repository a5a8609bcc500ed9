"""Benchmark: procqa against llama-index's standard RAG recipe with a real local LLM, side by side in one run.

The recipe a user would reach for: `VectorStoreIndex` over the same Chroma collection procqa builds (its chunks
are written through llama-index's ChromaVectorStore, so the index reads them as they are) and the same embedding
model, `CitationQueryEngine`, and the same local GGUF model through llama-cpp (`LlamaCPP`, temperature 0, the
chat template procqa uses). Beside it: procqa's default (extractive) and procqa with that model (`llama-cpp`).

Every pipeline answers the same eval questions (single-turn ones of a split: CitationQueryEngine has no
conversation) in its own process, so each has its own peak RSS; answers are scored by evals/metrics.py (accuracy,
key facts, citation correctness, abstention) with latency p50 / p95. The recipe has no notion of abstaining: an
answer that cites no source counts as an abstention. Writes benchmarks/results/bench_rag.md and .json.

Run: `.venv/bin/python -m benchmarks.bench_rag --questions 8` (the LLM takes seconds a question on 2 cores). procqa's
LLM timeout is raised to 600 s here, so a slow machine measures the model rather than the extractive fallback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "index" / "sources"
RESULTS = ROOT / "benchmarks" / "results"
SMALL_GGUF = ROOT / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"  # `procqa models fetch qwen2.5-coder-0.5b`
PIPELINES = {
    "procqa (extractive)": "procqa-extractive",
    "procqa (llama-cpp)": "procqa-llama-cpp",
    "llama-index CitationQueryEngine (llama-cpp)": "llama-index",
}
COLUMNS = [
    ("accuracy", "accuracy"),
    ("key facts", "key_fact_accuracy"),
    ("citation correctness", "citation_correctness"),
    ("abstention precision", "abstention_precision"),
    ("abstention recall", "abstention_recall"),
    ("p50 ms", "latency_p50_ms"),
    ("p95 ms", "latency_p95_ms"),
    ("peak RSS MB", "peak_rss_mb"),
]


def items(split: str, count: int) -> list[Any]:
    """The first `count` single-turn questions of `split`, answerable and not alternating, so a small run still
    has both kinds."""
    from evals.dataset import load

    single = [item for item in load(splits=[split]) if not item.history]
    answerable = [item for item in single if item.answerable]
    unanswerable = [item for item in single if not item.answerable]
    chosen = []
    for pair in zip(answerable, unanswerable, strict=False):
        chosen += pair
    return (chosen + answerable[len(chosen) // 2 :])[:count]


class ProcqaClient:
    def __init__(self, store: Path, generator: str, model: Path) -> None:
        from rag.engine import Engine
        from rag.settings import Settings

        self.engine = Engine.load(Settings(store=store, generator=generator, llm_model_path=model, llm_timeout_s=600))

    def ask(self, question: str) -> Any:
        return self.engine.ask(question)


class LlamaIndexClient:
    """VectorStoreIndex over procqa's Chroma collection + CitationQueryEngine + LlamaCPP."""

    def __init__(self, store: Path, model: Path, llm: Any = None) -> None:
        from llama_index.core import VectorStoreIndex
        from llama_index.core.query_engine import CitationQueryEngine
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from rag.components import embedding
        from rag.generators.llms import build_llm
        from rag.settings import Settings
        from rag.store import IndexStore

        settings = Settings(store=store, generator="llama-cpp", llm_model_path=model)
        chunks = IndexStore(settings).current().chunks
        index = VectorStoreIndex.from_vector_store(
            ChromaVectorStore(chroma_collection=chunks), embed_model=embedding(settings)
        )
        llm = llm or build_llm(settings)
        self.engine = CitationQueryEngine.from_args(index, llm=llm, similarity_top_k=settings.top_k)

    def ask(self, question: str) -> Any:
        from rag.contract import Answer, Citation, Timings

        started = time.perf_counter()
        response = self.engine.query(question)
        text = str(response.response or "").strip()
        used = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
        citations = []
        for n, source in enumerate(response.source_nodes, start=1):
            if n not in used:
                continue
            meta = source.node.metadata
            body = re.sub(r"^Source \d+:\s*", "", source.node.get_content())
            citations.append(
                Citation(
                    n=n, id=str(meta.get("paragraph_id", "")), label=str(meta.get("label", "")),
                    document=str(meta.get("document", "")), section=str(meta.get("section", "")), text=body,
                    quote="", score=float(source.score or 0.0),
                )
            )  # fmt: skip
        total = (time.perf_counter() - started) * 1000
        return Answer(
            answer=text,
            abstained=not citations,
            citations=citations,
            outcome="answer" if citations else "not_stated",
            generator="llama-index",
            timings_ms=Timings(retrieve=0.0, synthesize=total, total=total),
        )


def run_pipeline(name: str, store: Path, model: Path, split: str, count: int) -> dict[str, Any]:
    """In this process: answer and score the questions with one pipeline."""
    from evals.metrics import aggregate, score
    from evals.runner import Outcome
    from rag.support import SupportChecker

    client: Any = LlamaIndexClient(store, model) if name == "llama-index" else None
    if client is None:
        client = ProcqaClient(store, "extractive" if name == "procqa-extractive" else "llama-cpp", model)
    scores, answers = [], []
    for item in items(split, count):
        started = time.perf_counter()
        answer = client.ask(item.question)
        latency = (time.perf_counter() - started) * 1000
        scores.append(score(Outcome(item, answer, None, latency), SupportChecker()))
        answers.append({"id": item.id, "answer": answer.answer, "abstained": answer.abstained})
    metrics = aggregate(scores)
    metrics["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"metrics": metrics, "answers": answers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=8, help="single-turn questions of the split to ask")
    parser.add_argument("--split", default="test")
    parser.add_argument("--model", type=Path, default=SMALL_GGUF, help="the GGUF both LLM pipelines use")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(run_pipeline(args.worker, args.store, args.model, args.split, args.questions)))
        return
    from rag.ingest import build_index
    from rag.settings import Settings

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp, "store")
        build_index(Settings(sources=SOURCES, store=store))
        for label, worker in PIPELINES.items():
            print(f"{label} ...", file=sys.stderr, flush=True)
            command = [sys.executable, "-m", "benchmarks.bench_rag", "--worker", worker, "--store", str(store)]
            command += ["--model", str(args.model), "--split", args.split, "--questions", str(args.questions)]
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            out = subprocess.run(command, capture_output=True, text=True, env=env, check=True, cwd=ROOT)
            results[label] = json.loads(out.stdout.strip().splitlines()[-1])
    write(results, args)


def write(results: dict[str, Any], args: argparse.Namespace) -> None:
    def cell(value: float | None, key: str) -> str:
        if value is None:
            return "—"
        return f"{value:.0f}" if key.endswith(("_ms", "_mb")) else f"{value:.2f}"

    lines = ["| pipeline | " + " | ".join(title for title, _ in COLUMNS) + " |"]
    lines.append("| --- |" + " ---: |" * len(COLUMNS))
    for label, result in results.items():
        metrics = result["metrics"]
        lines.append(f"| {label} | " + " | ".join(cell(metrics.get(key), key) for _, key in COLUMNS) + " |")
    note = (
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores: the first {args.questions} single-turn "
        f"questions of the {args.split} split (answerable and unanswerable alternating), each pipeline in its own "
        f"process; LLM: {args.model.name}. The llama-index recipe has no abstention: an answer citing no source "
        "counts as one. A small run: read the differences, not the decimals."
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = "# procqa against llama-index's RAG recipe, same local LLM\n\n" + "\n".join(lines) + f"\n\n{note}\n"
    (RESULTS / "bench_rag.md").write_text(text)
    (RESULTS / "bench_rag.json").write_text(json.dumps(results, indent=2) + "\n")
    print(text)


if __name__ == "__main__":
    main()
