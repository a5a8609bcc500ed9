"""GET /healthz (the process is alive) and GET /readyz (the index is loaded and its store answers)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from rag.api import deps
from rag.api.errors import ErrorBody
from rag.api.models import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness: the server process answers")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness: the index is loaded and the Chroma store is reachable",
    responses={503: {"model": ErrorBody, "description": "Not ready; the message says why."}},
)
async def readyz(engines: deps.HolderDep) -> Readiness:
    engine = await run_in_threadpool(engines.check_ready)
    paragraphs = sum(int(d["paragraphs"]) for d in engine.documents.values())  # counted as GET /api/documents does
    return Readiness(status="ready", documents=len(engine.documents), paragraphs=paragraphs)
