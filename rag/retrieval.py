"""Hybrid retrieval as a llama-index retriever: dense (the Chroma collection ingest wrote through llama-index's
ChromaVectorStore, its hits mapped to the nodes in memory) and BM25 (llama-index-retrievers-bm25), fused by
weighted reciprocal rank. A third, sentence-level dense ranking (the sentence vectors stored for answering) finds
the paragraph whose one sentence answers a question that the paragraph as a whole is about something else ("...the
next Ministerial will take place in Washington").

We fuse ourselves rather than with QueryFusionRetriever because its reciprocal-rank mode ignores retriever
weights, and answering needs each hit's dense cosine (an absolute relevance signal) which fusion overwrites.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import bm25s
import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle
from llama_index.core.vector_stores.utils import metadata_dict_to_node
from llama_index.retrievers.bm25 import BM25Retriever

from rag.derived import StoredNodes, bm25_index
from rag.embeddings import MiniLMEmbedding
from rag.settings import RetrievalMode
from rag.text import terms

# A BM25 first hit scoring this many times the second is kept among the hits whatever the fusion says.
_LEXICAL_LEAD = 3.0
_LEXICAL_WORDS = 3
_RRF_K = 60.0
_PAGE = 5000  # records per Chroma read when loading every chunk
# Chroma builds a collection's HNSW graph anew at each start while the collection holds fewer vectors than its sync
# threshold (1000), and building is random: an approximate search of a small corpus found a different last neighbour
# from one process to the next, and so another answer (chroma-core/chroma#2675). Up to that size every vector is
# asked for (the search is then exhaustive, and exact) and the best kept; above it the graph is read from disk.
_EXACT_UP_TO = 1000


class Hit(NodeWithScore):
    """A retrieved chunk with its fused score and the evidence behind it."""

    dense: float | None = None  # cosine similarity to the query, when the dense retriever saw it
    bm25: float | None = None


def load_nodes(collection: Any) -> list[BaseNode]:
    """Every chunk node of a Chroma collection (for BM25, which indexes in memory). Read a page at a time: one
    get of ~100k records fails in Chroma's SQLite ("too many SQL variables")."""
    nodes = []
    for offset in range(0, collection.count(), _PAGE):
        got = collection.get(include=["documents", "metadatas"], limit=_PAGE, offset=offset)
        for text, metadata in zip(got["documents"], got["metadatas"], strict=True):
            nodes.append(metadata_dict_to_node(metadata, text=text))
    return nodes


class _NodeBM25(BM25Retriever):
    """llama-index's BM25 retriever over nodes already in memory: it keeps no serialised copy of the corpus (a
    second copy of every text, and its metadata as JSON) and returns the shared nodes instead of parsing one per hit.
    `nodes` are in the BM25 index's corpus order."""

    def __init__(self, index: bm25s.BM25, nodes: Sequence[BaseNode], similarity_top_k: int) -> None:
        super().__init__(existing_bm25=index, similarity_top_k=similarity_top_k)
        self.corpus = None
        self._nodes = nodes

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        tokens = bm25s.tokenize(
            query_bundle.query_str, stemmer=self.stemmer, token_pattern=self.token_pattern, show_progress=False
        )
        mask = np.array(self.corpus_weight_mask) if self.corpus_weight_mask else None
        indexes, scores = self.bm25.retrieve(tokens, k=self.similarity_top_k, show_progress=False, weight_mask=mask)
        return [
            NodeWithScore(node=self._nodes[int(i)], score=float(score))
            for i, score in zip(indexes[0], scores[0], strict=True)
        ]


