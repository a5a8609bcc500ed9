"""GET /api/documents and GET /api/paragraphs/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from rag.api import deps
from rag.api.errors import ERROR_RESPONSES, ApiError, ErrorBody
from rag.api.models import Document, DocumentList, Paragraph, ParagraphInContext

router = APIRouter(prefix="/api", tags=["documents"], responses=ERROR_RESPONSES)


@router.get("/documents", response_model=DocumentList, summary="The indexed documents")
async def documents(engine: deps.EngineDep) -> DocumentList:
    return DocumentList(documents=[Document.model_validate(d) for d in engine.documents.values()])


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
