"""Chroma builds a small collection's HNSW graph anew at each start, and building is random: an approximate search
found a different last neighbour from one process to the next, and so "What was said about visa reciprocity?" over
six meetings had two answers. Up to Chroma's sync threshold every vector is asked for, so the dense rankings are
the exact nearest neighbours, whatever graph this process built."""

from __future__ import annotations

import numpy as np
import pytest
from llama_index.core.schema import QueryBundle

from rag.engine import Engine

QUESTIONS = [
    "What was said about visa reciprocity?",
    "What did the US say about fentanyl?",
    "Who led the EU delegation?",
    "What was agreed on soft targets?",
    "How did the pandemic affect the meeting?",
    "What did the ministers say about encryption?",
]


def _exact(collection, query: np.ndarray) -> list[tuple[str, dict]]:
    found = collection.get(include=["embeddings", "metadatas"])
    vectors = np.asarray(found["embeddings"], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    order = np.argsort(-(vectors @ (query / np.linalg.norm(query))), kind="stable")
    return [(found["ids"][i], found["metadatas"][i]) for i in order]


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_dense_rankings_of_a_small_corpus_are_exact(six_meetings: Engine, question: str) -> None:
    retriever = six_meetings.retriever
    query = np.asarray(six_meetings.embed_model.get_query_embedding(question), dtype=np.float32)
    bundle = QueryBundle(question, embedding=query.tolist())
    chunks = [h.node.node_id for h in retriever._dense(bundle)]
    assert chunks == [chunk_id for chunk_id, _ in _exact(retriever._chunks, query)][: len(chunks)]
    wanted = min(retriever._candidates() * 3, retriever._sentence_count)
    best_sentences = _exact(retriever._sentences, query)[:wanted]
    expected = list(dict.fromkeys(meta["chunk_id"] for _, meta in best_sentences))[: retriever._candidates()]
    assert [h.node.node_id for h in retriever._sentence_level(bundle)] == expected
