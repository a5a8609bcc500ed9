"""Writing a run down: evals/reports/<date>-<config>/ with report.md, results.json and the plots."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.config import DEFAULT
from evals.dataset import KINDS, SPLITS, Item
from evals.failures import stage
from evals.metrics import HEADLINE, Score
from evals.suite import RunResult

# Under the working directory, like the index and sources folders: in the checkout that is evals/reports/, and an
# installed package never writes into its own site-packages folder.
REPORTS = Path("evals/reports")
DEFAULT_DATASET = "dataset.jsonl"  # the bundled document's questions: its reports are named without it
PLOTS_NEED = "plots need matplotlib: pip install 'procqa[eval]'"
_COUNTS = {"questions", "dangling_markers", "errors", "dropped_statements"}
_ANSWER_CHARS = 220
_STAGES = ("retrieval", "selection", "false abstention", "missed abstention", "answer", "error")
# How the tables name a metric where its key alone would mislead.
_DISPLAY = {"support": "support (guard; true by construction for extractive answers)"}


def folder_name(results: Sequence[RunResult], day: str, dataset: str = DEFAULT_DATASET) -> str:
    """<date>-<generators>-<modes>, with the dataset's name after the date unless it is the bundled one (a run on
    evals/meetings.jsonl had overwritten the bundled document's report of the same day)."""
    generators = "+".join(dict.fromkeys(r.config.generator for r in results))
    modes = "+".join(dict.fromkeys(r.config.mode for r in results))
    named = "" if dataset == DEFAULT_DATASET else f"{Path(dataset).stem}-"
    return f"{day}-{named}{generators}-{modes}"


