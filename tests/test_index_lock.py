"""The index's write lock (rag/locking): concurrent builds and document changes in separate processes serialise,
and a writer that waits past the limit fails with a clear message, leaving the index as it was."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.locking import lock_path
from rag.settings import Settings
from rag.store import IndexStore
from tests.api_support import PROCQA, procqa_server
from tests.chroma_server import ChromaServer
from tests.conftest import BUNDLED_FILE, ROOT, WASHINGTON_FILE

OTTAWA_FILE = ROOT / "tests" / "data" / "council-14888-18-eu-canada-jha-ministerial-ottawa-2018.txt"
_HOLD = """
import sys
from rag.locking import index_lock
from rag.settings import Settings
with index_lock(Settings(**dict(arg.split("=", 1) for arg in sys.argv[1:]))):
    print("held", flush=True)
    sys.stdin.read()
"""


@contextmanager
def held_by_another_process(**settings: str) -> Iterator[int]:
    """A separate process holding the index lock until the block ends; yields its process id."""
    args = [f"{key}={value}" for key, value in settings.items()]
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def _wait_for_text(path: Path, text: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in path.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"{text!r} never appeared in {path}: {path.read_text()}"
        time.sleep(0.2)


def _generations(store: IndexStore) -> set[str]:
    names = {c if isinstance(c, str) else c.name for c in store.client.list_collections()}
    return {n.removesuffix("-chunks") for n in names if n.endswith("-chunks")}


def test_two_concurrent_builds_wait_for_each_other_and_both_publish(tmp_path: Path) -> None:
    store = tmp_path / "store"
    builds = {
        "one": [BUNDLED_FILE],  # two different corpora, so each build has its own generation to publish
        "two": [BUNDLED_FILE, WASHINGTON_FILE],
    }
    processes: dict[str, subprocess.Popen[bytes]] = {}
    logs = {name: tmp_path / f"{name}.log" for name in builds}
    with held_by_another_process(store=str(store)) as holder:
        for name, paths in builds.items():
            with logs[name].open("wb") as log:
                command = [*PROCQA, "--store", str(store), "index", *map(str, paths)]
                processes[name] = subprocess.Popen(command, stdout=log, stderr=log)
        for name in builds:  # both builds are running and blocked on the lock: they will contend for it
            _wait_for_text(logs[name], f"Waiting for process {holder} to finish changing the index")
    for process in processes.values():
        process.wait(timeout=600)
    outputs = {name: logs[name].read_text() for name in builds}
    assert all(p.returncode == 0 for p in processes.values()), outputs
    published = {name: outputs[name].split("Serving ")[1].split(" ")[0] for name in builds}
    first, last = sorted(builds, key=lambda name: published[name])
    # Serialised: the later build published after the earlier one and kept it as the previous generation; neither
    # pruned the other's build, and the served index is the later build's corpus.
    served = IndexStore(Settings(store=store)).current()
    assert served.name == published[last] and served.manifest["previous"] == published[first]
    assert _generations(IndexStore(Settings(store=store))) == set(published.values())
    documents = {d["source"] for d in served.manifest["documents"]}
    assert documents == {p.name for p in builds[last]}
    assert served.chunks.count() > 0 and served.sentences.count() > 0


def test_a_build_that_waits_too_long_fails_clearly_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    first = CliRunner().invoke(cli, ["--store", str(store), "index", str(BUNDLED_FILE)])
    assert first.exit_code == 0, first.output
    before = IndexStore(Settings(store=store)).current_name()
    with held_by_another_process(store=str(store)) as holder:
        monkeypatch.setenv("PROCQA_INDEX_LOCK_TIMEOUT_S", "0.5")
        result = CliRunner().invoke(cli, ["--store", str(store), "index", "--rebuild", str(BUNDLED_FILE)])
    assert result.exit_code == 1
    assert f"Waiting for process {holder} to finish changing the index at {store}" in result.output
    assert f"The index at {store} is being changed by process {holder}" in result.output
    assert "waited 0.5 s (PROCQA_INDEX_LOCK_TIMEOUT_S). Retry when it has finished." in result.output
    assert "Traceback" not in result.output
    assert IndexStore(Settings(store=store)).current_name() == before


@pytest.mark.server
def test_two_api_processes_adding_documents_at_once_both_land_in_the_index(
    tmp_path: Path, session_temp_folder: Path
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / BUNDLED_FILE.name).write_bytes(BUNDLED_FILE.read_bytes())
    chroma = ChromaServer(tmp_path / "chroma").start()
    try:
        settings = Settings(sources=sources, chroma_url=chroma.url)
        options = ["--sources", str(sources), "--chroma-url", chroma.url]
        assert CliRunner().invoke(cli, [*options, "index"]).exit_code == 0
        # Two server processes start one after the other on 2 busy cores: give each more than the usual minute.
        with (
            procqa_server(options, "--no-access-log", ready_s=180) as one,
            procqa_server(options, "--no-access-log", ready_s=180) as two,
        ):
            replies: dict[str, httpx.Response] = {}

            def upload(base: str, path: Path) -> None:
                files = {"file": (path.name, path.read_bytes(), "text/plain")}
                replies[path.name] = httpx.post(f"{base}/api/documents", files=files, timeout=600)

            threads = [
                threading.Thread(target=upload, args=(one, OTTAWA_FILE)),
                threading.Thread(target=upload, args=(two, WASHINGTON_FILE)),
            ]
            # A third process holds the lock first: both uploads must wait for it, then take their turns.
            with held_by_another_process(chroma_url=chroma.url):
                for thread in threads:
                    thread.start()
                time.sleep(3)
                assert all(thread.is_alive() for thread in threads) and not replies
            for thread in threads:
                thread.join()
            assert all(r.status_code == 201 for r in replies.values()), {k: r.text for k, r in replies.items()}
            listed = {name: {d["id"] for d in r.json()["documents"]} for name, r in replies.items()}
            assert "14888/18" in listed[OTTAWA_FILE.name] and "15284/18" in listed[WASHINGTON_FILE.name]
            # The second change's build saw the first one's file: it serves all three documents.
            assert {"9278/18", "14888/18", "15284/18"} in listed.values(), listed
        served = IndexStore(settings).current()
        assert {d["id"] for d in served.manifest["documents"]} == {"9278/18", "14888/18", "15284/18"}
        # The server's lock is in the temp folder, which for the tests is their own (conftest), not the machine's.
        assert lock_path(settings).parent == session_temp_folder and lock_path(settings).exists()
        listed_now = CliRunner().invoke(cli, [*options, "documents", "list", "--json"])
        assert {d["id"] for d in json.loads(listed_now.output)} == {"9278/18", "14888/18", "15284/18"}
    finally:
        chroma.stop()


def test_an_api_removal_that_waits_too_long_is_a_503_and_removes_nothing(sources_copy: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from rag.api.app import create_app
    from rag.ingest import build_index
    from tests.api_support import assert_error

    (sources_copy / OTTAWA_FILE.name).write_bytes(OTTAWA_FILE.read_bytes())
    settings = Settings(sources=sources_copy, store=tmp_path / "store", index_lock_timeout_s=0.5)
    build_index(settings)
    with (
        TestClient(create_app(settings), raise_server_exceptions=False) as client,
        held_by_another_process(store=str(settings.store)),
    ):
        error = assert_error(client.delete("/api/documents/14888%2F18"), 503, "another index build", "retry")
        assert error["type"] == "index_busy"
    assert (sources_copy / OTTAWA_FILE.name).exists()
    assert {d["id"] for d in IndexStore(settings).current().manifest["documents"]} == {"9278/18", "14888/18"}
