"""One writer at a time per index: a file lock taken by every index build and document change.

A build reads the sources, writes a new generation, moves the pointer and prunes old generations. Two builds at
once (two `procqa index` runs, or two API workers adding documents) could publish out of order or prune the
other's half-written generation; two uploads could each index the folder without the other's file. The lock
serialises them across processes (fcntl.flock, released by the kernel when its holder dies, even by SIGKILL)
and across threads of one process. It is re-entrant in a thread, so a document change can hold it around its
check, its file move and the build it triggers.

A second writer waits for the first; past `index_lock_timeout_s` it fails with IndexBusyError, naming the
holder's process id. Readers (answering) never take it: they read the published pointer only.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from rag.errors import IndexBusyError
from rag.settings import Settings
from rag.store import store_errors

_POLL_S = 0.1


def lock_path(settings: Settings) -> Path:
    """Next to the store folder (index/store.lock), outside Chroma's own files, so taking it creates no store; for
    a Chroma server, a file in the temp folder named after its URL and index name, so builds on one machine
    serialise (builds from several machines against one server do not)."""
    if settings.chroma_url:
        key = hashlib.sha256(f"{settings.chroma_url}|{settings.collection}".encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"procqa-index-{key}.lock"
    store = settings.store.resolve()
    return store.with_name(f"{store.name}.lock")


class _ProcessLock:
    """The flock on one path, shared by the threads of this process: a thread takes the RLock first, and only the
    outermost hold takes (and finally releases) the flock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None


_locks: dict[Path, _ProcessLock] = {}
_locks_guard = threading.Lock()


def _process_lock(path: Path) -> _ProcessLock:
    with _locks_guard:
        return _locks.setdefault(path, _ProcessLock(path))


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = os.pread(fd, 32, 0).decode().strip()
        if pid:
            return f"process {int(pid)}"
    return "another process"


@contextlib.contextmanager
def index_lock(settings: Settings, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index's write lock; waits up to settings.index_lock_timeout_s, then IndexBusyError. `on_wait` is
    told once, in words, when the lock is taken by someone else and this call has to wait."""
    path = lock_path(settings)
    lock = _process_lock(path)
    deadline = time.monotonic() + settings.index_lock_timeout_s
    where = settings.chroma_url or str(settings.store)
    if not lock.thread_lock.acquire(timeout=max(settings.index_lock_timeout_s, 0.0)):
        raise IndexBusyError(_busy(where, "another request in this process", settings.index_lock_timeout_s))
    try:
        if lock.depth == 0:
            lock.fd = _acquire_file(path, settings, deadline, where, on_wait)
        lock.depth += 1
        try:
            yield
        finally:
            lock.depth -= 1
            if lock.depth == 0 and lock.fd is not None:
                fd, lock.fd = lock.fd, None
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                os.close(fd)  # closing releases the flock
    finally:
        lock.thread_lock.release()


def _acquire_file(
    path: Path, settings: Settings, deadline: float, where: str, on_wait: Callable[[str], None] | None
) -> int:
    with store_errors(settings):  # a read-only or full store folder: the store's one clear error
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(_busy(where, _holder(fd), settings.index_lock_timeout_s)) from None
                if not told and on_wait is not None:
                    on_wait(f"Waiting for {_holder(fd)} to finish changing the index at {where}…")
                    told = True
                time.sleep(_POLL_S)
        # Who holds it, for the message a waiting writer gives.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _busy(where: str, holder: str, timeout_s: float) -> str:
    return (
        f"The index at {where} is being changed by {holder} (an index build or a document change); waited "
        f"{timeout_s:g} s (PROCQA_INDEX_LOCK_TIMEOUT_S). Retry when it has finished."
    )
