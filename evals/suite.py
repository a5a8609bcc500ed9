"""The whole suite: index the bundled document, run every configuration over the questions, score them."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from evals.clients import Client, HttpClient
from evals.config import RunConfig, client_for
from evals.dataset import SPLITS, Item, check_against
from evals.metrics import Score, aggregate, score
from evals.runner import Outcome, run
from rag.settings import Settings
from rag.support import SupportChecker


@dataclass
class RunResult:
    config: RunConfig
    scores: list[Score]

    def metrics(self, split: str | None = None, kind: str | None = None) -> dict[str, float | None]:
        """Metrics over one split ("dev", "test") or all questions, optionally one kind of question."""
        return aggregate(
            [
                s
                for s in self.scores
                if (split is None or s.outcome.item.split == split) and (kind is None or s.outcome.item.kind == kind)
            ]
        )

    def by_split(self) -> dict[str, dict[str, float | None]]:
        splits = [s for s in SPLITS if any(x.outcome.item.split == s for x in self.scores)]
        return {s: self.metrics(s) for s in splits}


def support_checker(settings: Settings) -> SupportChecker:
    """One support checker (and its embedding cache) per run, on the library's own embedding model."""
    from rag.components import embedding

    return SupportChecker(embedding(settings).embed)


@contextlib.contextmanager
def fresh_index(settings: Settings, paths: Sequence[Path] | None = None) -> Iterator[Settings]:
    """The sources (or `paths`) indexed into a temporary store, so a run never depends on (or touches) a local
    index."""
    from rag.ingest import build_index

    with tempfile.TemporaryDirectory(prefix="procqa-eval-") as folder:
        # The store in a folder of its own: its write lock (store.lock, beside it) goes with the temporary folder.
        indexed = settings.model_copy(update={"store": Path(folder) / "store", "chroma_url": None})
        build_index(indexed, list(paths) if paths else None)
        yield indexed


def evaluate(
    client: Client,
    config: RunConfig,
    items: Sequence[Item],
    checker: SupportChecker,
    on_done: Callable[[Outcome], None] | None = None,
) -> RunResult:
    paragraph_ids = getattr(client, "paragraph_ids", None)
    if paragraph_ids is not None:
        check_against(items, paragraph_ids())
    outcomes = run(client, items, config, on_done)
    return RunResult(config, [score(o, checker) for o in outcomes])


def evaluate_in_process(
    settings: Settings,
    configs: Sequence[RunConfig],
    items: Sequence[Item],
    on_done: Callable[[Outcome], None] | None = None,
    checker: SupportChecker | None = None,
) -> list[RunResult]:
    """Every configuration against one index. `settings.store` must already hold the index."""
    checker = checker or support_checker(settings)
    return [evaluate(client_for(config, settings), config, items, checker, on_done) for config in configs]


def evaluate_server(
    url: str, config: RunConfig, items: Sequence[Item], settings: Settings, on_done: Callable[[Outcome], None] | None
) -> RunResult:
    """A running server's answers, checked for support with the same embedding model loaded locally."""
    client = HttpClient(url)
    try:
        return evaluate(client, config, items, support_checker(settings), on_done)
    finally:
        client.close()
