"""A real `chroma run` server that goes away and comes back: the API answers 503 with a clear reason while it
is down and recovers by itself, without a restart."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from rag.api.app import create_app
from rag.ingest import build_index
from rag.settings import Settings
from tests.api_support import assert_error, free_port, procqa_server, start_chroma, stop
from tests.conftest import BUNDLED

pytestmark = pytest.mark.server

HEADLINE = {"question": "Who headed the US delegation?"}


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path, self.port = path, free_port()
        self.process = start_chroma(path, self.port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        stop(self.process, signal.SIGKILL)  # as abrupt as a crash

    def restart(self) -> None:
        self.process = start_chroma(self.path, self.port)


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma"))
    build_index(Settings(sources=BUNDLED, chroma_url=server.url))
    yield server
    stop(server.process)


def _answers(client: TestClient) -> bool:
    response = client.post("/api/ask", json=HEADLINE)
    return response.status_code == 200 and "Jeff Sessions" in response.json()["answer"]


def _down(client: TestClient) -> None:
    started = time.monotonic()
    for path, body in [("/api/ask", HEADLINE), ("/api/ask/stream", HEADLINE), ("/v1/chat/completions", None)]:
        body = body or {"model": "procqa", "messages": [{"role": "user", "content": HEADLINE["question"]}]}
        error = assert_error(client.post(path, json=body), 503, "not reachable", "resumes")
        assert error["type"] == "store_unavailable"
    assert time.monotonic() - started < 30  # refused connections fail fast, not after long retries
    assert_error(client.get("/readyz"), 503, "not reachable")
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_server_down_is_503_and_recovery_needs_no_restart(chroma: ChromaServer) -> None:
    settings = Settings(sources=BUNDLED, chroma_url=chroma.url)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert _answers(client) and client.get("/readyz").status_code == 200
        chroma.kill()
        _down(client)
        assert chroma.url.split("//")[1] not in client.post("/api/ask", json=HEADLINE).text  # no internal address
        chroma.restart()
        assert _answers(client)
        assert client.get("/readyz").status_code == 200


def test_start_up_with_the_server_down_recovers_once_it_is_up(chroma: ChromaServer) -> None:
    chroma.kill()
    settings = Settings(sources=BUNDLED, chroma_url=chroma.url)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:  # starts despite the outage
        _down(client)
        chroma.restart()
        time.sleep(1.1)  # loading is retried at most once a second
        assert _answers(client)
        assert client.get("/readyz").json()["status"] == "ready"


def test_two_workers_under_load_ride_out_a_server_crash(chroma: ChromaServer) -> None:
    """`procqa serve --workers 2` sharing one Chroma server, 6 clients asking while it is killed and restarted:
    every reply is the right answer or a 503, never a 500 or a wrong answer, and answering resumes by itself."""
    statuses: list[int] = []
    wrong: list[str] = []
    stopping = threading.Event()

    def client(url: str) -> None:
        while not stopping.is_set():
            response = httpx.post(f"{url}/api/ask", json=HEADLINE, timeout=30)
            statuses.append(response.status_code)
            if response.status_code == 200 and "Jeff Sessions" not in response.json()["answer"]:
                wrong.append(response.text)
            elif response.status_code != 200:
                assert_error(response, 503, "not reachable")

    with procqa_server(["--chroma-url", chroma.url], "--workers", "2") as url, ThreadPoolExecutor(6) as pool:
        running = [pool.submit(client, url) for _ in range(6)]
        time.sleep(2)
        chroma.kill()
        time.sleep(2)
        answered_before = statuses.count(200)
        chroma.restart()
        time.sleep(3)
        stopping.set()
        for future in running:
            future.result()  # re-raises a client's failed assertion
    assert set(statuses) == {200, 503}, set(statuses)
    assert not wrong
    assert statuses.count(200) > answered_before  # answers again after the restart, without restarting procqa
    assert statuses[-6:] == [200] * 6
