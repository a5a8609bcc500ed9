"""What an engine derives from a generation's chunks, computed once when the generation is built and stored next
to it, so a start reads files instead of recomputing: the BM25 index and the corpus's term rarity (re-stemming
the whole corpus twice was about 10 s of a 15-24 s cold start at 10k paragraphs), the chunk nodes themselves
(reading them back from Chroma and parsing each one's JSON was the largest cost left), each document's meeting
facts, the reader's vocabulary, and the vectors the reader embeds from the corpus (the vocabulary's words, the
fact statements, the fact fields' descriptions), which the first question used to embed: about 1.4 s of CPU on
the bundled one-document corpus, and one model pass per corpus word at scale.

The vectors are computed with the model the engine answers with (rag/components.embedding), in the very calls
the engine would make, so they are the same numbers; a store built with another model, tokenizer or batch size
is stale. Stored files are also stale when the code that computes them changes (a hash of those modules' source).

A generation never changes once published, so its derived files are keyed by its name. They are only a cache:
absent (a store built before them, a Chroma server's generation built on another machine), of another format, or
not matching the generation's chunks, they are ignored and rebuilt from the chunks, and written for the next start
when the folder is writable. With a Chroma server they live beside the local store setting (`derived-server/`),
written by the builds this machine makes (100k paragraphs: a start derived everything again, about 25 s).
Written to a temporary folder and renamed, so a crash mid-write leaves nothing that looks complete.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import importlib.util
import io
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from llama_index.core.schema import BaseNode, MetadataMode, TextNode

from rag.corpus import CorpusStats
from rag.meeting import FIELD_QUESTIONS, Fact, MeetingFacts
from rag.reader.vocabulary import Vocabulary
from rag.records import (
    ParagraphView,
    by_document,
    document_record,
    fact_statements,
    paragraphs_in_order,
    paragraphs_of,
)
from rag.settings import Settings

FORMAT = 3  # raise when what is stored changes: older files are then rebuilt
_META = "derived.json"
_NODES = "nodes.json"
_BM25 = "bm25"
_VOCABULARY = "vocabulary.npy"
_FIELDS = "fields.npy"
_FACTS = "facts.npy"
_FOLDER = "derived"
_SERVER_FOLDER = "derived-server"
_PAGE = 5000  # ids per Chroma read (one read of ~100k fails: "too many SQL variables")
# The code that computes what is stored: a change to any of these modules makes stored files stale.
_SOURCES = (
    "rag.derived",
    "rag.corpus",
    "rag.text",
    "rag.meeting",
    "rag.records",
    "rag.reader.vocabulary",
    "rag.reader.gazetteer",
)

Embed = Callable[[list[str]], np.ndarray]
Documents = Mapping[str, Mapping[str, Any]]  # document id -> its metadata (the manifest's)


@dataclass
class Vectors:
    """What the reader embeds from the corpus, embedded ahead of the first question."""

    vocabulary: np.ndarray  # one row per vocabulary word
    fields: np.ndarray  # one row per FIELD_QUESTIONS entry, in its order
    facts: dict[str, np.ndarray]  # document -> one row per fact statement (records.fact_statements)
    fact_keys: dict[str, str]  # document -> statements_key of its statements: a later build reuses the vectors


@dataclass
class Derived:
    bm25: bm25s.BM25 | None  # None when the index has no chunks
    order: list[str]  # node ids in BM25 corpus order
    stats: CorpusStats
    nodes: Sequence[BaseNode]  # the chunk nodes, in `order` (StoredNodes when read from the files)
    paragraphs: dict[str, ParagraphView]  # paragraphs_in_order(nodes)
    meetings: dict[str, MeetingFacts]  # document -> its meeting facts
    vocabulary: Vocabulary
    vectors: Vectors | None  # None: not embedded (a Chroma server's engine embeds them as questions need them)


def folder(settings: Settings) -> Path:
    """Where generations' derived files are written: in the embedded store's folder; for a Chroma server, in a
    folder of their own beside it on this machine (the server may be on another machine, so they are a local
    cache of what this machine built, checked against the server's chunks like any other)."""
    return settings.store / (_SERVER_FOLDER if settings.chroma_url else _FOLDER)


def _read_from(settings: Settings) -> list[Path]:
    """Where a generation's derived files may be found: a Chroma server also serves generations this machine
    built into its embedded store (a folder later put behind `chroma run`); generation names are unique."""
    return [folder(settings), settings.store / _FOLDER] if settings.chroma_url else [folder(settings)]


def bm25_index(nodes: Sequence[BaseNode]) -> bm25s.BM25 | None:
    """The BM25 index over the nodes' embedded text, tokenised exactly as llama-index's BM25Retriever does."""
    if not nodes:
        return None
    import Stemmer

    tokens = bm25s.tokenize(
        [node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes],
        stopwords="en",
        stemmer=Stemmer.Stemmer("english"),
        token_pattern=r"(?u)\b\w\w+\b",
        show_progress=False,
    )
    index = bm25s.BM25()
    index.index(tokens, show_progress=False)
    return index


def field_vectors(embed: Embed) -> np.ndarray:
    """Each fact field's description (rag/meeting.py FIELD_QUESTIONS) embedded, in its order."""
    return np.asarray(embed(list(FIELD_QUESTIONS.values())), dtype=np.float32)


def fact_vectors(statements: Sequence[tuple[str, ...]], embed: Embed) -> np.ndarray:
    """The vectors of a document's fact statements (records.fact_statements), one call for the document."""
    if not statements:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(embed([s[0] for s in statements]), dtype=np.float32)


def statements_key(statements: Sequence[tuple[str, ...]]) -> str:
    """Names the texts one fact_vectors call embeds: the same texts in one call give the same vectors."""
    return hashlib.sha256(json.dumps([s[0] for s in statements]).encode()).hexdigest()[:32]


def _unembedded(texts: list[str]) -> np.ndarray:
    raise RuntimeError("no embedding model was given")


def derive(
    nodes: Sequence[BaseNode],
    documents: Documents | None = None,
    embed: Embed | None = None,
    *,
    vectors: bool = True,
    reuse: Mapping[str, np.ndarray] | None = None,
) -> Derived:
    """Everything derived from `nodes` (and the documents' metadata); the vectors when `embed` is given and
    `vectors` (without them, the vocabulary embeds its words with `embed` when first asked). `reuse`: fact
    vectors by statements_key, from the generation before (a build embeds only the documents that changed)."""
    documents = documents or {}
    views = paragraphs_in_order(list(nodes))
    records = {doc: document_record(doc, documents.get(doc, {}), own) for doc, own in by_document(views).items()}
    vocabulary = Vocabulary((view.text for view in views.values()), embed or _unembedded)
    embedded = None
    if embed is not None and vectors:
        facts, keys = {}, {}
        for doc, record in records.items():
            statements = fact_statements(record, views)
            keys[doc] = statements_key(statements)
            known = (reuse or {}).get(keys[doc])
            facts[doc] = known if known is not None else fact_vectors(statements, embed)
        embedded = Vectors(vocabulary.matrix(), field_vectors(embed), facts, keys)
    stats = CorpusStats.from_texts(f"{view.section} {view.text}" for view in views.values())
    return Derived(
        bm25_index(nodes),
        [n.node_id for n in nodes],
        stats,
        list(nodes),
        views,
        {doc: record.meeting for doc, record in records.items()},
        vocabulary,
        embedded,
    )


def embedder_key(settings: Settings) -> str:
    """Names the model, tokenizer and batch size the vectors are computed with (a batch pads its texts together,
    and the int8 model quantises a batch as a whole, so the batch size matters to the last bit)."""
    parts = []
    for path, default in (
        (settings.embedding_model_path, "packaged model"),
        (settings.embedding_tokenizer_path, "packaged tokenizer"),
    ):
        if path is None:
            parts.append(default)
        else:
            try:
                stat = Path(path).stat()
                parts.append(f"{Path(path).resolve()} {stat.st_size} {stat.st_mtime_ns}")
            except OSError:
                parts.append(f"{path} missing")
    from rag.embeddings import MODEL_SHA256, TOKENIZER_SHA256

    return " | ".join([*parts, MODEL_SHA256, TOKENIZER_SHA256, f"batch {settings.embed_batch_size}"])


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the source of the modules that compute what is stored."""
    digest = hashlib.sha256()
    for name in _SOURCES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        digest.update(Path(origin).read_bytes() if origin else name.encode())
    return digest.hexdigest()[:16]


def _meeting_json(meeting: MeetingFacts) -> dict[str, Any]:
    found = dataclasses.asdict(meeting)
    found["start"] = meeting.start.isoformat() if meeting.start else None
    found["end"] = meeting.end.isoformat() if meeting.end else None
    return found


def _meeting(found: dict[str, Any]) -> MeetingFacts:
    day = datetime.date.fromisoformat
    return MeetingFacts(
        **{
            **found,
            "start": day(found["start"]) if found["start"] else None,
            "end": day(found["end"]) if found["end"] else None,
            "facts": tuple(Fact(**fact) for fact in found["facts"]),
        }
    )


_OWN_FIELDS = ("id_", "text", "metadata")


def _nodes_json(nodes: Sequence[BaseNode]) -> dict[str, Any] | None:
    """The nodes as rows of their fields, the fields every node has alike stored once; None when some node is
    not a plain TextNode (it is then read from Chroma)."""
    if not all(type(node) is TextNode and not node.relationships for node in nodes):
        return None
    rows = [node.model_dump(exclude={"class_name"}) for node in nodes]
    shared = {
        key: value
        for key, value in (rows[0].items() if rows else ())
        if key not in _OWN_FIELDS and all(row[key] == value for row in rows)
    }
    return {"shared": shared, "rows": [{k: v for k, v in row.items() if k not in shared} for row in rows]}


class StoredNodes(Sequence[BaseNode]):
    """The chunk nodes as stored, each made into a TextNode when first wanted (a hit), not all at start: what
    a start needs of them (ids, metadata, text) is read from the rows. Model-constructed, not validated: the rows
    are what model_dump wrote of valid nodes (plain values, no relationships); each node gets its own copy of a
    shared list, as a parsed node has."""

    def __init__(self, shared: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        self._shared = shared
        self._lists = [key for key, value in shared.items() if isinstance(value, list)]
        self._rows = rows
        self._made: list[BaseNode | None] = [None] * len(rows)
        self._at: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        made = self._made[i]
        if made is None:
            copies = {key: list(self._shared[key]) for key in self._lists}
            # Two threads may make the same node at once: either copy is the same node.
            made = self._made[i] = TextNode.model_construct(**{**self._shared, **copies}, **self._rows[i])
        return made

    def get(self, node_id: str) -> BaseNode | None:
        if self._at is None:
            self._at = {row["id_"]: i for i, row in enumerate(self._rows)}
        at = self._at.get(node_id)
        return None if at is None else self[at]

    def ids(self) -> list[str]:
        return [row["id_"] for row in self._rows]

    def metadata(self) -> list[dict[str, Any]]:
        return [row["metadata"] for row in self._rows]

    def chunks(self) -> list[tuple[dict[str, Any], str]]:
        """Each node's (metadata, text)."""
        return [(row["metadata"], row["text"]) for row in self._rows]


def _nodes(found: dict[str, Any]) -> StoredNodes:
    rows = found["rows"]
    if not all(isinstance(row["id_"], str) and isinstance(row["metadata"], dict) for row in rows):
        raise ValueError("not node rows")
    return StoredNodes(found["shared"], rows)


def chunk_ids(collection: Any) -> list[str]:
    """The ids of a generation's chunks (ids only: a fraction of the cost of reading the chunks)."""
    ids: list[str] = []
    while True:
        got = collection.get(include=[], limit=_PAGE, offset=len(ids))
        ids += got["ids"]
        if len(got["ids"]) < _PAGE:
            return ids


def save(settings: Settings, generation: str, derived: Derived) -> None:
    """Write `derived` for `generation` (atomically: a temporary folder renamed into place)."""
    root = folder(settings)
    if settings.chroma_url:
        # Only a cache beside a server's index: a folder this machine cannot write costs later starts time,
        # never the build.
        with contextlib.suppress(OSError):
            _write(settings, root, generation, derived)
        return
    _write(settings, root, generation, derived)


def _write(settings: Settings, root: Path, generation: str, derived: Derived) -> None:
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".tmp-{generation}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        if derived.bm25 is not None:
            derived.bm25.save(str(staging / _BM25), show_progress=False)
        nodes = _nodes_json(derived.nodes)
        if nodes is not None:
            (staging / _NODES).write_text(json.dumps(nodes))
        facts: dict[str, tuple[int, int, str]] = {}
        if derived.vectors is not None:
            _save_array(staging / _VOCABULARY, derived.vectors.vocabulary)
            _save_array(staging / _FIELDS, derived.vectors.fields)
            at = 0
            for doc, vectors in derived.vectors.facts.items():
                facts[doc] = (at, at + len(vectors), derived.vectors.fact_keys[doc])
                at += len(vectors)
            every = [v for v in derived.vectors.facts.values() if len(v)]
            _save_array(staging / _FACTS, np.concatenate(every) if every else np.zeros((0, 384), dtype=np.float32))
        meta = {
            "format": FORMAT,
            "code": code_version(),
            "generation": generation,
            "bm25s": bm25s.__version__,
            "embedding": embedder_key(settings) if derived.vectors is not None else None,
            "order": derived.order,
            "idf": derived.stats.idf,
            "default_idf": derived.stats.default_idf,
            "spelled": derived.stats.spelled,
            "meetings": {doc: _meeting_json(meeting) for doc, meeting in derived.meetings.items()},
            "words": derived.vocabulary.words,
            "stems": derived.vocabulary.stems,
            "facts": facts,
        }
        (staging / _META).write_text(json.dumps(meta))
        try:
            os.rename(staging, root / generation)
        except OSError:  # already there (another process wrote it first): theirs is as good
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _save_array(path: Path, array: np.ndarray) -> None:
    # Through a Python write, not np.save's own: a full disk is then an OSError with its errno (ENOSPC), which
    # the store turns into its "disk is full" error; numpy's short write says only how many bytes it wrote.
    buffer = io.BytesIO()
    np.save(buffer, array)
    path.write_bytes(buffer.getbuffer())


def ids_digest(ids: Iterable[str]) -> str:
    """One digest of a generation's chunk ids, whatever their order: its manifest records it at build."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def load(
    settings: Settings, generation: str, ids: Sequence[str] | None, embed: Embed, *, digest: str | None = None
) -> Derived | None:
    """The stored derivation of `generation`, or None when it is absent, incomplete, damaged, of another format,
    code, model or bm25s version, or does not hold exactly the generation's chunks: `ids` (read from Chroma), or
    those whose ids_digest is `digest` (recorded in its manifest)."""
    for root in _read_from(settings):
        if (found := _load(settings, root / generation, generation, ids, embed, digest)) is not None:
            return found
    return None


def _load(
    settings: Settings, path: Path, generation: str, ids: Sequence[str] | None, embed: Embed, digest: str | None
) -> Derived | None:
    try:
        meta = json.loads((path / _META).read_text())
    except (OSError, ValueError):
        return None
    expected = {"format": FORMAT, "code": code_version(), "generation": generation, "bm25s": bm25s.__version__}
    if any(meta.get(key) != value for key, value in expected.items()) or meta.get("embedding") != embedder_key(
        settings
    ):
        return None
    order = meta.get("order", [])
    if digest is not None:
        if ids_digest(order) != digest:
            return None
    elif ids is None or len(order) != len(ids) or set(order) != set(ids):
        return None
    try:
        nodes = _nodes(json.loads((path / _NODES).read_text()))
        index = None
        if order:
            index = bm25s.BM25.load(str(path / _BM25), load_corpus=False)
            if int(index.scores.get("num_docs", -1)) != len(order):
                return None
        facts = np.load(path / _FACTS)
        vectors = Vectors(
            np.load(path / _VOCABULARY),
            np.load(path / _FIELDS),
            {doc: facts[first:stop] for doc, (first, stop, _) in meta["facts"].items()},
            {doc: key for doc, (_, _, key) in meta["facts"].items()},
        )
        meetings = {str(doc): _meeting(found) for doc, found in meta["meetings"].items()}
        words, stems = [str(w) for w in meta["words"]], [str(s) for s in meta["stems"]]
        idf = {str(k): float(v) for k, v in meta["idf"].items()}
        default_idf = float(meta["default_idf"])
        spelled = {str(k): str(v) for k, v in meta["spelled"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if nodes.ids() != order or not len(vectors.vocabulary) == len(words) == len(stems):
        return None
    if len(vectors.fields) != len(FIELD_QUESTIONS):
        return None
    views = paragraphs_of(nodes.chunks())
    texts = [f"{v.section} {v.text}" for v in views.values()]
    stats = CorpusStats(idf, default_idf, CorpusStats.joined(texts), spelled)
    return Derived(
        index, order, stats, nodes, views, meetings, Vocabulary.stored(words, stems, vectors.vocabulary, embed), vectors
    )


def reusable_facts(settings: Settings, generation: str) -> dict[str, np.ndarray]:
    """A generation's stored fact vectors by statements_key, when they were made as a build now would make them;
    else none."""
    root = folder(settings)
    try:
        meta = json.loads((root / generation / _META).read_text())
        if (meta.get("format"), meta.get("code"), meta.get("embedding")) != (
            FORMAT,
            code_version(),
            embedder_key(settings),
        ):
            return {}
        facts = np.load(root / generation / _FACTS)
        return {key: facts[first:stop] for first, stop, key in meta["facts"].values() if stop <= len(facts)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def load_or_derive(settings: Settings, generation: Any, documents: Documents, embed: Embed) -> tuple[Derived, bool]:
    """(derivation of the Generation, whether it was read from disk). With an embedded store, a rebuilt one is
    embedded at once and written for the next start, when it can be. With a Chroma server, the files this
    machine wrote when it built the generation are read when present; otherwise it is derived from the chunks
    and its vectors are left to the questions that need them (embedding the whole vocabulary at start costs more
    than it saves when nothing will be kept)."""
    # A build records its chunks' digest in the manifest: a start compares it instead of reading every id back from
    # Chroma (1.0 s of a 4.2 s load at 100k paragraphs). Generations built before that are checked id by id.
    digest = generation.manifest.get("chunk_ids_sha256")
    found = load(settings, generation.name, None if digest else chunk_ids(generation.chunks), embed, digest=digest)
    if found is not None:
        return found, True
    from rag.retrieval import load_nodes

    if settings.chroma_url:
        return derive(load_nodes(generation.chunks), documents, embed, vectors=False), False
    derived = derive(load_nodes(generation.chunks), documents, embed)
    with contextlib.suppress(OSError):  # a read-only store serves as well, only its starts stay slow
        discard(settings, generation.name)  # stale or damaged: replaced, not kept beside
        save(settings, generation.name, derived)
    return derived, False


def prune(settings: Settings, keep: set[str], prefix: str) -> None:
    """Drop the derived files of generations no longer kept (and staging folders of killed writers)."""
    root = folder(settings)
    if not root.is_dir():
        return
    for entry in root.iterdir():
        # A staging folder is named .tmp-<generation>-<random>.
        name = entry.name.removeprefix(".tmp-").rsplit("-", 1)[0] if entry.name.startswith(".tmp-") else entry.name
        if name.startswith(f"{prefix}-") and name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def discard(settings: Settings, generation: str) -> None:
    """Drop one generation's derived files (a build that failed after writing them)."""
    shutil.rmtree(folder(settings) / generation, ignore_errors=True)
