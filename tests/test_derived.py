"""What is stored with each generation (rag/derived.py: BM25, corpus statistics, the chunk nodes, meeting facts,
the reader's vocabulary and corpus vectors): what a start loads equals what it would rebuild; stale, missing or
corrupt files fall back to rebuilding; a failed build never replaces the served generation's files; pruned
generations lose theirs; a start from stored files embeds nothing but the questions."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from llama_index.core.schema import QueryBundle

from rag import derived
from rag.components import embedding
from rag.embeddings import MiniLMEmbedding
from rag.engine import Engine
from rag.ingest import build_index
from rag.retrieval import load_nodes
from rag.settings import Settings
from rag.store import IndexStore
from tests.chroma_server import ChromaServer
from tests.test_index import SECOND_DOCUMENT

QUESTIONS = ["What was agreed on electronic evidence?", "Who presented the state of play on terrorism?"]


@pytest.fixture
def built(tmp_path: Path, sources_copy: Path) -> Settings:
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    return settings


def _stored(settings: Settings) -> Path:
    return derived.folder(settings) / IndexStore(settings).current().name


def _bm25_ranking(engine: Engine, question: str) -> list[tuple[str, float]]:
    hits = engine.retriever.with_options(top_k=5, documents=None)._lexical(QueryBundle(question))
    return [(h.node.node_id, round(float(h.score or 0), 6)) for h in hits]


def _load(settings: Settings) -> derived.Derived | None:
    generation = IndexStore(settings).current()
    return derived.load(settings, generation.name, derived.chunk_ids(generation.chunks), embedding(settings).embed)


def _rebuilt(settings: Settings) -> derived.Derived:
    generation = IndexStore(settings).current()
    documents = {d["id"]: d["metadata"] for d in generation.manifest["documents"]}
    return derived.derive(load_nodes(generation.chunks), documents, embedding(settings).embed)


def test_a_build_stores_what_a_start_would_rebuild(built: Settings) -> None:
    loaded, rebuilt = _load(built), _rebuilt(built)
    assert loaded is not None
    assert loaded.stats.idf == pytest.approx(rebuilt.stats.idf)
    assert loaded.stats.default_idf == pytest.approx(rebuilt.stats.default_idf)
    assert loaded.stats.text == rebuilt.stats.text
    assert sorted(loaded.order) == sorted(rebuilt.order)
    assert loaded.bm25 is not None and rebuilt.bm25 is not None
    assert loaded.bm25.vocab_dict == rebuilt.bm25.vocab_dict
    # The nodes read from the file are the ones Chroma holds, field for field, in the BM25 order.
    chroma = {n.node_id: n for n in load_nodes(IndexStore(built).current().chunks)}
    assert [n.node_id for n in loaded.nodes] == loaded.order
    assert all(node == chroma[node.node_id] for node in loaded.nodes) and len(chroma) == len(loaded.nodes)
    assert loaded.paragraphs == rebuilt.paragraphs
    assert loaded.meetings == rebuilt.meetings and loaded.meetings["9278/18"].place == "Sofia"
    assert loaded.vocabulary.words == rebuilt.vocabulary.words and loaded.vocabulary.stems == rebuilt.vocabulary.stems
    # The vectors are the answering model's, from the same calls the engine makes: the same to the last bit.
    assert loaded.vectors is not None and rebuilt.vectors is not None
    assert np.array_equal(loaded.vectors.vocabulary, rebuilt.vectors.vocabulary)
    assert np.array_equal(loaded.vectors.fields, rebuilt.vectors.fields)
    assert loaded.vectors.facts.keys() == rebuilt.vectors.facts.keys()
    assert all(np.array_equal(loaded.vectors.facts[d], v) for d, v in rebuilt.vectors.facts.items())


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the embedding model is given from now on (it still embeds them)."""
    texts: list[str] = []
    real = MiniLMEmbedding.embed

    def recording(self: MiniLMEmbedding, batch: list[str]) -> np.ndarray:
        texts.extend(batch)
        return real(self, batch)

    monkeypatch.setattr(MiniLMEmbedding, "embed", recording)
    return texts


def test_a_start_from_stored_files_embeds_only_the_questions(built: Settings, embedded: list[str]) -> None:
    engine = Engine.load(built)
    assert embedded == []
    answer = engine.ask("Who headed the US delegation?")
    assert "Jeff Sessions" in answer.answer
    # The question, and a question word the corpus never uses: not the vocabulary, the facts or the fields.
    assert embedded == ["Who headed the US delegation?"]


