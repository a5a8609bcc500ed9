"""Build the index: read sources, parse, chunk, embed, write a new generation aside, then publish it.

Idempotent: when nothing changed (same paragraphs, same chunking, same model), nothing is written. A changed
document replaces its paragraphs and a removed one disappears, because every build is a complete generation;
embeddings of unchanged chunks and sentences are copied from the served generation instead of recomputed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.schema import TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from rag.chunking import Chunk, chunk_document, text_hash
from rag.components import embedding
from rag.derived import derive, ids_digest, reusable_facts
from rag.derived import save as save_derived
from rag.embeddings import DIMENSIONS, MODEL_SHA256, POOLED_CONTEXT_SHARE, MiniLMEmbedding
from rag.errors import SourceError
from rag.locking import index_lock
from rag.parsing import ParsedDocument, parse_document
from rag.readers import SUPPORTED_SUFFIXES, read_text
from rag.settings import Settings
from rag.store import IndexStore, store_errors

_KINDS = ", ".join(SUPPORTED_SUFFIXES)
_WRITE_BATCH = 1000
_EMBED_WINDOW = 64  # texts per embedder call: progress is reported after each
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class IndexReport:
    generation: str
    unchanged: bool
    documents: list[dict[str, Any]]
    paragraphs: int
    chunks: int
    embedded: int
    reused: int
    seconds: float
    errors: list[str] = field(default_factory=list)  # one message per file that was skipped, naming it


def find_sources(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise SourceError(f"{path}: unsupported file type {path.suffix!r}; procqa reads {_KINDS}.")
            files.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder.")
    if not files:
        raise SourceError(f"No documents ({_KINDS}) found in {', '.join(map(str, paths))}.")
    return files


def read_source(path: Path, settings: Settings) -> ParsedDocument:
    source = read_text(path, settings)
    return parse_document(source.text, source=path.name, fallback_id=path.stem, page_starts=source.page_starts or None)


def load_documents(paths: Sequence[Path], settings: Settings) -> tuple[list[ParsedDocument], list[str]]:
    """Parse every source. A bad file is skipped with a message naming it, so the rest of a batch still indexes;
    when no file is usable, nothing is built and the index stays as it was."""
    documents: list[ParsedDocument] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in find_sources(paths):
        try:
            document = read_source(path, settings)
        except SourceError as exc:
            errors.append(str(exc))
            continue
        if document.id in seen:
            errors.append(f"{path}: is also document {document.id} (as {seen[document.id]}); skipped, keep one.")
            continue
        seen[document.id] = document.source
        documents.append(document)
    if not documents:
        raise SourceError("The index was not changed: no file could be indexed. " + " ".join(errors))
    return documents, errors


def _fingerprint(documents: Iterable[ParsedDocument], settings: Settings) -> str:
    # "wordpiece": the budget's unit (it was cl100k); an index chunked the other way is rebuilt, not reused.
    # The sentence-vector mode is part of it: pooled and separate vectors must not be mixed in one index (nor
    # vectors pooled before the paragraph's share was taken out of them).
    # "ends": sentences are stored as vectors only, their texts cut from the chunk's (an older index is rebuilt).
    mode = "" if settings.sentence_vectors == "separate" else f":{_vector_mode(settings)}"
    digest = hashlib.sha256(f"{MODEL_SHA256}:{settings.chunk_tokens}:wordpiece:ends{mode}".encode())
    for document in sorted(documents, key=lambda d: d.id):
        digest.update(f"{document.id}:{document.fingerprint}:{json.dumps(document.metadata, sort_keys=True)}".encode())
    return digest.hexdigest()


def _vector_mode(settings: Settings) -> str:
    """How an index's sentence vectors were made, as its manifest records it."""
    if settings.sentence_vectors == "separate":
        return "separate"
    return f"pooled-{POOLED_CONTEXT_SHARE}"


def _chunk_node(chunk: Chunk, embedding: list[float] | None) -> TextNode:
    paragraph = chunk.paragraph
    metadata = {
        "document": paragraph.document,
        "paragraph_id": paragraph.id,
        "number": paragraph.number,
        "section": paragraph.section,
        "parent": paragraph.parent,
        "label": paragraph.label,
        "part": chunk.part,
        "parts": chunk.parts,
        "sentence_count": len(chunk.sentences),
        "first_sentence": chunk.first_sentence,
        "sentence_ends": chunk.sentence_ends,
        "content_hash": chunk.content_hash,
    }
    if paragraph.page is not None:
        metadata["page"] = paragraph.page  # sources with pages (PDF); Chroma metadata cannot hold None
    hidden = [key for key in metadata if key != "section"]  # only the section title is embedded / BM25-indexed
    return TextNode(
        id_=chunk.id,
        text=chunk.text,
        metadata=metadata,
        embedding=embedding,
        excluded_embed_metadata_keys=hidden,
        excluded_llm_metadata_keys=hidden,
    )


