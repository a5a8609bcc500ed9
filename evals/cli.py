"""`procqa eval` and `python -m evals`: one click command, registered in both places."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from evals.config import DEFAULT, GENERATORS, MODES, SERVER_MODE, RunConfig
from evals.dataset import DEFAULT_PATH, SPLITS, DatasetError, Item, load
from evals.runner import GeneratorMismatch
from rag.errors import ProcqaError
from rag.settings import Settings

if TYPE_CHECKING:  # the suite pulls in llama-index; `procqa --help` should not pay for it
    from evals.runner import Outcome
    from evals.suite import RunResult

_SUMMARY = ("confident_wrong", "hit@3", "mrr", "citation_recall", "citation_correctness", "support")
_SUMMARY += ("key_fact_accuracy",)
_SUMMARY += ("abstention_precision", "abstention_recall", "accuracy", "dangling_markers", "latency_p50_ms")


def _base_settings(ctx: click.Context) -> Settings:
    """Settings from the parent `procqa` group's options when there is one, else from the environment."""
    parent = ctx.find_root().obj
    if parent is not None and hasattr(parent, "settings"):
        settings: Settings = parent.settings()
        return settings
    return Settings()


@contextlib.contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[Outcome], None]]:
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield lambda _outcome: bar.update(1)


@contextlib.contextmanager
def _index(settings: Settings, existing: bool, dataset: Path | None = None) -> Iterator[Settings]:
    if existing:
        yield settings
        return
    from evals.dataset import corpus_of
    from evals.suite import fresh_index

    paths = corpus_of(dataset) if dataset else None
    names = ", ".join(p.name for p in paths) if paths else str(settings.sources)
    click.echo(f"Indexing {names} into a temporary store…", err=True)
    with fresh_index(settings, paths) as indexed:
        yield indexed


def _print_summary(results: Sequence[RunResult]) -> None:
    from evals.report import fmt

    for result in results:
        for split, metrics in result.by_split().items():
            shown = ", ".join(f"{name} {fmt(name, metrics[name])}" for name in _SUMMARY)
            click.echo(f"{result.config.label:<20} {split:<5} {shown}")


def _run_sweep(settings: Settings, dataset: Path, existing: bool) -> None:
    from evals.report import REPORTS
    from evals.sweep import grid, sweep, table

    dev = load(dataset, ["dev"])
    with _index(settings, existing) as indexed, _progress(len(grid()) * len(dev), "Sweeping dev") as done:
        points = sweep(indexed, dev, on_done=done)
    best = points[0]
    text = table(points, settings)
    click.echo(text)
    click.echo(
        f"Best on dev: dense_weight={best.dense_weight} bm25_weight={best.bm25_weight} "
        f"answer_threshold={best.answer_threshold} (accuracy {best.objective[0]:.3f})"
    )
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "sweep.md").write_text(f"# Calibration sweep (dev split, hybrid)\n\n{text}\n", encoding="utf-8")


def _run_train(settings: Settings, dataset: Path, existing: bool) -> None:
    if importlib.util.find_spec("sklearn") is None:  # say so before indexing, not after minutes of answering
        raise click.ClickException("procqa eval --train needs scikit-learn: pip install 'procqa[eval]'")
    from evals.dataset import MEETINGS_PATH
    from evals.train_reader import Corpus, changes, train
    from rag.reader.scorer import DEFAULT_PATH as SCORER_PATH
    from rag.reader.scorer import AnswerScorer

    target = settings.answer_scorer or SCORER_PATH
    try:
        old: AnswerScorer | None = AnswerScorer.load(target)
    except ProcqaError:
        old = None
    # The shipped scorer serves one document and many meetings alike, so it learns from both datasets (each on
    # its own index); a dataset given by hand, or an existing index, trains on that alone.
    both = dataset.resolve() == DEFAULT_PATH.resolve() and not existing
    datasets = [dataset, MEETINGS_PATH] if both else [dataset]
    with contextlib.ExitStack() as stack:
        corpora = [
            Corpus(stack.enter_context(_index(settings, existing, d)), load(d, ["train"]), load(d, ["dev"]))
            for d in datasets
        ]
        scorer, _ = train(corpora, lambda m: click.echo(m, err=True))
    scorer.save(target)
    click.echo(f"Wrote {target}. What changed (weights on standardised features):")
    for line in changes(old, scorer):
        click.echo(f"  {line}")


def _run_refit_gate(settings: Settings, dataset: Path, existing: bool, names: tuple[str, ...]) -> None:
    if importlib.util.find_spec("scipy") is None:
        raise click.ClickException("procqa eval --refit-gate needs scipy: pip install 'procqa[eval]'")
    from evals.dataset import MEETINGS_PATH
    from evals.train_reader import Corpus, refit_gate_weights
    from rag.reader.scorer import DEFAULT_PATH as SCORER_PATH
    from rag.reader.scorer import AnswerScorer

    target = settings.answer_scorer or SCORER_PATH
    old = AnswerScorer.load(target)
    both = dataset.resolve() == DEFAULT_PATH.resolve() and not existing
    datasets = [dataset, MEETINGS_PATH] if both else [dataset]
    with contextlib.ExitStack() as stack:
        corpora = [Corpus(stack.enter_context(_index(settings, existing, d)), load(d, ["train"]), []) for d in datasets]
        try:
            scorer = refit_gate_weights(corpora, old, names, lambda m: click.echo(m, err=True))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    scorer.save(target)
    click.echo(f"Wrote {target}. What changed (weights on standardised features):")
    for name in names:
        at = scorer.gate.features.index(name)
        click.echo(f"  gate {name:28s} {old.gate.coef[at]:+.3f} -> {scorer.gate.coef[at]:+.3f}")
    click.echo(f"  gate {'intercept':28s} {old.gate.intercept:+.3f} -> {scorer.gate.intercept:+.3f}")


