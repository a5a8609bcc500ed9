"""The one Engine of a server process: loaded at start-up, shared by every request.

Engine.ask is synchronous CPU work and is called from a thread pool. Its shared parts are safe to use from
several threads at once: the onnxruntime session and the Chroma clients are thread-safe, the llama-index
retriever is cloned per request (with_options), and the PyStemmer objects, which are not thread-safe, are
per thread (rag.text) or behind a lock (rag.retrieval).

If the index is missing or the Chroma server is down at start-up, the server still starts (/healthz answers,
/readyz says why it is not ready) and loading is retried on later requests, so it recovers without a restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable, Iterator, Sequence
from functools import partial
from typing import IO, Any

import anyio

from rag.contract import Answer, StreamItem
from rag.engine import Engine
from rag.errors import IndexMissingError, SourceError, StoreUnavailableError
from rag.locking import index_lock
from rag.settings import Settings

log = logging.getLogger("procqa.api")

RETRY_SECONDS = 1.0  # while the store is down, try loading at most this often, not once per request
REFRESH_SECONDS = 2.0  # how often to look for a newer index published by someone else (`procqa index`)


class EngineHolder:
    def __init__(
        self, settings: Settings, engine: Engine | None = None, loader: Callable[[Settings], Engine] = Engine.load
    ) -> None:
        self.settings = settings
        self._loader = loader
        self._engine = engine
        self._error: IndexMissingError | StoreUnavailableError | None = None
        self._failed_at = 0.0
        self._checked_at = time.monotonic()
        self._lock = threading.Lock()
        # Questions are CPU-bound: a few worker threads on the cores finish sooner than dozens contending for the
        # GIL, and the limiter queues the rest in arrival order. At 32 clients on 2 cores, p99 was 0.7 s with 2
        # threads against 1.0 s with 40 (2.7 s when other work shared the machine), at the same throughput.
        self._answering = anyio.CapacityLimiter(settings.answer_concurrency)

    @property
    def engine(self) -> Engine | None:
        return self._engine

    def start(self) -> None:
        """Load at start-up. A missing index or an unreachable store is logged, not fatal; any other error
        (the embedding model files, a bad setting) stops the server, since retrying cannot fix it."""
        try:
            self.get()
        except (IndexMissingError, StoreUnavailableError) as exc:
            log.warning("procqa is not ready yet: %s", exc)

    def get(self) -> Engine:
        """The engine, loading it now if it is not loaded yet; raises the reason it cannot be loaded."""
        if self._engine is not None:
            if self._refresh_due():
                self._refresh()
            return self._engine
        with self._lock:  # one load at a time; the others wait for it and share its result
            if self._engine is not None:
                return self._engine
            if self._error is not None and time.monotonic() - self._failed_at < RETRY_SECONDS:
                raise type(self._error)(str(self._error))  # a fresh one: threads must not share a traceback
            try:
                self._engine = self._loader(self.settings)
            except (IndexMissingError, StoreUnavailableError) as exc:
                self._error, self._failed_at = exc, time.monotonic()
                raise
            self._error = None
            log.info("procqa engine loaded: %d document(s)", len(self._engine.documents))
            return self._engine

    def _refresh_due(self) -> bool:
        return time.monotonic() - self._checked_at >= REFRESH_SECONDS

    def _refresh(self) -> None:
        """Load a newer index when one was published: a rebuild prunes the generations older than the one before
        it, so a server that kept its first engine would fail once the index had been rebuilt twice. One request
        checks (and reloads) at a time; the others carry on with the engine they have."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._checked_at = time.monotonic()
            if self._engine is not None and self._engine.is_stale():
                self._engine = self._loader(self.settings)
                log.info("procqa engine reloaded: a newer index was published")
        except (IndexMissingError, StoreUnavailableError) as exc:
            log.warning("could not check for a newer index: %s", exc)  # keep serving the loaded one
        finally:
            self._lock.release()

    def add_document(self, filename: str, content: bytes | IO[bytes]) -> str:
        """Save an uploaded source file and re-index (rag.documents.add_document: its checks and limits), then
        serve the new index; returns the new document's id. Every door that adds documents (POST
        /api/documents, the UI's documents panel) comes here. Blocking: call it from a worker thread."""
        from rag.documents import add_document

        # The index lock (rag/locking.py) orders document changes across threads and worker processes; holding
        # it through the reload makes this worker serve its own change before the next one starts.
        with index_lock(self.settings):
            document_id, _ = add_document(self.settings, filename, content)
            self.reload()
        return document_id

    def remove_document(self, document_id: str) -> None:
        """Delete the document's source file and re-index (rag.documents.remove_document), then serve the new
        index. Blocking: call it from a worker thread."""
        from rag.documents import remove_document

        with index_lock(self.settings):
            remove_document(self.settings, document_id)
            self.reload()

    def reload(self) -> Engine:
        """Load the engine again after the index changed (a document removed); requests already answering
        finish on the engine they started with, new ones get the new index."""
        with self._lock:
            self._engine = self._loader(self.settings)
            self._error = None
            return self._engine

    async def engine_async(self) -> Engine:
        """get() for the event loop: loading blocks, so it runs in a thread (only until it has succeeded)."""
        if self._engine is not None and not self._refresh_due():
            return self._engine
        return await anyio.to_thread.run_sync(self.get)

    async def ask(self, question: str, history: Sequence[Any] | None = None, **options: Any) -> Answer:
        """Engine.ask in a worker thread, at most settings.answer_concurrency at once."""
        engine = await self.engine_async()
        work = partial(engine.ask, question, history, **options)
        return await anyio.to_thread.run_sync(work, limiter=self._answering)

    async def stream(
        self, question: str, history: Sequence[Any] | None = None, **options: Any
    ) -> AsyncGenerator[StreamItem, None]:
        """Engine.stream in worker threads, holding one of the answer_concurrency places until the stream ends.
        The question is validated and retrieved before this returns, so its errors are raised here."""
        engine = await self.engine_async()
        place = object()  # the stream's own token: it is released by another task, the response's
        await self._answering.acquire_on_behalf_of(place)
        try:
            items = await anyio.to_thread.run_sync(partial(engine.stream, question, history, **options))
            # The first item too: it is the extractive reading (the Evidence), so a store that fails while
            # reading is still a plain error response, not a broken stream.
            first = await anyio.to_thread.run_sync(next, items)
        except BaseException:
            self._answering.release_on_behalf_of(place)
            raise
        return self._drain(first, items, place)

    async def _drain(
        self, first: StreamItem, items: Iterator[StreamItem], place: object
    ) -> AsyncGenerator[StreamItem, None]:
        try:
            yield first
            while (item := await anyio.to_thread.run_sync(next, items, None)) is not None:
                yield item
        finally:
            items.close()  # a client that went away: stop generating (and free a local model's turn)
            self._answering.release_on_behalf_of(place)

    def check_ready(self) -> Engine:
        """The engine, after checking that its store answers now; raises the reason otherwise."""
        engine = self.get()
        engine.check_store()
        return engine


def removal_refused(document_id: str, exc: SourceError) -> str:
    """Why a document cannot be removed, for a client to read: the library's message names server paths."""
    from rag.documents import LastDocumentError

    if isinstance(exc, LastDocumentError):
        reason = "it is the only document, and an index needs at least one."
    else:
        reason = "its source file is not in the sources folder."
    return f"Document {document_id!r} cannot be removed: {reason}"
