"""`procqa index` stopped by SIGTERM or killed outright mid-build: the previous index keeps serving, and the
next build completes (and clears what a killed build left behind)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from rag.engine import Engine
from rag.settings import Settings
from tests.api_support import PROCQA
from tests.conftest import BUNDLED_FILE
from tests.store_support import collection_names, fresh_clients
from tests.test_index import SECOND_DOCUMENT

COPIES = 30  # about 3,000 texts to embed: a minute or more here, so the build is surely mid-embedding


@pytest.fixture
def served(built_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the session's index (the bundled document), which a test may break."""
    store = tmp_path / "store"
    shutil.copytree(built_settings.store, store)
    return Settings(sources=built_settings.sources, store=store)


def _big_corpus(folder: Path) -> Path:
    """Many copies of the bundled document, each under its own number."""
    folder.mkdir()
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    for i in range(COPIES):
        (folder / f"copy-{i}.txt").write_text(text.replace("9278/18", f"{20000 + i}/18"), encoding="utf-8")
    return folder


def _index(settings: Settings, sources: Path, log: Path) -> subprocess.Popen[bytes]:
    command = [*PROCQA, "--sources", str(sources), "--store", str(settings.store), "index"]
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def _signal_mid_embedding(process: subprocess.Popen[bytes], log: Path, sig: int) -> int:
    deadline = time.monotonic() + 25
    while "Embedding" not in log.read_text(errors="replace"):
        assert process.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, "the build never started embedding"
        time.sleep(0.1)
    time.sleep(0.5)
    assert process.poll() is None, "the build finished before the signal: make the corpus bigger"
    process.send_signal(sig)
    return process.wait(timeout=20)


def _serves_the_old_index(settings: Settings) -> None:
    fresh_clients(settings.store)
    engine = Engine.load(settings)
    assert set(engine.documents) == {"9278/18"}
    assert "Jeff Sessions" in engine.ask("Who headed the US delegation?").answer


def test_sigterm_mid_build_discards_the_new_generation(served: Settings, tmp_path: Path) -> None:
    before = collection_names(served)
    log = tmp_path / "index.log"
    code = _signal_mid_embedding(_index(served, _big_corpus(tmp_path / "big"), log), log, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM, log.read_text(errors="replace")
    _serves_the_old_index(served)
    assert collection_names(served) == before, "the half-built generation was discarded on the way out"

    sources = tmp_path / "next"
    sources.mkdir()
    shutil.copy(BUNDLED_FILE, sources)
    (sources / "second.txt").write_text(SECOND_DOCUMENT)
    done = subprocess.run([*PROCQA, "--sources", str(sources), "--store", str(served.store), "index"], check=False)
    assert done.returncode == 0  # the next run completes
    fresh_clients(served.store)
    assert set(Engine.load(served).documents) == {"9278/18", "10101/19"}


def test_sigkill_mid_build_leaves_the_old_index_and_the_next_build_cleans_up(served: Settings, tmp_path: Path) -> None:
    before = collection_names(served)
    log = tmp_path / "index.log"
    code = _signal_mid_embedding(_index(served, _big_corpus(tmp_path / "big"), log), log, signal.SIGKILL)
    assert code == -signal.SIGKILL
    _serves_the_old_index(served)
    assert collection_names(served) > before, "a killed build cannot clean up: its generation is orphaned"

    # The next run over the served documents finds nothing to change, and removes the orphan.
    done = subprocess.run([*PROCQA, "--sources", str(served.sources), "--store", str(served.store), "index"])
    assert done.returncode == 0
    assert collection_names(served) == before
    _serves_the_old_index(served)
