"""BM25 and corpus statistics stored with each generation (rag/derived.py): what a start loads equals what it
would rebuild; stale, missing or corrupt files fall back to rebuilding; a failed build never replaces the served
generation's files; pruned generations lose theirs."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from llama_index.core.schema import QueryBundle

from rag import derived
from rag.engine import Engine
from rag.ingest import build_index
from rag.retrieval import load_nodes
from rag.settings import Settings
from rag.store import IndexStore
from tests.test_index import SECOND_DOCUMENT

QUESTIONS = ["What was agreed on electronic evidence?", "Who presented the state of play on terrorism?"]


@pytest.fixture
def built(tmp_path: Path, sources_copy: Path) -> Settings:
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    return settings


def _stored(settings: Settings) -> Path:
    return derived.folder(settings) / IndexStore(settings).current().name  # type: ignore[operator]


def _bm25_ranking(engine: Engine, question: str) -> list[tuple[str, float]]:
    hits = engine.retriever.with_options(top_k=5, documents=None)._lexical(QueryBundle(question))
    return [(h.node.node_id, round(float(h.score or 0), 6)) for h in hits]


def test_a_build_stores_bm25_and_statistics_equal_to_rebuilt_ones(built: Settings) -> None:
    generation = IndexStore(built).current()
    nodes = load_nodes(generation.chunks)
    loaded = derived.load(built, generation.name, nodes)
    assert loaded is not None
    rebuilt = derived.derive(nodes)
    assert loaded.stats.idf == pytest.approx(rebuilt.stats.idf)
    assert loaded.stats.default_idf == pytest.approx(rebuilt.stats.default_idf)
    assert loaded.stats.text == rebuilt.stats.text
    assert sorted(loaded.order) == sorted(rebuilt.order)
    assert loaded.bm25 is not None and rebuilt.bm25 is not None
    assert loaded.bm25.vocab_dict == rebuilt.bm25.vocab_dict


def test_the_engine_answers_the_same_with_stored_or_rebuilt_files(built: Settings) -> None:
    stored = Engine.load(built)
    shutil.rmtree(_stored(built))
    rebuilt = Engine.load(built)
    assert _stored(built).is_dir()  # written again for the next start
    for question in QUESTIONS:
        assert _bm25_ranking(stored, question) == _bm25_ranking(rebuilt, question)
        assert stored.ask(question).answer == rebuilt.ask(question).answer
    assert stored.stats.idf == pytest.approx(rebuilt.stats.idf)


@pytest.mark.parametrize("damage", ["missing", "other-format", "other-generation", "corrupt-bm25", "other-chunks"])
def test_stale_or_damaged_files_are_ignored_and_rebuilt(built: Settings, damage: str) -> None:
    path = _stored(built)
    meta_file = path / "derived.json"
    meta = json.loads(meta_file.read_text())
    if damage == "missing":
        shutil.rmtree(path)
    elif damage == "other-format":
        meta_file.write_text(json.dumps({**meta, "format": derived.FORMAT + 1}))
    elif damage == "other-generation":
        meta_file.write_text(json.dumps({**meta, "generation": "procqa-elsewhere"}))
    elif damage == "corrupt-bm25":
        for array in (path / "bm25").glob("*.npy"):
            array.write_bytes(b"not an array")
    else:
        meta_file.write_text(json.dumps({**meta, "order": meta["order"][:-1]}))
    generation = IndexStore(built).current()
    nodes = load_nodes(generation.chunks)
    if damage != "missing":
        assert derived.load(built, generation.name, nodes) is None
    engine = Engine.load(built)
    expected = derived.derive(nodes)
    assert engine.stats.idf == pytest.approx(expected.stats.idf)
    assert _bm25_ranking(engine, QUESTIONS[0])  # BM25 still ranks
    assert derived.load(built, generation.name, nodes) is not None  # repaired for the next start


def test_a_failed_build_keeps_the_served_generations_files(built: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    served = _stored(built)
    before = json.loads((served / "derived.json").read_text())
    (built.sources / "second.txt").write_text(SECOND_DOCUMENT)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the store went away while publishing")

    monkeypatch.setattr(IndexStore, "publish", fail)
    with pytest.raises(RuntimeError):
        build_index(built)
    assert json.loads((served / "derived.json").read_text()) == before
    assert sorted(p.name for p in derived.folder(built).iterdir()) == [served.name]  # type: ignore[union-attr]


def test_pruned_generations_lose_their_files(built: Settings) -> None:
    first = _stored(built).name
    (built.sources / "second.txt").write_text(SECOND_DOCUMENT)
    build_index(built)
    second = _stored(built).name
    (built.sources / "second.txt").write_text(SECOND_DOCUMENT.replace("Tokyo", "Osaka"))
    build_index(built)
    kept = sorted(p.name for p in derived.folder(built).iterdir())  # type: ignore[union-attr]
    assert first not in kept and kept == sorted([second, _stored(built).name])


def test_a_chroma_server_store_keeps_no_local_files(tmp_path: Path) -> None:
    assert derived.folder(Settings(chroma_url="http://127.0.0.1:1", store=tmp_path)) is None


def test_the_retriever_keeps_no_serialised_copy_of_the_corpus(built: Settings) -> None:
    engine = Engine.load(built)
    bm25 = engine.retriever._bm25
    assert bm25 is not None and bm25.corpus is None
    hits = _bm25_ranking(engine, QUESTIONS[0])
    assert all(np.isfinite(score) for _, score in hits)


def test_every_chunk_is_loaded_a_page_at_a_time(built: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # One Chroma get of ~100k records fails ("too many SQL variables"): loading reads pages.
    from rag import retrieval

    collection = IndexStore(built).current().chunks
    whole = {n.node_id: n.get_content() for n in load_nodes(collection)}
    monkeypatch.setattr(retrieval, "_PAGE", 7)
    paged = load_nodes(collection)
    assert len(paged) == len(whole) == collection.count()
    assert {n.node_id: n.get_content() for n in paged} == whole
