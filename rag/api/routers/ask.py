"""POST /api/ask and POST /api/ask/stream."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from fastapi.sse import EventSourceResponse

from rag.api import deps
from rag.api.errors import ERROR_RESPONSES
from rag.api.events import MEDIA_TYPE, answer_events, event_stream
from rag.api.models import AskRequest
from rag.api.runtime import EngineHolder
from rag.contract import Answer

router = APIRouter(prefix="/api", tags=["ask"], responses=ERROR_RESPONSES)


async def _answer(request: AskRequest, engines: EngineHolder) -> Answer:
    return await engines.ask(request.question, request.history, top_k=request.top_k, documents=request.documents)


@router.post("/ask", response_model=Answer, summary="Answer a question, citing a paragraph for every statement")
async def ask(request: AskRequest, engines: deps.HolderDep) -> Answer:
    return await _answer(request, engines)


@router.post(
    "/ask/stream",
    # Not EventSourceResponse here: as a route's response_class it switches FastAPI to generator endpoints
    # (rag/api/events.py says why not); the response returned is one.
    response_class=StreamingResponse,
    summary="Answer a question as Server-Sent Events",
    description="Events: `evidence` first (the extractive reading, made before any model writes: `outcome`, its "
    "`answer` text, `citations`, `related`; with an LLM generator, what to show until the model's answer replaces "
    "it), then `delta` {text} pieces of the answer as it is written (with an LLM generator, each "
    "statement once it has passed the citation check), then `answer` (the full answer contract, as POST /api/ask "
    "returns it: `outcome` and, when the proceedings do not say, the `related` passages included), then `done` {}. "
    "Errors in the question or the store are plain JSON responses, before any event; "
    "a failing LLM falls back to the extractive answer inside the stream.",
    responses={200: {"content": {MEDIA_TYPE: {}}, "description": "The event stream."}},
)
async def ask_stream(request: AskRequest, engines: deps.HolderDep) -> EventSourceResponse:
    items = await engines.stream(request.question, request.history, top_k=request.top_k, documents=request.documents)
    return event_stream(answer_events(items))
