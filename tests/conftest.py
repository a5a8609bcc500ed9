"""Shared fixtures: the bundled document indexed once per session into a temporary store."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

# Tests never read a developer's procqa.toml or PROCQA_* variables: each builds the settings it needs.
for _key in [k for k in os.environ if k.startswith("PROCQA_")]:
    del os.environ[_key]
os.environ["PROCQA_SETTINGS_FILE"] = "/nonexistent/procqa.toml"

from rag.engine import Engine  # noqa: E402
from rag.ingest import build_index  # noqa: E402
from rag.settings import Settings  # noqa: E402

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from tests.llm_server import LlmServer

ROOT = Path(__file__).resolve().parents[1]


def under_ci() -> bool:
    """CI=true (set by .ci/run): every test must run there, so one that cannot fails instead of skipping."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def cannot_run(reason: str, fix: str) -> NoReturn:
    """Skip a test this machine cannot run; fail it under CI, where a skip would hide that it never ran."""
    if under_ci():
        pytest.fail(f"CI: {reason}; {fix}")
    pytest.skip(f"{reason}; {fix}", allow_module_level=True)


@pytest.fixture(scope="session", autouse=True)
def session_temp_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The temp folder the code under test (and the servers and commands the tests start) writes to is this
    session's, which pytest prunes with its old sessions: a build against a Chroma server keeps its index lock in
    the temp folder, named after the server's URL (rag/locking.py), and every test server has a port of its own,
    so the machine's /tmp gained a lock file per test server and run."""
    folder = tmp_path_factory.mktemp("tmp")
    before, before_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir, os.environ["TMPDIR"] = str(folder), str(folder)
    yield folder
    tempfile.tempdir = before
    if before_env is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = before_env


BUNDLED = ROOT / "index" / "sources"
BUNDLED_FILE = BUNDLED / "council-9278-18-eu-us-jha-ministerial-sofia-2018.txt"


@pytest.fixture(scope="session")
def bundled_text() -> str:
    return BUNDLED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    store = tmp_path_factory.mktemp("store")
    settings = Settings(sources=BUNDLED, store=store)
    build_index(settings)
    return settings


@pytest.fixture(scope="session")
def engine(built_settings: Settings) -> Engine:
    return Engine.load(built_settings)


@pytest.fixture(scope="session")
def six_meetings(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Every meeting of the multi-meeting eval corpus, the video conference (no city) among them."""
    from evals.dataset import MEETINGS_CORPUS
    from rag.ingest import build_index

    settings = Settings(store=tmp_path_factory.mktemp("six"), chroma_url=None)
    build_index(settings, list(MEETINGS_CORPUS))
    return Engine.load(settings)


WASHINGTON_FILE = ROOT / "tests" / "data" / "council-15284-18-eu-us-jha-ministerial-washington-2018.txt"


@pytest.fixture(scope="session")
def two_document_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The bundled proceedings (Sofia, 9278/18) and the next EU-US ministerial's (Washington, 15284/18, from
    tests/data), both plain text: two documents that answer the same questions differently, for tests of the
    document filter."""
    sources = tmp_path_factory.mktemp("two-sources")
    shutil.copy(BUNDLED_FILE, sources / BUNDLED_FILE.name)
    shutil.copy(WASHINGTON_FILE, sources / WASHINGTON_FILE.name)
    settings = Settings(sources=sources, store=tmp_path_factory.mktemp("two-store"))
    build_index(settings)
    return Engine.load(settings)


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled sources that a test may edit."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(BUNDLED_FILE, folder / BUNDLED_FILE.name)
    return folder


@pytest.fixture(scope="session")
def api_client(engine: Engine) -> Iterator[TestClient]:
    """The HTTP API in-process (FastAPI TestClient), sharing the session's engine; lifespan included."""
    from fastapi.testclient import TestClient

    from rag.api.app import create_app

    with TestClient(create_app(engine=engine), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def live_server(built_settings: Settings) -> Iterator[str]:
    """A real `procqa serve` (uvicorn) on a free loopback port, over the session's index; yields its URL."""
    from tests.api_support import procqa_server

    with procqa_server(["--store", str(built_settings.store), "--sources", str(built_settings.sources)]) as url:
        yield url


# The local LLM (issue 6): the 0.5B model, which `make test` fetches (`make setup-test-llm`), for speed.
SMALL_GGUF = ROOT / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


@pytest.fixture(scope="session")
def small_gguf() -> Path:
    """The 0.5B GGUF model file. Skipped where the llama-cpp runtime is not installed (`make setup` alone), but
    never under CI: there `make test` installs both, so a missing runtime or model is a failure."""
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        cannot_run("llama-cpp-python is not installed", "run `make setup-test-llm` (`make test` does)")
    if not SMALL_GGUF.is_file():
        pytest.fail(f"{SMALL_GGUF} is missing: run `make setup-test-llm` (procqa models fetch qwen2.5-coder-0.5b)")
    return SMALL_GGUF


@pytest.fixture(scope="session")
def llm_server(small_gguf: Path) -> Iterator[LlmServer]:
    """llama-cpp-python's OpenAI-compatible server over the 0.5B model, a real subprocess on a free loopback port:
    `.base_url` (…/v1), `.model`, `.stop()`, `.kill()`. A test that stops or kills it calls `.start()` after
    (in a `finally`), which brings it back on the same port for the tests that follow."""
    from tests.llm_server import LlmServer

    server = LlmServer(small_gguf).start()
    try:
        yield server
    finally:
        server.close()