def test_the_engine_answers_the_same_with_stored_or_rebuilt_files(built: Settings) -> None:
    stored = Engine.load(built)
    shutil.rmtree(_stored(built))
    rebuilt = Engine.load(built)
    assert _stored(built).is_dir()  # written again for the next start
    for question in QUESTIONS:
        assert _bm25_ranking(stored, question) == _bm25_ranking(rebuilt, question)
        assert stored.ask(question).answer == rebuilt.ask(question).answer
    assert stored.stats.idf == pytest.approx(rebuilt.stats.idf)


DAMAGES = [
    "missing",
    "other-format",
    "other-code",
    "other-model",
    "other-generation",
    "corrupt-bm25",
    "other-chunks",
    "missing-nodes",
    "corrupt-nodes",
    "corrupt-vectors",
    "fewer-word-vectors",
    "corrupt-meetings",
]


@pytest.mark.parametrize("damage", DAMAGES)
def test_stale_or_damaged_files_are_ignored_and_rebuilt(built: Settings, damage: str) -> None:
    path = _stored(built)
    meta_file = path / "derived.json"
    meta = json.loads(meta_file.read_text())
    changed = {
        "other-format": {"format": derived.FORMAT + 1},
        "other-code": {"code": "another version"},
        "other-model": {"embedding": "another model"},
        "other-generation": {"generation": "procqa-elsewhere"},
        "other-chunks": {"order": meta["order"][:-1]},
        "corrupt-meetings": {"meetings": {"9278/18": {"place": "Sofia"}}},
    }
    if damage == "missing":
        shutil.rmtree(path)
    elif damage in changed:
        meta_file.write_text(json.dumps({**meta, **changed[damage]}))
    elif damage == "corrupt-bm25":
        for array in (path / "bm25").glob("*.npy"):
            array.write_bytes(b"not an array")
    elif damage == "missing-nodes":
        (path / "nodes.json").unlink()
    elif damage == "corrupt-nodes":
        (path / "nodes.json").write_text('{"shared": {}, "rows": [{"id_": 3}]}')
    elif damage == "corrupt-vectors":
        (path / "vocabulary.npy").write_bytes(b"not an array")
    else:
        np.save(path / "vocabulary.npy", np.load(path / "vocabulary.npy")[:-1])
    if damage != "missing":
        assert _load(built) is None
    engine = Engine.load(built)
    expected = _rebuilt(built)
    assert engine.stats.idf == pytest.approx(expected.stats.idf)
    assert _bm25_ranking(engine, QUESTIONS[0])  # BM25 still ranks
    assert engine.records["9278/18"].meeting == expected.meetings["9278/18"]
    assert "Jeff Sessions" in engine.ask("Who headed the US delegation?").answer
    repaired = _load(built)  # repaired for the next start
    assert repaired is not None and repaired.vectors is not None
    assert expected.vectors is not None and np.array_equal(repaired.vectors.vocabulary, expected.vectors.vocabulary)


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
    kept = sorted(p.name for p in derived.folder(built).iterdir())
    assert first not in kept and kept == sorted([second, _stored(built).name])


def _start(settings: Settings) -> bool:
    """Whether a start read the generation's derived files instead of deriving them from the chunks."""
    generation = IndexStore(settings).current()
    documents = {d["id"]: d["metadata"] for d in generation.manifest["documents"]}
    return derived.load_or_derive(settings, generation, documents, embedding(settings).embed)[1]


@pytest.mark.server
def test_a_chroma_server_start_reads_what_this_machine_built(tmp_path: Path, sources_copy: Path) -> None:
    server = ChromaServer(tmp_path / "chroma").start()
    try:
        settings = Settings(sources=sources_copy, chroma_url=server.url, store=tmp_path / "local")
        build_index(settings)
        assert (derived.folder(settings) / IndexStore(settings).current().name / "derived.json").is_file()
        assert _start(settings)
        # Another machine has no files of the generation: it derives from the server's chunks, leaves the
        # vocabulary's vectors to the questions that need them, and answers alike.
        elsewhere = settings.model_copy(update={"store": tmp_path / "elsewhere"})
        assert not _start(elsewhere)
        stored, served = Engine.load(settings), Engine.load(elsewhere)
        assert served.reader._vocabulary is not None and not served.reader._vocabulary.embedded
        for question in [*QUESTIONS, "When was the meeting held?"]:
            assert stored.ask(question).answer == served.ask(question).answer
    finally:
        server.stop()


@pytest.mark.server
def test_an_embedded_store_put_behind_a_chroma_server_keeps_its_derived_files(built: Settings) -> None:
    server = ChromaServer(built.store).start()
    try:
        assert _start(built.model_copy(update={"chroma_url": server.url}))
    finally:
        server.stop()


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


