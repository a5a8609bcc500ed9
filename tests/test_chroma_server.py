"""Server mode end to end: a real `chroma run` server started by the test."""

import httpx
import pytest
from chromadb.api.client import Client

from rag.engine import Engine
from rag.errors import StoreUnavailableError
from rag.ingest import build_index
from rag.settings import Settings
from tests.chroma_server import ChromaServer, free_port, hanging_up_server
from tests.conftest import BUNDLED

pytestmark = pytest.mark.server


@pytest.fixture
def server(tmp_path):
    running = ChromaServer(tmp_path / "chroma").start()
    yield running
    running.stop()


def test_index_and_answer_through_a_chroma_server(server, tmp_path):
    settings = Settings(sources=BUNDLED, chroma_url=server.url, store=tmp_path / "unused")
    report = build_index(settings)
    assert report.paragraphs == 26 and not report.unchanged
    assert build_index(settings).unchanged  # idempotent against the server too
    # Server mode keeps no index locally: only the cache of what this machine derived for the generation it built.
    assert [p.name for p in (tmp_path / "unused").iterdir()] == ["derived-server"]

    answer = Engine.load(settings).ask("Who headed the US delegation?")
    assert "Jeff Sessions" in answer.answer and answer.citations[0].id == "9278/18 ¶2"


def test_dead_server_gives_a_clear_error_and_recovery_needs_no_restart(server, tmp_path):
    settings = Settings(sources=BUNDLED, chroma_url=server.url)
    build_index(settings)
    engine = Engine.load(settings)
    server.stop()
    with pytest.raises(StoreUnavailableError, match="not reachable"):
        engine.ask("Who headed the US delegation?")
    server.start()
    assert "Jeff Sessions" in engine.ask("Who headed the US delegation?").answer


def test_no_server_at_all(tmp_path):
    settings = Settings(sources=BUNDLED, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailableError, match="not reachable"):
        build_index(settings)
    with pytest.raises(StoreUnavailableError, match="not reachable"):
        Engine.load(settings)


def test_a_server_that_hangs_up_is_not_reachable(tmp_path):
    """A server killed mid-request drops the connection without a reply: that is "not reachable" (and retried),
    not an unknown error that would stop a starting API worker."""
    with hanging_up_server() as url:
        settings = Settings(sources=BUNDLED, chroma_url=url)
        with pytest.raises(StoreUnavailableError, match="not reachable"):
            Engine.load(settings)
        with pytest.raises(StoreUnavailableError, match="not reachable"):
            build_index(settings)


def test_a_server_lost_in_the_middle_of_a_load_is_not_reachable(server, monkeypatch):
    """The server dies after the index was found but before the engine has read it all (its collections)."""
    settings = Settings(sources=BUNDLED, chroma_url=server.url)
    build_index(settings)

    def dropped(self, *args, **kwargs):
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")

    monkeypatch.setattr(Client, "get_collection", dropped)
    with pytest.raises(StoreUnavailableError, match="not reachable"):
        Engine.load(settings)
    monkeypatch.undo()
    assert "Jeff Sessions" in Engine.load(settings).ask("Who headed the US delegation?").answer
