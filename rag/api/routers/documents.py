"""GET /api/documents, DELETE /api/documents/{id} and GET /api/paragraphs/{id}."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Path, Query, UploadFile
from starlette.concurrency import run_in_threadpool

from rag.api import deps
from rag.api.errors import ERROR_RESPONSES, ApiError, ErrorBody
from rag.api.models import Document, DocumentList, Paragraph, ParagraphInContext
from rag.api.runtime import removal_refused
from rag.errors import SourceError

router = APIRouter(prefix="/api", tags=["documents"], responses=ERROR_RESPONSES)
log = logging.getLogger("procqa.api")


@router.get("/documents", response_model=DocumentList, summary="The indexed documents")
async def documents(engine: deps.EngineDep) -> DocumentList:
    return DocumentList(documents=[Document.model_validate(d) for d in engine.documents.values()])


@router.post(
    "/documents",
    response_model=DocumentList,
    status_code=201,
    summary="Add a document: upload a source file",
    description="Multipart upload (field `file`) of a PDF, DOCX, HTML, Markdown or text file. It is saved into "
    "the sources folder under its file name and the folder re-indexed; answers every indexed document.",
    responses={
        409: {"model": ErrorBody, "description": "A file of this name, or this document, is already there."},
    },
)
async def upload_document(file: UploadFile, holder: deps.HolderDep) -> DocumentList:
    from rag.documents import DocumentExistsError

    # The body streamed once, into Starlette's temporary file (spooled to disk past 1 MB), while the body-limit
    # middleware counted it; from there it is copied in chunks to its staged name in the sources folder.
    file.file.seek(0)
    try:
        await run_in_threadpool(holder.add_document, file.filename or "", file.file)
    except DocumentExistsError as exc:
        raise ApiError(409, "conflict", str(exc)) from None
    except SourceError as exc:  # messages name the uploaded file only, never a server path
        raise ApiError(422, "invalid_document", str(exc)) from None
    current = await holder.engine_async()
    return DocumentList(documents=[Document.model_validate(d) for d in current.documents.values()])


@router.delete(
    "/documents/{document_id:path}",
    response_model=DocumentList,
    summary="Remove a document: its source file and its paragraphs",
    description="Deletes the document's source file from the sources folder and re-indexes the folder; answers "
    "the documents that remain. Percent-encode the id (`14888%2F18`) or send it as is (`14888/18`).",
    responses={
        404: {"model": ErrorBody, "description": "No indexed document has this id."},
        409: {"model": ErrorBody, "description": "The document cannot be removed (the last one, or its source "
              "is not in the sources folder)."},
    },
)  # fmt: skip
async def delete_document(
    document_id: Annotated[str, Path(description="A document id, e.g. '9278/18'.")],
    holder: deps.HolderDep,
    engine: deps.EngineDep,
) -> DocumentList:
    if document_id not in engine.documents:
        raise ApiError(404, "not_found", f"No document {document_id!r}. GET /api/documents lists them.")
    try:
        await run_in_threadpool(holder.remove_document, document_id)
    except SourceError as exc:
        log.warning("DELETE /api/documents/%s refused: %s", document_id, exc)  # the message names server paths
        raise ApiError(409, "conflict", removal_refused(document_id, exc)) from None
    current = await holder.engine_async()
    return DocumentList(documents=[Document.model_validate(d) for d in current.documents.values()])


@router.get(
    "/paragraphs/{paragraph_id:path}",
    response_model=ParagraphInContext,
    summary="One paragraph with its neighbours",
    description="Ids contain '/', '¶' and a space: percent-encode them (`9278%2F18%20%C2%B64`) or send them "
    "with only the space and '¶' encoded (`9278/18%20%C2%B64`); both work.",
    responses={404: {"model": ErrorBody, "description": "No paragraph has this id."}},
)
async def paragraph(
    paragraph_id: Annotated[str, Path(description="A paragraph id, e.g. '9278/18 ¶4'.")],
    engine: deps.EngineDep,
    radius: Annotated[int, Query(ge=0, le=10, description="Neighbours to include on each side.")] = 1,
) -> ParagraphInContext:
    found = engine.paragraph(paragraph_id)
    if found is None:
        raise ApiError(404, "not_found", f"No paragraph {paragraph_id!r}. Ids look like '9278/18 ¶4'.")
    neighbours = [Paragraph.of(p) for p in engine.neighbours(paragraph_id, radius)]
    return ParagraphInContext(**Paragraph.of(found).model_dump(), neighbours=neighbours)