def _reusable(collection: Any, ids: list[str]) -> dict[str, tuple[str, np.ndarray]]:
    """id -> (content hash, embedding) from the served generation (rows stored without a hash are not reused)."""
    found: dict[str, tuple[str, np.ndarray]] = {}
    for start in range(0, len(ids), _WRITE_BATCH):
        batch = ids[start : start + _WRITE_BATCH]
        got = collection.get(ids=batch, include=["embeddings", "metadatas"])
        for i, item_id in enumerate(got["ids"]):
            key = (got["metadatas"][i] or {}).get("content_hash")
            if key:
                found[item_id] = (key, np.asarray(got["embeddings"][i], dtype=np.float32))
    return found


def build_index(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    embedder: MiniLMEmbedding | None = None,
) -> IndexReport:
    """Index `paths` (default: the sources folder) so the index mirrors exactly these documents. One build or
    document change at a time per index (rag/locking): a second one waits for the first."""
    with index_lock(settings), store_errors(settings):
        return _build(settings, paths, rebuild, progress, embedder)


def _build(
    settings: Settings,
    paths: Sequence[Path] | None,
    rebuild: bool,
    progress: Progress | None,
    embedder: MiniLMEmbedding | None,
) -> IndexReport:
    started = time.perf_counter()
    report_progress = progress or (lambda stage, done, total: None)
    documents, errors = load_documents(list(paths or [settings.sources]), settings)
    fingerprint = _fingerprint(documents, settings)
    store = IndexStore(settings, create=True)
    served = store.current_or_none()
    summaries = [_summary(document) for document in documents]

    budget, tokenizer = settings.chunk_tokens, settings.embedding_tokenizer_path
    chunks = [chunk for document in documents for chunk in chunk_document(document, budget, tokenizer)]
    if served and not rebuild and served.manifest.get("fingerprint") == fingerprint:
        store.prune_orphans()  # a build killed since the last publish left its half-written generation behind
        return IndexReport(
            served.name,
            True,
            summaries,
            _count_paragraphs(documents),
            len(chunks),
            0,
            0,
            time.perf_counter() - started,
            errors,
        )

    embedder = embedder or MiniLMEmbedding(
        settings.embedding_model_path, settings.embedding_tokenizer_path, embed_batch_size=settings.embed_batch_size
    )
    sentence_rows = [
        (sid, text, chunk.id) for chunk in chunks for sid, text in zip(chunk.sentence_ids, chunk.sentences, strict=True)
    ]
    same_mode = served is not None and served.manifest.get("sentence_vectors", "separate") == _vector_mode(settings)
    reuse = served if served is not None and same_mode and not rebuild else None
    reuse_chunks = _reusable(reuse.chunks, [c.id for c in chunks]) if reuse else {}
    reuse_sentences = _reusable(reuse.sentences, [sid for sid, _, _ in sentence_rows]) if reuse else {}

    # Vectors stay float32 arrays on their way to Chroma (a Python float list costs 8x the memory); only the chunk
    # nodes, which llama-index's TextNode types as lists, get lists, one write batch at a time.
    chunk_vectors = np.zeros((len(chunks), DIMENSIONS), dtype=np.float32)
    sentence_vectors = np.zeros((len(sentence_rows), DIMENSIONS), dtype=np.float32)
    todo_chunks = [i for i, c in enumerate(chunks) if _reused(reuse_chunks, c.id, c.content_hash, chunk_vectors, i)]
    todo_sentences = [
        i
        for i, (sid, text, _) in enumerate(sentence_rows)
        if _reused(reuse_sentences, sid, text_hash(text), sentence_vectors, i)
    ]
    pooling = settings.sentence_vectors == "pooled" and hasattr(embedder, "embed_with_spans")

    generation = store.new_generation()
    try:
        total = len(todo_chunks) + len(todo_sentences)
        report_progress("embed", 0, total)
        if pooling:
            # One model pass per chunk gives its vector and its sentences' (pooled over their tokens): a quarter
            # of the model runs. A sentence whose chunk was reused, or cut off at MAX_TOKENS, is embedded alone.
            first_row = np.cumsum([0, *(len(c.sentences) for c in chunks)]).tolist()
            wanted = set(todo_sentences)
            done = 0
            for start in range(0, len(todo_chunks), _EMBED_WINDOW):
                window = todo_chunks[start : start + _EMBED_WINDOW]
                vectors, pooled = embedder.embed_with_spans(  # type: ignore[union-attr]
                    [chunks[i].embed_text for i in window], [chunks[i].sentence_spans for i in window]
                )
                chunk_vectors[window] = vectors
                rows = [first_row[i] + k for i in window for k in range(len(chunks[i].sentences))]
                for row, vector in zip(rows, pooled, strict=True):
                    if row in wanted and not np.isnan(vector[0]):
                        sentence_vectors[row] = vector
                        wanted.discard(row)
                        done += 1
                done += len(window)
                report_progress("embed", done, total)
            todo_chunks, todo_sentences = [], sorted(wanted)
        todo = [(chunk_vectors, i, chunks[i].embed_text) for i in todo_chunks]
        todo += [(sentence_vectors, i, sentence_rows[i][1]) for i in todo_sentences]
        done = total - len(todo)
        # Each distinct text once (header lines and stock phrases repeat across documents; a one-sentence
        # paragraph without a section is its own sentence), shortest first over the whole batch, so each model
        # batch pads to texts of nearly its own length.
        slots: dict[str, list[tuple[np.ndarray, int]]] = {}
        for target, slot, text in todo:
            slots.setdefault(text, []).append((target, slot))
        texts = sorted(slots, key=len)
        for start in range(0, len(texts), _EMBED_WINDOW):
            window = texts[start : start + _EMBED_WINDOW]
            for text, vector in zip(window, embedder.embed(window), strict=True):
                for target, slot in slots[text]:
                    target[slot] = vector
                done += len(slots[text])
            report_progress("embed", done, total)

        vector_store = ChromaVectorStore(chroma_collection=generation.chunks)
        written = 0
        report_progress("write", 0, len(chunks) + len(sentence_rows))
        for start in range(0, len(chunks), _WRITE_BATCH):
            batch_chunks = chunks[start : start + _WRITE_BATCH]
            batch_vectors = chunk_vectors[start : start + len(batch_chunks)]
            vector_store.add([_chunk_node(c, v.tolist()) for c, v in zip(batch_chunks, batch_vectors, strict=True)])
            written += len(batch_chunks)
            report_progress("write", written, len(chunks) + len(sentence_rows))
        for start in range(0, len(sentence_rows), _WRITE_BATCH):
            batch = sentence_rows[start : start + _WRITE_BATCH]
            # No document: a sentence's text is cut from its chunk's (Chunk.sentence_ends), and Chroma indexing it
            # for full-text search doubled the sentences' write time.
            generation.sentences.add(
                ids=[sid for sid, _, _ in batch],
                embeddings=sentence_vectors[start : start + len(batch)],
                metadatas=[_sentence_metadata(chunk_id, text) for _, text, chunk_id in batch],
            )
            written += len(batch)
            report_progress("write", written, len(chunks) + len(sentence_rows))
        # BM25, the corpus statistics, the meeting facts, the reader's vocabulary and the vectors it embeds from the
        # corpus, stored with the generation: a start reads them instead of recomputing, and the first question
        # embeds nothing but itself. Those vectors come from the model that answers, whatever `embedder` wrote the
        # chunks' (the scale benchmark's random vectors).
        # Documents whose fact statements are unchanged keep the served generation's fact vectors.
        metadata = {summary["id"]: summary["metadata"] for summary in summaries}
        nodes = [_chunk_node(c, None) for c in chunks]
        known_facts = reusable_facts(settings, reuse.name) if reuse is not None else {}
        save_derived(settings, generation.name, derive(nodes, metadata, embedding(settings).embed, reuse=known_facts))
        generation.manifest = {
            "fingerprint": fingerprint,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "chunk_tokens": settings.chunk_tokens,
            "embedding_sha256": MODEL_SHA256,
            "sentence_vectors": _vector_mode(settings),
            # What a start checks its stored files against, and the sentences' count, without asking Chroma.
            "chunk_ids_sha256": ids_digest(c.id for c in chunks),
            "sentences": len(sentence_rows),
            "documents": summaries,
        }
        store.publish(generation)
    except BaseException:
        store.discard(generation)  # the served generation is untouched
        raise
    return IndexReport(
        generation=generation.name,
        unchanged=False,
        documents=summaries,
        paragraphs=_count_paragraphs(documents),
        chunks=len(chunks),
        embedded=total,
        reused=len(chunks) + len(sentence_rows) - total,
        seconds=time.perf_counter() - started,
        errors=errors,
    )


def _reused(found: dict[str, tuple[str, np.ndarray]], key: str, content: str, target: np.ndarray, slot: int) -> bool:
    """Copy the served generation's vector for `key` into target[slot] when its content is unchanged; True when
    it still has to be embedded."""
    hit = found.get(key)
    if hit and hit[0] == content:
        target[slot] = hit[1]
        return False
    return True


def _sentence_metadata(chunk_id: str, text: str) -> dict[str, str]:
    # "document" filters sentence search to chosen documents; "chunk_id" names the chunk a hit stands for.
    document = chunk_id.rsplit(" ", 1)[0]
    return {"document": document, "chunk_id": chunk_id, "content_hash": text_hash(text)}


def _count_paragraphs(documents: Iterable[ParsedDocument]) -> int:
    return sum(document.paragraph_count for document in documents)


def _summary(document: ParsedDocument) -> dict[str, Any]:
    return {
        "id": document.id,
        "source": document.source,
        "title": document.title,
        "metadata": document.metadata,
        "paragraphs": document.paragraph_count,
    }
