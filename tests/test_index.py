"""Index builds: idempotent, replacing changed documents, removing deleted ones, never half-built; a bad file
is skipped and reported while the rest of its batch indexes."""

import re

import numpy as np
import pytest

from rag.embeddings import MiniLMEmbedding
from rag.engine import Engine
from rag.errors import IndexMissingError, SourceError
from rag.ingest import build_index
from rag.settings import Settings
from rag.store import IndexStore
from tests.store_support import stored_sentences

SECOND_DOCUMENT = """Council of the European Union

Brussels, 14 June 2019
(OR. en)

10101/19

LIMITE

OUTCOME OF PROCEEDINGS

From: General Secretariat of the Council

To: Delegations

Subject: Outcome of proceedings of the EU-Japan Justice Ministerial (Tokyo, 3 June 2019)

1. Judicial cooperation

The delegations discussed mutual legal assistance and agreed to hold expert talks on electronic evidence.
"""


def ids_and_texts(settings):
    generation = IndexStore(settings).current()
    got = generation.chunks.get(include=["documents"])
    return dict(zip(got["ids"], got["documents"], strict=True))


def collections(settings):
    return sorted(c.name for c in IndexStore(settings).client.list_collections())


def test_rebuilding_an_unchanged_corpus_changes_nothing(built_settings):
    before = ids_and_texts(built_settings)
    generation = IndexStore(built_settings).current().name
    report = build_index(built_settings)
    assert report.unchanged
    assert IndexStore(built_settings).current().name == generation
    assert ids_and_texts(built_settings) == before
    assert len(before) == 27 and "9278/18 ¶14" in before


def test_changed_document_replaces_its_paragraphs(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    source = next(sources_copy.iterdir())
    source.write_text(source.read_text().replace("crypto currencies", "virtual assets"))
    report = build_index(settings)
    assert not report.unchanged
    assert report.embedded <= 4, "only the edited paragraph and its sentences are re-embedded"
    texts = ids_and_texts(settings)
    assert "virtual assets" in texts["9278/18 ¶16"]
    assert not any("crypto currencies" in t for t in texts.values())
    answer = Engine.load(settings).ask("What worries the US about virtual assets?")
    assert "virtual assets" in answer.answer


def test_removed_document_disappears(sources_copy, tmp_path):
    (sources_copy / "second.txt").write_text(SECOND_DOCUMENT)
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    report = build_index(settings)
    assert {d["id"] for d in report.documents} == {"9278/18", "10101/19"}
    assert "10101/19 ¶1" in ids_and_texts(settings)
    (sources_copy / "second.txt").unlink()
    build_index(settings)
    texts = ids_and_texts(settings)
    assert not any(i.startswith("10101/19") for i in texts)
    assert "9278/18 ¶1" in texts
    # Only the served generation and its predecessor are kept.
    assert len([c for c in collections(settings) if c.endswith("-chunks")]) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\xff\xfe\x00\x00garbage\x00", "not UTF-8|binary"),
        ("headings.txt", b"1. Counterterrorism\n\na) Information sharing\n", "no paragraphs"),
    ],
)
def test_a_bad_source_file_is_reported_and_the_rest_still_indexes(sources_copy, tmp_path, name, content, message):
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    before = (IndexStore(settings).current().name, ids_and_texts(settings), collections(settings))
    (sources_copy / name).write_bytes(content)
    (sources_copy / "second.txt").write_text(SECOND_DOCUMENT)
    report = build_index(settings)
    assert len(report.errors) == 1 and name in report.errors[0]
    assert re.search(message, report.errors[0])
    assert {d["id"] for d in report.documents} == {"9278/18", "10101/19"}
    assert "10101/19 ¶1" in ids_and_texts(settings)
    # The bad file alone next to an unchanged corpus: reported, and the index is left exactly as it was.
    (sources_copy / "second.txt").unlink()
    build_index(settings)
    before = (IndexStore(settings).current().name, ids_and_texts(settings), collections(settings))
    again = build_index(settings)
    assert again.unchanged and name in again.errors[0]
    assert (IndexStore(settings).current().name, ids_and_texts(settings), collections(settings)) == before


def test_a_batch_of_only_bad_files_changes_nothing(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    before = (IndexStore(settings).current().name, ids_and_texts(settings), collections(settings))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "fake.pdf").write_text("plain text, not a PDF")
    with pytest.raises(SourceError, match="not changed") as caught:
        build_index(settings, [bad])
    assert "empty.txt" in str(caught.value) and "fake.pdf" in str(caught.value)
    assert (IndexStore(settings).current().name, ids_and_texts(settings), collections(settings)) == before