@click.command("eval")
@click.option("--split", "splits", multiple=True, type=click.Choice(SPLITS), help="Only this split (repeatable).")
@click.option("--mode", "modes", multiple=True, type=click.Choice(MODES), help="Retrieval mode (repeatable).")
@click.option(
    "--generator",
    "generators",
    multiple=True,
    type=click.Choice(list(GENERATORS)),
    help="Repeatable; default: extractive. LLM generators take their model from the procqa options/settings.",
)
@click.option("--url", help="Evaluate a running server (POST URL/api/ask; PROCQA_API_KEY as bearer token).")
@click.option("--dataset", type=click.Path(path_type=Path, exists=True), default=DEFAULT_PATH, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="Reports folder (default: evals/reports).")
@click.option("--existing-index", is_flag=True, help="Use the configured store as is instead of a fresh index.")
@click.option("--gate", is_flag=True, help="Exit 1 when the default configuration falls below evals/floors.toml.")
@click.option("--sweep", is_flag=True, help="Calibrate fusion weights and the answer threshold on dev, then stop.")
@click.option(
    "--train",
    "train_scorer",
    is_flag=True,
    help="Refit the reader's answer scorer (train splits, chosen on dev; the default dataset adds the meetings one).",
)
@click.option(
    "--refit-gate",
    "refit_gate",
    multiple=True,
    metavar="FEATURE",
    help="Fit only these gate features' weights and the gate's intercept on the train splits, the rest held.",
)
@click.pass_context
def eval_command(
    ctx: click.Context,
    splits: tuple[str, ...],
    modes: tuple[str, ...],
    generators: tuple[str, ...],
    url: str | None,
    dataset: Path,
    out: Path | None,
    existing_index: bool,
    gate: bool,
    sweep: bool,
    train_scorer: bool,
    refit_gate: tuple[str, ...],
) -> None:
    """Run the offline eval suite: retrieval, citations, support, key facts and abstention, per retrieval mode
    and generator, on the train, dev and test splits (--gate holds dev and test to their floors; train is only
    reported). Writes evals/reports/<date>-<config>/."""
    from evals import report
    from evals.gate import floors_of, load_floors, violations
    from evals.suite import evaluate_in_process

    settings = _base_settings(ctx)
    try:
        if train_scorer:
            _run_train(settings, dataset, existing_index)
            return
        if refit_gate:
            _run_refit_gate(settings, dataset, existing_index, refit_gate)
            return
        if sweep:
            _run_sweep(settings, dataset, existing_index)
            return
        items = load(dataset, splits or SPLITS)
    except (DatasetError, ProcqaError) as exc:  # a missing scorer file, a dead Chroma server
        raise click.ClickException(str(exc)) from None
    generators = generators or ("extractive",)  # LLM generators run only when named: they need a model
    try:
        if url:
            configs = [RunConfig(g, SERVER_MODE) for g in generators]
            results = _ask_server(url, configs, items, settings)
            source, summary = url, "the server's own"
        else:
            configs = [RunConfig(g, m) for g in generators for m in (modes or MODES)]
            with (
                _index(settings, existing_index, dataset) as indexed,
                _progress(len(items) * len(configs), "Evaluating") as done,
            ):
                results = evaluate_in_process(indexed, configs, items, done)
            source, summary = "the library in-process", _settings_summary(settings)
    except (GeneratorMismatch, ProcqaError, DatasetError) as exc:
        raise click.ClickException(str(exc)) from None
    _print_summary(results)
    meta = {
        "dataset": {"path": str(dataset.name), "questions": len(items), **_split_counts(items)},
        "source": source,
        "settings_summary": summary,
    }
    folder = report.write(results, meta, out or report.REPORTS)
    click.echo(f"Report: {folder / 'report.md'}")
    if gate:
        default = next((r for r in results if r.config == DEFAULT), None)
        if default is None:
            raise click.ClickException(f"--gate needs the default configuration ({DEFAULT.label}) in the run")
        failed = violations(default.by_split(), load_floors(floors_of(dataset)))
        for line in failed:
            click.echo(f"GATE: {line}", err=True)
        if failed:
            ctx.exit(1)
        click.echo("Gate passed: every metric at or above its floor.")


def _ask_server(url: str, configs: Sequence[RunConfig], items: Sequence[Item], settings: Settings) -> list[RunResult]:
    import httpx

    from evals.suite import evaluate_server

    try:
        with _progress(len(items) * len(configs), f"Asking {url}") as done:
            return [evaluate_server(url, config, items, settings, done) for config in configs]
    except httpx.TransportError as exc:  # an unreachable server stops the run; an error status does not
        raise click.ClickException(f"Cannot reach {url}: {exc}") from None
    except PermissionError as exc:
        raise click.ClickException(str(exc)) from None


def _split_counts(items: Sequence[Item]) -> dict[str, int]:
    return {split: sum(item.split == split for item in items) for split in SPLITS}


def _settings_summary(settings: Settings) -> str:
    return (
        f"top_k {settings.top_k}, dense_weight {settings.dense_weight}, bm25_weight {settings.bm25_weight}, "
        f"answer_threshold {settings.answer_threshold}"
    )
