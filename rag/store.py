"""The Chroma store: an embedded folder by default, a Chroma server when PROCQA_CHROMA_URL is set.

An index is a *generation*: a pair of collections (paragraph chunks, and their sentences for answering)
plus a manifest. A small pointer collection names the generation being served. Builds write a new generation
aside and then move the pointer in one upsert, so a crash or error mid-build never leaves a half-built index
serving; the previous generation is kept (a running server may still be reading it) and older ones pruned.
"""

from __future__ import annotations

import contextlib
import errno
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.config import Settings as ChromaSettings

from rag import derived
from rag.embeddings import DIMENSIONS
from rag.errors import IndexMissingError, ProcqaError, StoreUnavailableError, StoreWriteError
from rag.settings import Settings


def _chroma_settings() -> ChromaSettings:
    # A fresh object each time: chromadb.HttpClient writes the host and port into the settings it is given.
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


_POINTER_ID = "current"


@lru_cache(maxsize=8)
def _persistent_client(path: str) -> Any:
    # Chroma allows one client per path per process (with one set of settings): share it.
    return chromadb.PersistentClient(path=path, settings=_chroma_settings())


def _http_client(url: str) -> Any:
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if not parsed.hostname:
        raise StoreUnavailableError(f"PROCQA_CHROMA_URL={url!r} is not a URL such as http://127.0.0.1:8000.")
    try:
        return chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=_chroma_settings(),
        )
    except Exception as exc:
        raise StoreUnavailableError(_unreachable(url, exc)) from exc


def _unreachable(where: str, exc: BaseException) -> str:
    return f"The Chroma server at {where} is not reachable ({type(exc).__name__}). Is `chroma run` up?"


@dataclass
class Generation:
    name: str
    chunks: Any  # chromadb Collection of paragraph chunks (written through llama-index's ChromaVectorStore)
    sentences: Any  # chromadb Collection of sentence vectors, read when composing answers
    manifest: dict[str, Any] = field(default_factory=dict)

    def warm(self) -> None:
        """Have Chroma load both vector indexes now: it does on a collection's first query (0.4 s at 10k
        paragraphs), which would otherwise be the first question's. Run aside while an engine loads the rest."""
        probe = [[1.0] + [0.0] * (DIMENSIONS - 1)]
        for collection in (self.chunks, self.sentences):
            try:
                collection.query(query_embeddings=probe, n_results=1, include=[])
            except Exception:  # only a warm-up: the first question's own query reports a fault
                return


