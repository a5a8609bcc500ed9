"""The indexed documents: listing them, adding one (an upload) and removing one, each followed by a re-index.

The index mirrors the sources folder, so removing a document means deleting its source file there and indexing
the folder again. A document id is only ever looked up among the indexed documents, never used as a path, and
the file it names must lie inside the sources folder: no id can reach a file outside it.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path, PureWindowsPath
from typing import IO, Any

from rag.errors import SourceError
from rag.ingest import IndexReport, build_index, read_source
from rag.locking import index_lock
from rag.readers import SUPPORTED_SUFFIXES
from rag.settings import Settings
from rag.store import IndexStore, store_errors
from rag.text import not_text


class LastDocumentError(SourceError):
    """Removing this document would leave nothing to index."""


class DocumentExistsError(SourceError):
    """An upload would replace a file or a document that is already there."""


def list_documents(settings: Settings) -> list[dict[str, Any]]:
    """The served index's documents (id, source file, title, metadata, paragraph count)."""
    with store_errors(settings):
        return list(IndexStore(settings).current().manifest.get("documents", []))


def source_file(settings: Settings, document_id: str) -> Path:
    """The file in the sources folder that document `document_id` was indexed from."""
    documents = {d["id"]: d for d in list_documents(settings)}
    if document_id not in documents:
        known = ", ".join(documents) or "none"
        raise SourceError(f"No indexed document {document_id!r}. Indexed: {known}.")
    folder = settings.sources.resolve()
    name = str(documents[document_id]["source"])
    # The manifest records the file name; the file may sit in a subfolder of the sources folder.
    matches = [p for p in folder.rglob("*") if p.name == name and p.is_file()]
    matches = [p for p in matches if p.resolve().is_relative_to(folder)]
    if len(matches) != 1:
        where = "is not in" if not matches else "is ambiguous in"
        raise SourceError(f"Document {document_id}: its source {name!r} {where} the sources folder {folder}.")
    return matches[0]


def remove_document(settings: Settings, document_id: str) -> IndexReport:
    """Delete the document's source file from the sources folder and re-index the folder. Under the index lock
    from the check to the publish, so a concurrent change (another worker) sees this one's outcome."""
    with index_lock(settings):
        path = source_file(settings, document_id)
        if len(list_documents(settings)) == 1:
            raise LastDocumentError(
                f"Document {document_id} is the only indexed document; an index needs at least one."
            )
        path.unlink()
        return build_index(settings)


def add_document(settings: Settings, filename: str, content: bytes | IO[bytes]) -> tuple[str, IndexReport]:
    """Save an uploaded file (its bytes, or a file to copy from in chunks, so an upload is never held in memory)
    into the sources folder and re-index. The file is checked (it must parse into a document that is not indexed
    yet) before it takes its name there; returns the new document's id."""
    problem = not_text(filename)
    if problem:  # refused, not repaired: the name is the sender's to fix (rag/text.not_text says why)
        raise SourceError(f"{filename!r}: the file name contains {problem}; rename the file.")
    name = PureWindowsPath(filename).name  # the last part, whichever separator a client used
    if not name or name != filename or name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        raise SourceError(f"{filename!r}: give a plain file name (no folders, not hidden) ending in one of {kinds}.")
    # Under the index lock from the name check to the publish: two uploads (two API workers) cannot both pass
    # the checks, and each build sees the other's file.
    with index_lock(settings):
        folder = settings.sources
        target = folder / name
        if target.exists():
            raise DocumentExistsError(f"{name}: a source file of this name exists; remove that document first.")
        # Checked under its own name (a document without a Council header takes its id from the file name) in a
        # hidden folder, which no index build reads.
        staging = folder / f".upload-{uuid.uuid4().hex}"
        staged = staging / name
        staging.mkdir(parents=True)
        try:
            with staged.open("xb") as out:
                if isinstance(content, bytes):
                    out.write(content)
                else:
                    shutil.copyfileobj(content, out)
            try:
                document = read_source(staged, settings)
            except SourceError as exc:
                raise SourceError(str(exc).replace(str(staged), name)) from None
            if document.id in {d["id"] for d in list_documents(settings)}:
                raise DocumentExistsError(f"{name}: document {document.id} is already indexed; remove it first.")
            staged.rename(target)
        finally:
            staged.unlink(missing_ok=True)
            staging.rmdir()
        return document.id, build_index(settings)