def test_a_later_build_reuses_the_fact_vectors_of_unchanged_documents(built: Settings, embedded: list[str]) -> None:
    first = _load(built)
    assert first is not None
    statements = [fact.statement for fact in first.meetings["9278/18"].facts]
    embedded.clear()  # only what the second build embeds
    (built.sources / "second.txt").write_text(SECOND_DOCUMENT)
    build_index(built)
    second = _load(built)
    assert second is not None and second.vectors is not None and first.vectors is not None
    own = set(statements) - {fact.statement for fact in second.meetings["10101/19"].facts}
    assert own and not own & set(embedded)  # the unchanged document's facts were not embedded again
    assert any(fact.statement in embedded for fact in second.meetings["10101/19"].facts)
    assert np.array_equal(second.vectors.facts["9278/18"], first.vectors.facts["9278/18"])
    rebuilt = _rebuilt(built)
    assert rebuilt.vectors is not None
    assert all(np.array_equal(second.vectors.facts[d], v) for d, v in rebuilt.vectors.facts.items())


def test_a_start_checks_its_files_against_the_manifest_without_reading_chroma(
    built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build recorded its chunks' digest and its sentences' count: a start at 100k paragraphs read every chunk
    # id back (1.0 s) and had Chroma count the sentences (1.3 s) to learn them.
    manifest = IndexStore(built).current().manifest
    assert manifest["chunk_ids_sha256"] == derived.ids_digest(_load(built).order)  # type: ignore[union-attr]

    def unwanted(*args: object, **kwargs: object) -> None:
        raise AssertionError("read from Chroma at start")

    monkeypatch.setattr(derived, "chunk_ids", unwanted)
    monkeypatch.setattr("chromadb.api.models.Collection.Collection.count", unwanted)
    engine = Engine.load(built)
    assert engine.retriever._sentence_count == manifest["sentences"] > 0
    assert "Jeff Sessions" in engine.ask("Who headed the US delegation?").answer


def test_a_generation_built_before_the_digest_is_checked_id_by_id(built: Settings) -> None:
    from rag.store import _POINTER_ID

    store = IndexStore(built)
    manifest = {k: v for k, v in store.current().manifest.items() if k not in ("chunk_ids_sha256", "sentences")}
    store._pointer().upsert(ids=[_POINTER_ID], documents=[json.dumps(manifest)], embeddings=[[0.0]])
    engine = Engine.load(built)
    assert engine.retriever._sentence_count == len(IndexStore(built).current().sentences.get(include=[])["ids"])
    assert "Jeff Sessions" in engine.ask("Who headed the US delegation?").answer


def test_the_abbreviations_a_corpus_defines_are_read_as_it_spells_them_out():
    from rag.corpus import defined_abbreviations
    from rag.reader.question import Constraint

    found = defined_abbreviations(
        ["progress by the five EU Member States not covered by the US Visa Waiver Programme (VWP) towards full access",
         "information sharing on Passenger Name Records (PNR)", "the Council (Annex) said"]
    )  # fmt: skip
    assert found == {"vwp": "visa waiver programme", "pnr": "passenger name records"}
    vwp = Constraint("VWP", "name", spelled=found["vwp"])
    assert vwp.named_in("the designation of cyprus in the visa waiver program")  # the US spelling
    assert not vwp.named_in("the visa policy of the union")


def test_the_names_a_corpus_writes_spell_out_the_abbreviations_it_never_writes():
    from rag.corpus import corpus_abbreviations, initialisms

    texts = [
        "Outcome of proceedings of the EU-US Justice and Home Affairs Ministerial Meeting",
        "The European Union and the United States agreed",  # "The ..." opens a sentence: no name of that
        "1(c) Judicial Cooperation\nBoth Sides Agreed",  # a heading and the next line are not one name
        "the Justice and Home Affairs area; the Judicial Hearing Authority",  # the name written most often wins
        "Passenger Name Records (PNR); the Public National Registry, the Public National Registry",
    ]
    found = initialisms(texts)
    assert found["jha"] == "justice and home affairs"
    assert "teu" not in found and "tus" not in found and "jcbsa" not in found and "jc" not in found
    assert found["pnr"] == "public national registry"
    # Where the corpus defines one in brackets, its definition wins over a name that shares the initials.
    assert corpus_abbreviations(texts)["pnr"] == "passenger name records"


def test_an_abbreviation_the_proceedings_never_write_is_read_by_its_long_form(engine):
    # "JHA" was "never mentioned": the proceedings write "Justice and Home Affairs", people write "JHA".
    answer = engine.ask("Who headed the American delegation at the Sofia JHA ministerial?")
    assert answer.outcome == "answer" and "Jeff Sessions" in answer.answer
    answer = engine.ask("Where will the next EU-US JHA ministerial be held?")
    assert answer.outcome == "answer" and "Washington, D.C." in answer.answer
    # An abbreviation no name of the corpus spells out is still never mentioned.
    answer = engine.ask("What did the FBI say about encryption?")
    assert answer.outcome == "not_stated" and "never mention FBI" in answer.answer