class HybridRetriever(BaseRetriever):
    def __init__(
        self,
        collection: Any,
        sentences: Any,
        nodes: Sequence[BaseNode],
        embed_model: MiniLMEmbedding,
        *,
        mode: RetrievalMode = "hybrid",
        top_k: int = 5,
        dense_weight: float = 1.0,
        bm25_weight: float = 1.0,
        sentence_weight: float = 1.0,
        documents: list[str] | None = None,
        bm25: bm25s.BM25 | None = None,
        sentence_count: int | None = None,
    ) -> None:
        """`bm25`: the BM25 index of `nodes`, in their order, when it was stored with the generation (rag/derived);
        without it, it is built here. `sentence_count`: the generation's sentences, as its manifest records them;
        without it, Chroma counts them (1.3 s at 100k paragraphs)."""
        super().__init__()
        self.mode = mode
        self.top_k = top_k
        self.weights = {"dense": dense_weight, "bm25": bm25_weight, "sentences": sentence_weight}
        self.documents = documents
        self._chunks = collection
        self._embed_model = embed_model
        self._sentences = sentences
        # A generation never changes once published: count its sentences once, not on every question.
        if sentence_count is None:
            sentence_count = sentences.count() if sentences is not None else 0
        self._sentence_count = sentence_count
        self._chunk_count = len(nodes)
        # Stored nodes are made as hits need them; a list (rebuilt from Chroma) is looked up in a dict.
        self._node = nodes.get if isinstance(nodes, StoredNodes) else {node.node_id: node for node in nodes}.get
        self._bm25 = None
        if nodes and mode != "dense":
            index = bm25 if bm25 is not None else bm25_index(nodes)
            self._bm25 = _NodeBM25(index, nodes, similarity_top_k=min(len(nodes), 50))
        # BM25Retriever tokenises with one PyStemmer object, which keeps internal state and must not be called
        # concurrently; the lock is shared by every with_options() view. BM25 over one corpus takes ~1 ms.
        self._bm25_lock = threading.Lock()
        # Each BM25 corpus entry's document, in corpus order (the order of `nodes`), for the document filter.
        metadata = nodes.metadata() if isinstance(nodes, StoredNodes) else [node.metadata for node in nodes]
        self._bm25_documents = np.array([str(found.get("document", "")) for found in metadata])

    def with_options(self, *, top_k: int, documents: list[str] | None) -> HybridRetriever:
        """A view of this retriever with other per-request options, sharing the loaded indexes."""
        clone = object.__new__(HybridRetriever)
        clone.__dict__.update(self.__dict__)
        clone.top_k, clone.documents = top_k, documents
        return clone

    def _candidates(self) -> int:
        return max(self.top_k * 3, 15)

    @staticmethod
    def _asked(wanted: int, count: int) -> int:
        """How many results to ask Chroma for, to keep the best `wanted` of `count` vectors (see _EXACT_UP_TO)."""
        return max(count, 1) if count <= _EXACT_UP_TO else wanted

    def _dense(self, query: QueryBundle) -> list[NodeWithScore]:
        """Chunks by the cosine of their vector to the query's. Chroma returns ids and distances only: every node
        is in memory already, so no hit's text and JSON metadata are read back and parsed into a node again."""
        embedding = query.embedding or self._embed_model.get_query_embedding(query.query_str)
        where = {"document": {"$in": self.documents}} if self.documents else None
        found = self._chunks.query(
            query_embeddings=[embedding],
            n_results=self._asked(self._candidates(), self._chunk_count),
            where=where,
            include=["distances"],
        )
        hits = []
        for chunk_id, distance in list(zip(found["ids"][0], found["distances"][0], strict=True))[: self._candidates()]:
            node = self._node(chunk_id)
            if node is not None:  # (cosine space: distance = 1 - cosine)
                hits.append(NodeWithScore(node=node, score=1.0 - distance))
        return hits

    def _lexical(self, query: QueryBundle) -> list[NodeWithScore]:
        if self._bm25 is None:
            return []
        # The document filter weighs every other document's entries zero before ranking (bm25s's weight mask), so
        # the top hits are the chosen documents' own; filtering the top 50 afterwards would lose them at scale.
        mask = np.isin(self._bm25_documents, self.documents).astype(int).tolist() if self.documents else None
        with self._bm25_lock:
            self._bm25.corpus_weight_mask = mask
            try:
                found = self._bm25.retrieve(query)
            finally:
                self._bm25.corpus_weight_mask = None
        hits = [h for h in found if (h.score or 0) > 0]  # a masked entry scores 0
        return hits[: self._candidates()]

    def all_with(self, words: str) -> list[Hit]:
        """BM25's chunks for `words` alone (in the chosen documents), best first; none when no chunk has them."""
        return [Hit(node=h.node, score=0.0, bm25=h.score) for h in self._lexical(QueryBundle(query_str=words))]

    def _sentence_level(self, query: QueryBundle) -> list[NodeWithScore]:
        """Chunks ranked by their best-matching sentence."""
        if query.embedding is None or self._sentences is None:
            return []
        where = {"document": {"$in": self.documents}} if self.documents else None
        wanted = min(self._candidates() * 3, max(self._sentence_count, 1))
        found = self._sentences.query(
            query_embeddings=[query.embedding],
            n_results=self._asked(wanted, self._sentence_count),
            where=where,
            include=["metadatas", "distances"],
        )
        ranked: dict[str, NodeWithScore] = {}
        for meta, distance in list(zip(found["metadatas"][0], found["distances"][0], strict=True))[:wanted]:
            node = self._node(meta.get("chunk_id", ""))
            if node is not None and node.node_id not in ranked:
                ranked[node.node_id] = NodeWithScore(node=node, score=1.0 - distance)
        return list(ranked.values())[: self._candidates()]

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        rankings: dict[str, list[NodeWithScore]] = {}
        if self.mode in ("hybrid", "dense"):
            rankings["dense"] = self._dense(query_bundle)
            rankings["sentences"] = self._sentence_level(query_bundle)
        if self.mode in ("hybrid", "bm25"):
            rankings["bm25"] = self._lexical(query_bundle)
        fused: dict[str, Hit] = {}
        for name, hits in rankings.items():
            for rank, hit in enumerate(hits):
                entry = fused.setdefault(hit.node.node_id, Hit(node=hit.node, score=0.0))
                entry.score = (entry.score or 0.0) + self.weights[name] / (_RRF_K + rank + 1)
                if name == "dense":
                    entry.dense = hit.score
                elif name == "bm25":
                    entry.bm25 = hit.score
        ranked = sorted(fused.values(), key=lambda h: h.score or 0.0, reverse=True)[: self.top_k]
        lexical = rankings.get("bm25", [])
        if (
            ranked
            and lexical
            and all(h.node.node_id != lexical[0].node.node_id for h in ranked)
            and (len(lexical) == 1 or (lexical[0].score or 0.0) >= _LEXICAL_LEAD * (lexical[1].score or 0.0))
            # (several of the question's words, not one: "Where was it held?" leads to any paragraph saying "held")
            and len(set(terms(query_bundle.query_str)) & set(terms(lexical[0].node.get_content()))) >= _LEXICAL_WORDS
        ):
            # A chunk sharing the question's rare words far more than any other is where to look, however the
            # model ranks it: "Why did the sides only confirm their willingness to ensure compatibility?" had not
            # reached the paragraph saying it (BM25 4.7 against 1.2 next; the model put it eighth or lower).
            ranked[-1] = fused[lexical[0].node.node_id]
        return ranked
