"""How a build makes its vectors: each distinct text embedded once; sentence vectors pooled from their chunk's pass
when asked (settings.sentence_vectors = "pooled"), which is a different index, never mixed with the default."""

from pathlib import Path

import numpy as np
import pytest
from pydantic import PrivateAttr

from rag.embeddings import MiniLMEmbedding
from rag.ingest import build_index
from rag.settings import Settings
from rag.store import IndexStore
from tests.store_support import stored_sentences


class Recording(MiniLMEmbedding):
    """The real embedder, remembering every text it was asked to embed alone."""

    _seen: list[str] = PrivateAttr(default_factory=list)

    def embed(self, texts: list[str]) -> np.ndarray:
        self._seen.extend(texts)
        return super().embed(texts)


def test_each_distinct_text_is_embedded_once(tmp_path: Path, sources_copy: Path) -> None:
    text = next(sources_copy.iterdir()).read_text()
    (sources_copy / "copy.txt").write_text(text.replace("9278/18", "9279/18"))  # a second document, nearly equal
    embedder = Recording()
    build_index(Settings(sources=sources_copy, store=tmp_path / "store"), embedder=embedder)
    seen = embedder._seen
    assert len(seen) == len(set(seen))
    sentences = stored_sentences(Settings(sources=sources_copy, store=tmp_path / "store"))
    by_text: dict[str, np.ndarray] = {}
    for text, vector in sentences.values():
        if text in by_text:
            np.testing.assert_allclose(vector, by_text[text], atol=1e-6)  # shared, not recomputed differently
        by_text[text] = vector


def test_pooled_sentence_vectors_come_from_the_chunk_pass(tmp_path: Path, sources_copy: Path) -> None:
    separate = Settings(sources=sources_copy, store=tmp_path / "separate")
    pooled = Settings(sources=sources_copy, store=tmp_path / "pooled", sentence_vectors="pooled")
    build_index(separate)
    embedder = Recording()
    report = build_index(pooled, embedder=embedder)
    # Only sentences cut off at the model's length limit are embedded alone; chunks go through embed_with_spans.
    assert len(embedder._seen) < report.chunks
    alone, from_chunks = stored_sentences(separate), stored_sentences(pooled)
    assert alone.keys() == from_chunks.keys()
    cosines = np.array([float(alone[i][1] @ from_chunks[i][1]) for i in alone])
    norms = np.array([np.linalg.norm(v) for _, v in from_chunks.values()])
    np.testing.assert_allclose(norms, 1.0, atol=1e-4)
    assert cosines.mean() > 0.6 and cosines.min() > 0.3  # near their own sentence, but not the same vectors
    assert IndexStore(pooled).current().manifest["sentence_vectors"] == "pooled-0.4"


def _similarity_agreement(a: dict[str, tuple[str, np.ndarray]], b: dict[str, tuple[str, np.ndarray]]) -> float:
    """How alike two sets of sentence vectors see the sentences: the correlation of their pairwise cosines."""
    ids = sorted(a)
    x, y = np.stack([a[i][1] for i in ids]), np.stack([b[i][1] for i in ids])
    return float(np.corrcoef((x @ x.T).ravel(), (y @ y.T).ravel())[0, 1])


def test_pooled_vectors_less_their_paragraph_see_sentences_as_vectors_made_alone_do(
    tmp_path: Path, sources_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    separate = Settings(sources=sources_copy, store=tmp_path / "separate")
    pooled = Settings(sources=sources_copy, store=tmp_path / "pooled", sentence_vectors="pooled")
    build_index(separate)
    build_index(pooled)
    monkeypatch.setattr("rag.embeddings.POOLED_CONTEXT_SHARE", 0.0)  # the paragraph left in: plain mean pooling
    plain = pooled.model_copy(update={"store": tmp_path / "plain"})
    build_index(plain)
    alone = stored_sentences(separate)
    assert (
        _similarity_agreement(stored_sentences(pooled), alone)
        > _similarity_agreement(stored_sentences(plain), alone) + 0.03
    )


def test_switching_the_sentence_vectors_rebuilds_without_reusing(tmp_path: Path, sources_copy: Path) -> None:
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    switched = build_index(settings.model_copy(update={"sentence_vectors": "pooled"}))
    assert not switched.unchanged and switched.reused == 0


@pytest.mark.parametrize("text", ["Ministers met. They agreed.", "One sentence only"])
def test_spans_cover_each_sentence(text: str) -> None:
    embedder = MiniLMEmbedding()
    first = text.find(".") + 1 if "." in text[:-1] else len(text)
    spans = [(0, first)] + ([(first + 1, len(text))] if first < len(text) else [])
    whole, pooled = embedder.embed_with_spans([text], [spans])
    np.testing.assert_allclose(whole[0], embedder.embed([text])[0], atol=1e-5)
    assert pooled.shape == (len(spans), 384) and not np.isnan(pooled).any()


def test_the_ingestion_benchmark_builds_both_modes_side_by_side(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "ingest_modes.md"
    root = Path(__file__).resolve().parents[1]
    args = [sys.executable, str(root / "benchmarks" / "ingest_modes.py"), "--paragraphs", "50", "--rounds", "1"]
    done = subprocess.run([*args, "--out", str(out)], capture_output=True, text=True, timeout=300, check=True)
    assert "paragraphs/s" in done.stdout  # progress as it goes
    rows = [line.split("|")[1:-1] for line in out.read_text().splitlines() if line.startswith("| 1 |")]
    assert [row[1].strip() for row in rows] == ["separate", "pooled"]
    assert {row[2].strip() for row in rows} == {"50"} and all(float(row[5]) > 0 for row in rows)


def test_a_stored_sentence_is_a_vector_whose_text_is_cut_from_its_chunk(tmp_path: Path, sources_copy: Path) -> None:
    from rag.chunking import chunk_document
    from rag.ingest import load_documents

    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    rows = IndexStore(settings).current().sentences.get(include=["documents", "metadatas"])
    assert rows["ids"] and not any(rows["documents"])  # no second copy of the text, no full-text index over it
    assert all(set(meta) == {"document", "chunk_id", "content_hash"} for meta in rows["metadatas"])
    # The text the reader cuts from each chunk is exactly the sentence that was embedded.
    documents, _ = load_documents([sources_copy], settings)
    expected = {
        sid: text
        for document in documents
        for chunk in chunk_document(document, settings.chunk_tokens)
        for sid, text in zip(chunk.sentence_ids, chunk.sentences, strict=True)
    }
    assert {sid: text for sid, (text, _) in stored_sentences(settings).items()} == expected


def test_a_chunk_indexed_without_sentence_ends_has_its_sentences_embedded_as_read() -> None:
    # An index built before sentences were stored as vectors only: its chunks say nothing of where sentences end.
    from llama_index.core.schema import NodeWithScore, TextNode

    from rag.reader.candidates import sentence_candidates

    meta = {"paragraph_id": "9278/18 ¶5", "document": "9278/18", "number": 5, "first_sentence": 0, "sentence_count": 2}
    node = TextNode(text="The EU updated on PNR. The US wants a renewal.", metadata=meta)
    embedded: list[str] = []
    found = sentence_candidates(
        [NodeWithScore(node=node, score=1.0)],
        lambda ids: {},
        lambda pid: None,
        lambda texts: embedded.extend(texts) or np.ones((len(texts), 384)),
    )
    assert [c.text for c in found] == embedded == ["The EU updated on PNR.", "The US wants a renewal."]
