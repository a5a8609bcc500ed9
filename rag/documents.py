"""The indexed documents: listing them, and removing one (its source file, then a re-index).

The index mirrors the sources folder, so removing a document means deleting its source file there and indexing
the folder again. A document id is only ever looked up among the indexed documents, never used as a path, and
the file it names must lie inside the sources folder: no id can reach a file outside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.errors import SourceError
from rag.ingest import IndexReport, build_index
from rag.settings import Settings
from rag.store import IndexStore, store_errors


class LastDocumentError(SourceError):
    """Removing this document would leave nothing to index."""


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
    """Delete the document's source file from the sources folder and re-index the folder."""
    path = source_file(settings, document_id)
    if len(list_documents(settings)) == 1:
        raise LastDocumentError(f"Document {document_id} is the only indexed document; an index needs at least one.")
    path.unlink()
    return build_index(settings)
