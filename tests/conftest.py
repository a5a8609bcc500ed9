"""Shared fixtures: the bundled document indexed once per session into a temporary store."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

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

ROOT = Path(__file__).resolve().parents[1]
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
