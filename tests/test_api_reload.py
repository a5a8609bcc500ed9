"""A running server picks up an index rebuilt by someone else (`procqa index`), even after several rebuilds."""

from rag.api import runtime
from rag.api.runtime import EngineHolder
from rag.ingest import build_index
from rag.settings import Settings


def test_a_server_follows_rebuilds_of_its_index(sources_copy, tmp_path, monkeypatch):
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    holder = EngineHolder(settings)
    first = holder.get()
    assert "crypto currencies" in first.ask("What worries the US about crypto currencies?").answer

    monkeypatch.setattr(runtime, "REFRESH_SECONDS", 0.0)
    source = next(sources_copy.iterdir())
    for old, new in [("crypto currencies", "virtual assets"), ("virtual assets", "digital tokens")]:
        source.write_text(source.read_text().replace(old, new))
        build_index(settings)  # each rebuild prunes all but the newest two generations
    engine = holder.get()
    assert engine is not first and not engine.is_stale()
    answer = engine.ask("What worries the US about digital tokens?")
    assert "digital tokens" in answer.answer and not answer.abstained
    assert holder.get() is engine  # nothing new published: no reload