def test_two_files_with_the_same_document_number_keep_the_first(sources_copy, tmp_path):
    source = next(sources_copy.iterdir())
    (sources_copy / "zz-copy.txt").write_text(source.read_text())
    report = build_index(Settings(sources=sources_copy, store=tmp_path / "store"))
    assert [d["source"] for d in report.documents] == [source.name]
    assert "zz-copy.txt" in report.errors[0] and "9278/18" in report.errors[0]


def test_unreadable_file_is_reported(sources_copy, tmp_path, monkeypatch):
    """An I/O error on one file (permissions, a dying disk) is named; CI runs as root, so it is simulated."""
    locked = sources_copy / "locked.txt"
    locked.write_text(SECOND_DOCUMENT)
    real_read_bytes = type(locked).read_bytes

    def read_bytes(path):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(path)

    monkeypatch.setattr(type(locked), "read_bytes", read_bytes)
    report = build_index(Settings(sources=sources_copy, store=tmp_path / "store"))
    assert [d["id"] for d in report.documents] == ["9278/18"]
    assert len(report.errors) == 1
    assert re.search(r"locked\.txt: cannot be read \(Permission denied\)", report.errors[0])


def test_a_crash_mid_build_leaves_the_previous_index_serving(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    served = IndexStore(settings).current().name
    before = collections(settings)

    class DyingEmbedder:
        """Stands in for the embedding model at the system's edge: it fails after the build has started."""

        def embed(self, texts):
            raise KeyboardInterrupt  # Ctrl-C, or the process being stopped, mid-embedding

    (sources_copy / "second.txt").write_text(SECOND_DOCUMENT)
    with pytest.raises(KeyboardInterrupt):
        build_index(settings, embedder=DyingEmbedder())
    assert IndexStore(settings).current().name == served
    assert collections(settings) == before, "the half-built generation was discarded"
    answer = Engine.load(settings).ask("Who headed the US delegation?")
    assert "Jeff Sessions" in answer.answer
    report = build_index(settings)  # the next run completes
    assert {d["id"] for d in report.documents} == {"9278/18", "10101/19"}


def test_forced_rebuild_re_embeds_everything_with_the_same_ids(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    first = build_index(settings)
    ids = set(ids_and_texts(settings))
    again = build_index(settings, rebuild=True)
    assert again.generation != first.generation and again.embedded == first.embedded
    assert set(ids_and_texts(settings)) == ids


def test_split_paragraphs_keep_their_id_in_answers(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store", chunk_tokens=40)
    report = build_index(settings)
    assert report.chunks > report.paragraphs
    engine = Engine.load(settings)
    answer = engine.ask("What did the sides say about the CLOUD Act?")
    assert answer.citations and answer.citations[0].id == "9278/18 ¶9"
    assert answer.citations[0].text.startswith("The two sides took the opportunity")
    assert answer.citations[0].text.endswith("further clarification and discussions.")


def test_asking_before_any_index_exists_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexMissingError, match="procqa index"):
        Engine.load(Settings(store=tmp_path / "nothing-here"))
    assert not (tmp_path / "nothing-here").exists()


def test_texts_are_embedded_shortest_first_across_the_whole_build_and_stored_as_embedded(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    model = MiniLMEmbedding()
    calls: list[list[str]] = []

    class RecordingEmbedder:
        """The real model, recording what each call was given."""

        def embed(self, texts):
            calls.append(list(texts))
            return model.embed(texts)

    report = build_index(settings, embedder=RecordingEmbedder())
    lengths = [len(text) for call in calls for text in call]
    assert len(calls) > 1 and len(lengths) == report.embedded
    assert lengths == sorted(lengths), "each call's texts continue where the previous call's lengths stopped"
    # Whatever the order, every stored vector is its own text's embedding (float32 all the way to Chroma).
    texts, vectors = zip(*stored_sentences(settings, limit=5).values(), strict=True)
    assert np.allclose(np.asarray(vectors), model.embed(list(texts)), atol=1e-5)
    (sources_copy / "second.txt").write_text(SECOND_DOCUMENT)
    calls.clear()
    again = build_index(settings, embedder=RecordingEmbedder())
    assert again.reused > 0 and sum(map(len, calls)) == again.embedded  # reused vectors are not embedded again
    texts, vectors = zip(*stored_sentences(settings, limit=5).values(), strict=True)
    assert np.allclose(np.asarray(vectors), model.embed(list(texts)), atol=1e-5)
