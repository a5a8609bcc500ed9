"""A real OpenAI-compatible LLM server for tests: llama-cpp-python's own `python -m llama_cpp.server` serving a
GGUF model on a free loopback port, as a subprocess (so a test can also kill it mid-request)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.api_support import stop, wait_for
from tests.chroma_server import free_port


class LlmServer:
    def __init__(self, model_path: Path, *, alias: str = "qwen", n_ctx: int = 4096, threads: int = 2) -> None:
        self.model_path = model_path
        self.model = alias
        self.n_ctx = n_ctx
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        # stderr goes to a file, not a pipe: a pipe nobody reads would block the server once full.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (the server's lifetime; closed by close())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The OpenAI API root, as an OpenAI client's base_url wants it."""
        return f"{self.url}/v1"

    def log_tail(self, chars: int = 3000) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-chars:]

    def start(self, timeout: float = 120.0) -> LlmServer:
        """Start the server (again, on the same port, after `stop` or `kill`) and wait until it answers."""
        if self.running:
            return self
        command = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(self.model_path),
            "--model_alias",
            self.model,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.n_ctx),
            "--n_threads",
            str(self.threads),
        ]
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            wait_for(f"{self.base_url}/models", timeout, self.process)
        except (RuntimeError, TimeoutError) as exc:
            self.stop()
            raise RuntimeError(f"llama_cpp.server is not serving: {exc}\n{self.log_tail()}") from None
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after 10 s)."""
        if self.process:
            stop(self.process)
        self.process = None

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would: open requests see the connection drop."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None

    def close(self) -> None:
        self.stop()
        self._log.close()
