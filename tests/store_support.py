"""Helpers for the store fault tests: fresh Chroma clients after another process wrote, and a tiny tmpfs."""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from chromadb.api.shared_system_client import SharedSystemClient

from rag.settings import Settings
from rag.store import _persistent_client
from tests.conftest import cannot_run


def fresh_clients(store: Path) -> None:
    """Close this process's Chroma client of `store`, so the next read sees what another process (or a remount)
    did, and the file system is not busy. Other stores' clients (the session's index) are left alone."""
    _persistent_client.cache_clear()
    system = SharedSystemClient._identifier_to_system.pop(str(store.resolve()), None)
    SharedSystemClient._identifier_to_refcount.pop(str(store.resolve()), None)
    if system is not None:
        with contextlib.suppress(AttributeError):  # a client whose start failed (a full disk) has less to stop
            system.stop()
    gc.collect()  # closes the dropped client's database files


def collection_names(settings: Settings) -> set[str]:
    """The store's collections, read from its database file without a Chroma client (which would keep it open)."""
    with contextlib.closing(sqlite3.connect(f"file:{settings.store / 'chroma.sqlite3'}?mode=ro", uri=True)) as db:
        return {name for (name,) in db.execute("SELECT name FROM collections")}


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@contextmanager
def tmpfs(where: Path, size_kb: int) -> Iterator[Path]:
    """A real small file system (a full disk, a read-only folder). Skipped where mounting needs rights we lack,
    except under CI, where the disk-fault tests must run: there it is a failure."""
    where.mkdir()
    fix = "run the disk-fault tests as root on a machine that may mount a tmpfs"
    if os.geteuid() != 0:
        cannot_run("mounting a tmpfs needs root", fix)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where))
    except (OSError, subprocess.CalledProcessError) as exc:
        cannot_run(f"cannot mount a tmpfs here ({exc})", fix)
    try:
        yield where
    finally:
        fresh_clients(where / "store")
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, mode: str) -> None:
    """mode 'ro' or 'rw'; root ignores file permissions, so a read-only folder must be a read-only mount."""
    _mount("-o", f"remount,{mode}", str(where))


def stored_sentences(settings: Settings, limit: int | None = None) -> dict[str, tuple[str, np.ndarray]]:
    """The served generation's sentences, id -> (text, vector), read as the reader reads them: the vector from the
    sentence collection, the text cut from its chunk's."""
    from llama_index.core.schema import TextNode

    from rag.reader.candidates import stored_sentences as of_chunk
    from rag.store import IndexStore

    generation = IndexStore(settings).current()
    chunks = generation.chunks.get(include=["documents", "metadatas"])
    texts = {
        sid: text
        for document, meta in zip(chunks["documents"], chunks["metadatas"], strict=True)
        for sid, _, text in of_chunk(TextNode(text=document, metadata=meta))
    }
    got = generation.sentences.get(limit=limit, include=["embeddings"])
    return {i: (texts[i], np.asarray(v)) for i, v in zip(got["ids"], got["embeddings"], strict=True)}
