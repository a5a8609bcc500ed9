"""What an engine derives from a generation's chunks — the BM25 index and the corpus's term rarity — computed once
when the generation is built and stored next to it, so a start reads a few arrays instead of re-stemming the
whole corpus twice (about 10 s of a 15-24 s cold start at 10k paragraphs).

A generation never changes once published, so its derived files are keyed by its name. They are only a cache:
absent (a store built before them, a Chroma server on another machine), of another format, or not matching the
generation's chunks, they are ignored and rebuilt from the chunks, and written for the next start when the folder
is writable. Written to a temporary folder and renamed, so a crash mid-write leaves nothing that looks complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
from llama_index.core.schema import BaseNode, MetadataMode

from rag.corpus import CorpusStats
from rag.records import paragraphs_in_order
from rag.settings import Settings

FORMAT = 1  # raise when what is stored, or how it is computed, changes: older files are then rebuilt
_META = "derived.json"
_BM25 = "bm25"
_FOLDER = "derived"


@dataclass
class Derived:
    bm25: bm25s.BM25 | None  # None when the index has no chunks
    order: list[str]  # node ids in BM25 corpus order
    stats: CorpusStats


def folder(settings: Settings) -> Path | None:
    """Where generations' derived files live: in the embedded store's folder. None for a Chroma server, whose
    generations are rebuilt from their chunks at each start (the server may be on another machine)."""
    return None if settings.chroma_url else settings.store / _FOLDER


def paragraph_texts(nodes: Iterable[BaseNode]) -> list[str]:
    """'section text' per paragraph (split chunks joined again, as the engine's paragraph views join them), in
    document and paragraph order: what the corpus statistics count."""
    return [f"{view.section} {view.text}" for view in paragraphs_in_order(list(nodes)).values()]


def bm25_index(nodes: Sequence[BaseNode]) -> bm25s.BM25 | None:
    """The BM25 index over the nodes' embedded text, tokenised exactly as llama-index's BM25Retriever does."""
    if not nodes:
        return None
    import Stemmer

    tokens = bm25s.tokenize(
        [node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes],
        stopwords="en",
        stemmer=Stemmer.Stemmer("english"),
        token_pattern=r"(?u)\b\w\w+\b",
        show_progress=False,
    )
    index = bm25s.BM25()
    index.index(tokens, show_progress=False)
    return index


def derive(nodes: Sequence[BaseNode]) -> Derived:
    return Derived(bm25_index(nodes), [n.node_id for n in nodes], CorpusStats.from_texts(paragraph_texts(nodes)))


def save(settings: Settings, generation: str, derived: Derived) -> None:
    """Write `derived` for `generation` (atomically: a temporary folder renamed into place)."""
    root = folder(settings)
    if root is None:
        return
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".tmp-{generation}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        if derived.bm25 is not None:
            derived.bm25.save(str(staging / _BM25), show_progress=False)
        meta = {
            "format": FORMAT,
            "generation": generation,
            "bm25s": bm25s.__version__,
            "order": derived.order,
            "idf": derived.stats.idf,
            "default_idf": derived.stats.default_idf,
        }
        (staging / _META).write_text(json.dumps(meta))
        try:
            os.rename(staging, root / generation)
        except OSError:  # already there (another process wrote it first): theirs is as good
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load(settings: Settings, generation: str, nodes: Sequence[BaseNode]) -> Derived | None:
    """The stored derivation of `generation`, or None when it is absent, of another format or bm25s version, or
    does not index exactly these nodes. The corpus text comes from the nodes (one copy, shared)."""
    root = folder(settings)
    if root is None:
        return None
    path = root / generation
    try:
        meta = json.loads((path / _META).read_text())
    except (OSError, ValueError):
        return None
    if meta.get("format") != FORMAT or meta.get("generation") != generation or meta.get("bm25s") != bm25s.__version__:
        return None
    order = meta.get("order", [])
    if len(order) != len(nodes) or set(order) != {n.node_id for n in nodes}:
        return None
    index = None
    if order:
        try:
            index = bm25s.BM25.load(str(path / _BM25), load_corpus=False)
        except (OSError, ValueError, KeyError):
            return None
        if int(index.scores.get("num_docs", -1)) != len(order):
            return None
    stats = CorpusStats(
        {str(k): float(v) for k, v in meta["idf"].items()},
        float(meta["default_idf"]),
        CorpusStats.joined(paragraph_texts(nodes)),
    )
    return Derived(index, order, stats)


def load_or_derive(settings: Settings, generation: str, nodes: Sequence[BaseNode]) -> tuple[Derived, bool]:
    """(derivation, whether it was read from disk). A rebuilt one is written for the next start, when it can be."""
    found = load(settings, generation, nodes)
    if found is not None:
        return found, True
    derived = derive(nodes)
    with contextlib.suppress(OSError):  # a read-only store serves as well, only its starts stay slow
        discard(settings, generation)  # stale or damaged: replaced, not kept beside
        save(settings, generation, derived)
    return derived, False


def prune(settings: Settings, keep: set[str], prefix: str) -> None:
    """Drop the derived files of generations no longer kept (and staging folders of killed writers)."""
    root = folder(settings)
    if root is None or not root.is_dir():
        return
    for entry in root.iterdir():
        # A staging folder is named .tmp-<generation>-<random>.
        name = entry.name.removeprefix(".tmp-").rsplit("-", 1)[0] if entry.name.startswith(".tmp-") else entry.name
        if name.startswith(f"{prefix}-") and name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def discard(settings: Settings, generation: str) -> None:
    """Drop one generation's derived files (a build that failed after writing them)."""
    root = folder(settings)
    if root is not None:
        shutil.rmtree(root / generation, ignore_errors=True)
