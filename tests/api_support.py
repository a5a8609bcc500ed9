"""Helpers for the API tests: free ports, a real `procqa serve`, an app served in-process and a real `chroma run`
on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ERROR_KEYS = {"error"}
ERROR_DETAIL_KEYS = {"type", "message"}
PROCQA = [sys.executable, "-m", "rag"]


def assert_error(response: httpx.Response, status: int, *words: str) -> dict[str, Any]:
    """The one error shape, with a message a person can act on; never a traceback or a file path."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS and set(body["error"]) == ERROR_DETAIL_KEYS, body
    message = body["error"]["message"]
    assert len(message) > 15, message
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in {message!r}"
    assert "Traceback" not in response.text and "/tmp/" not in response.text and ".py" not in response.text
    return body["error"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60.0, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready after {timeout} s")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def procqa_server(
    global_options: Sequence[str], *serve_options: str, env: dict[str, str] | None = None, ready_s: float = 60.0
) -> Iterator[str]:
    """`procqa ... serve` in a subprocess on a free loopback port; yields its base URL once /readyz says ready."""
    port = free_port()
    command = [*PROCQA, *global_options, "serve", "--host", "127.0.0.1", "--port", str(port), *serve_options]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, env={**os.environ, **(env or {})})
        try:
            try:
                wait_for(f"http://127.0.0.1:{port}/readyz", timeout=ready_s, process=process)
            except (RuntimeError, TimeoutError) as exc:
                log.seek(0)
                raise RuntimeError(f"{exc}\n{log.read().decode(errors='replace')[-3000:]}") from None
            try:
                yield f"http://127.0.0.1:{port}"
            except BaseException:
                stop(process)
                log.seek(0)  # the server's own account of a failure the test saw from outside, less its access log
                lines = [line for line in log.read().decode(errors="replace").splitlines() if ' HTTP/1.1" ' not in line]
                sys.stderr.write("--- procqa serve log, access lines left out ---\n" + "\n".join(lines[-80:]) + "\n")
                raise
        finally:
            stop(process)


@contextmanager
def served_in_thread(app: Any) -> Iterator[str]:
    """An ASGI app under a real uvicorn in a thread of this process, on a free loopback port; yields its base URL.
    For an app whose engine a test has changed (a scripted LLM), which a `procqa serve` subprocess cannot have."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=60, process=process)
    return process