def fmt(name: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if name in _COUNTS:
        return str(int(value))
    if name.endswith("_ms"):
        return f"{value:.1f}"
    return f"{value:.3f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _expected(item: Item) -> str:
    if not item.answerable:
        return "abstain"
    facts = "; ".join(" / ".join(f'"{o}"' for o in alternatives) for alternatives in item.facts)
    gold = " + ".join(" or ".join(sorted(g)) for g in item.gold)
    return f"{facts} — cites {gold}"


def _question_row(result: RunResult, s: Score) -> dict[str, Any]:
    item, answer = s.outcome.item, s.outcome.answer
    return {
        "config": result.config.label,
        "id": item.id,
        "split": item.split,
        "kind": item.kind,
        "question": item.question,
        "history": list(item.history),
        "answerable": item.answerable,
        "gold": [sorted(g) for g in item.gold],
        "facts": [list(f) for f in item.facts],
        "answer": answer.answer if answer else None,
        "generator": answer.generator if answer else None,
        "fallback_reason": answer.fallback_reason if answer else None,
        "dropped": answer.dropped if answer else [],
        "abstained": s.abstained,
        "cited": s.cited,
        "ranking": s.outcome.ranking,
        "facts_found": s.facts_found,
        "citation_recall": s.citation_recall,
        "citation_correctness": s.citation_correctness,
        "citation_checks": [asdict(c) for c in s.citation_checks],
        "support": [
            {"statement": st.statement, "lexical": st.lexical, "semantic": st.semantic, "supported": st.supported}
            for st in s.support
        ],
        "latency_ms": round(s.outcome.latency_ms, 2),
        "correct": s.correct,
        "failure": stage(s),
        "error": s.outcome.error,
    }


def results_json(results: Sequence[RunResult], meta: dict[str, Any]) -> dict[str, Any]:
    return {
        **meta,
        "runs": [
            {
                "config": r.config.label,
                "generator": r.config.generator,
                "mode": r.config.mode,
                "metrics": r.by_split(),
                "failures": {split: dict(failure_counts(r, split)) for split in r.by_split()},
            }
            for r in results
        ],
        "questions": [_question_row(r, s) for r in results for s in r.scores],
    }


def failure_counts(result: RunResult, split: str) -> Counter[str]:
    return Counter(stage(s) for s in result.scores if s.outcome.item.split == split and stage(s))


def _metrics_table(results: Sequence[RunResult], split: str) -> list[str]:
    names = [*HEADLINE, "fact_recall", "recall@5", "supported_answers", "dangling_markers", "errors"]
    names += ["fallback_rate", "dropped_statements"]
    names += ["latency_p50_ms", "latency_p95_ms", "questions"]
    per_run = [r.metrics(split) for r in results]
    lines = ["| metric | " + " | ".join(r.config.label for r in results) + " |"]
    lines.append("|---" * (len(results) + 1) + "|")
    lines += [
        f"| {_DISPLAY.get(name, name)} | " + " | ".join(fmt(name, m[name]) for m in per_run) + " |" for name in names
    ]
    return lines


def _kinds_table(result: RunResult) -> list[str]:
    lines = ["| kind | split | n | accuracy | key facts | citation recall | abstention recall |", "|---" * 7 + "|"]
    for kind in KINDS:
        for split in SPLITS:
            m = result.metrics(split, kind)
            if not m["questions"]:
                continue
            cells = [fmt(k, m[k]) for k in ("accuracy", "key_fact_accuracy", "citation_recall", "abstention_recall")]
            lines.append(f"| {kind} | {split} | {int(m['questions'] or 0)} | " + " | ".join(cells) + " |")
    return lines


def _failures_table(result: RunResult) -> list[str]:
    lines = ["| id | split | kind | failed at | question | expected | got | cited |", "|---" * 8 + "|"]
    for s in result.scores:
        failed = stage(s)
        if not failed:
            continue
        item, answer = s.outcome.item, s.outcome.answer
        asked = item.question if not item.history else f"{' → '.join(item.history)} → {item.question}"
        got = s.outcome.error or (answer.answer if answer else "")
        if len(got) > _ANSWER_CHARS:
            got = got[:_ANSWER_CHARS] + "…"
        cells = [item.id, item.split, item.kind, failed, asked, _expected(item), got, ", ".join(s.cited) or "—"]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def markdown(results: Sequence[RunResult], meta: dict[str, Any], plots: Sequence[str]) -> str:
    focus = next((r for r in results if r.config == DEFAULT), results[0])
    out = [f"# procqa eval — {meta['created'][:10]} — {', '.join(r.config.label for r in results)}", ""]
    counts = meta["dataset"]
    out += [
        f"Dataset `{counts['path']}`: {counts['questions']} questions "
        f"({', '.join(f'{counts.get(s, 0)} {s}' for s in SPLITS)}). "
        f"Answers from {meta['source']}. Settings: {meta['settings_summary']}.",
        "",
        "Dev is what thresholds and weights were tuned on; test is only reported; train is reported and never gated.",
        "",
    ]
    for split in SPLITS:
        if any(s.outcome.item.split == split for s in focus.scores):
            out += [f"## Metrics — {split}", "", *_metrics_table(results, split), ""]
    out += [f"## By kind of question — {focus.config.label}", "", *_kinds_table(focus), ""]
    out += ["## Failure analysis", "", "Where each missed question failed (see evals/failures.py).", ""]
    out += ["| config | split | " + " | ".join(_STAGES) + " |", "|---" * (len(_STAGES) + 2) + "|"]
    for r in results:
        for split in r.by_split():
            counts_by = failure_counts(r, split)
            out.append(f"| {r.config.label} | {split} | " + " | ".join(str(counts_by[s]) for s in _STAGES) + " |")
    out.append("")
    out += ["## Plots", ""] + ([f"![{name}]({name})" for name in plots] or [f"None: {PLOTS_NEED}."]) + [""]
    out += ["## Failed questions", ""]
    for r in results:
        opened = " open" if r is focus else ""
        out += [f"<details{opened}><summary>{r.config.label}</summary>", "", *_failures_table(r), "", "</details>", ""]
    return "\n".join(out)


def write(results: Sequence[RunResult], meta: dict[str, Any], root: Path = REPORTS) -> Path:
    """Write report.md, results.json and the plots (when matplotlib is installed); return the folder."""
    created = datetime.now(UTC)
    meta = {"created": created.isoformat(timespec="seconds"), **meta}
    dataset = str(meta.get("dataset", {}).get("path", DEFAULT_DATASET))
    folder = root / folder_name(results, created.strftime("%Y-%m-%d"), dataset)
    folder.mkdir(parents=True, exist_ok=True)
    try:  # the plots are the one part of a report that needs a package outside procqa's own dependencies
        from evals.plots import plot_all
    except ModuleNotFoundError as exc:
        if exc.name != "matplotlib":
            raise
        plots: list[str] = []
    else:
        plots = plot_all(results, folder)
    (folder / "results.json").write_text(
        json.dumps(results_json(results, meta), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (folder / "report.md").write_text(markdown(results, meta, plots), encoding="utf-8")
    return folder
