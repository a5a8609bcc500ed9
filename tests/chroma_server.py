"""A real Chroma server (`chroma run`, from the chromadb package) for tests, on a free loopback port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from tests.api_support import stop


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChromaServer:
    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ChromaServer:
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
        self.process = subprocess.Popen(
            [chroma, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.process.returncode}")
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process:
            stop(self.process)
        self.process = None


@contextmanager
def hanging_up_server() -> Iterator[str]:
    """A server that takes each connection and closes it without a reply, as a Chroma server does when it is
    killed mid-request (the client sees "Server disconnected without sending a response"); yields its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    closing = threading.Event()

    def hang_up() -> None:
        while not closing.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                with suppress(OSError):
                    connection.recv(65536)  # the request is read, then the line goes dead

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        closing.set()
        thread.join(timeout=5)
        listener.close()