class IndexStore:
    """Generations of the index in one Chroma database (folder or server)."""

    def __init__(self, settings: Settings, *, create: bool = False) -> None:
        self.settings = settings
        self.prefix = settings.collection
        if settings.chroma_url:
            self.where = settings.chroma_url
            self.client = _http_client(settings.chroma_url)
        else:
            path = settings.store.resolve()
            self.where = str(settings.store)
            if not create and not (path / "chroma.sqlite3").exists():
                raise IndexMissingError(f"No index at {settings.store}. Build it with `procqa index` (or `make run`).")
            with store_errors(settings):
                path.mkdir(parents=True, exist_ok=True)
                self.client = _persistent_client(str(path))

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a Chroma call, turning a dead server into one clear error."""
        with store_errors(self.settings):
            return fn(*args, **kwargs)

    def _pointer(self) -> Any:
        return self._call(self.client.get_or_create_collection, f"{self.prefix}-pointer")

    def current(self) -> Generation:
        """The generation being served; IndexMissingError when none was ever published."""
        record = self._call(self._pointer().get, ids=[_POINTER_ID], include=["documents"])
        if not record["ids"]:
            raise IndexMissingError(f"No index has been built in {self.where}. Run `procqa index`.")
        manifest = json.loads(record["documents"][0])
        return self._open(manifest["generation"], manifest)

    def current_name(self) -> str | None:
        """The served generation's name (one small read: cheap enough to poll)."""
        record = self._call(self._pointer().get, ids=[_POINTER_ID], include=["documents"])
        return json.loads(record["documents"][0])["generation"] if record["ids"] else None

    def current_or_none(self) -> Generation | None:
        try:
            return self.current()
        except IndexMissingError:
            return None

    def _open(self, name: str, manifest: dict[str, Any]) -> Generation:
        chunks = self._call(self.client.get_collection, f"{name}-chunks")
        sentences = self._call(self.client.get_collection, f"{name}-sentences")
        return Generation(name, chunks, sentences, manifest)

    def new_generation(self) -> Generation:
        # Microseconds, so names sort in build order even for builds within one second.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"{self.prefix}-{stamp}-{uuid.uuid4().hex[:6]}"
        space = {"hnsw:space": "cosine"}
        chunks = self._call(self.client.create_collection, f"{name}-chunks", metadata=space)
        sentences = self._call(self.client.create_collection, f"{name}-sentences", metadata=space)
        return Generation(name, chunks, sentences)

    def publish(self, generation: Generation) -> None:
        """Point readers at `generation` (one atomic upsert), then prune all but it and its predecessor."""
        previous = self.current_or_none()
        manifest = {**generation.manifest, "generation": generation.name, "previous": previous.name if previous else ""}
        self._call(
            self._pointer().upsert,
            ids=[_POINTER_ID],
            documents=[json.dumps(manifest)],
            embeddings=[[0.0]],
        )
        generation.manifest = manifest
        keep = {generation.name, previous.name if previous else ""}
        self.prune(keep)

    def prune_orphans(self) -> None:
        """Drop generations that are neither served nor the one before it: what a killed build (SIGKILL, power
        loss) left behind, since it never reached discard(). Called by builds that find nothing to change."""
        served = self.current_or_none()
        if served is not None:
            self.prune({served.name, *self._previous_names(served)})

    def _previous_names(self, served: Generation) -> set[str]:
        if served.manifest.get("previous") is not None:
            return {served.manifest["previous"]} - {""}
        # An index published before the manifest named its predecessor: generation names sort by build time,
        # so keep the newest complete one before the served one.
        names = self._call(self.client.list_collections)
        names = {n if isinstance(n, str) else n.name for n in names}
        complete = sorted(
            name.removesuffix("-chunks")
            for name in names
            if name.endswith("-chunks") and f"{name.removesuffix('-chunks')}-sentences" in names
        )
        older = [name for name in complete if name.startswith(f"{self.prefix}-") and name < served.name]
        return set(older[-1:])

    def discard(self, generation: Generation) -> None:
        """Drop a generation that was never published (a failed or interrupted build)."""
        for suffix in ("chunks", "sentences"):
            # Already gone, or the server died: a later prune cleans up.
            with contextlib.suppress(Exception):
                self.client.delete_collection(f"{generation.name}-{suffix}")
        derived.discard(self.settings, generation.name)

    def prune(self, keep: set[str]) -> None:
        for collection in self._call(self.client.list_collections):
            name = collection if isinstance(collection, str) else collection.name
            base = name.rsplit("-", 1)[0]
            if name.startswith(f"{self.prefix}-") and name.endswith(("-chunks", "-sentences")) and base not in keep:
                self.client.delete_collection(name)
        derived.prune(self.settings, keep, self.prefix)


@contextlib.contextmanager
def store_errors(settings: Settings) -> Iterator[None]:
    """Turn the errors of a Chroma server that went away into one StoreUnavailableError. The client reconnects
    on its own, so the next call succeeds once the server is back."""
    try:
        yield
    except ProcqaError:
        raise
    except Exception as exc:
        if settings.chroma_url and _looks_like_connection_error(exc):
            raise StoreUnavailableError(_unreachable(settings.chroma_url, exc)) from exc
        if not settings.chroma_url and _looks_like_write_error(exc):
            raise StoreWriteError(
                f"The index folder {settings.store} cannot be written ({_write_reason(exc)}); Chroma needs to "
                "write even to read it. The index is unchanged: free disk space or make the folder writable, then "
                "retry."
            ) from exc
        raise


def _looks_like_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, httpx.TransportError):  # the HTTP client's own: refused, reset, "Server disconnected", ...
        return True
    text = f"{type(exc).__name__} {exc}".lower()
    words = ("connect", "timeout", "timed out", "refused", "unreachable", "network", "disconnected")
    return any(word in text for word in words)


_FULL = ("no space left", "disk is full", "database or disk is full", "enospc", "quota")
_READ_ONLY = ("read-only", "readonly", "read only", "permission denied", "erofs")


def _looks_like_write_error(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT):
        return True
    text = f"{type(exc).__name__} {exc}".lower()
    return any(word in text for word in _FULL + _READ_ONLY)


def _write_reason(exc: BaseException) -> str:
    text = f"{exc} {getattr(exc, 'errno', '')}".lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or any(word in text for word in _FULL):
        return "the disk is full"
    return "the folder is read-only"
