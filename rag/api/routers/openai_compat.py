"""OpenAI-compatible endpoints: GET /v1/models and POST /v1/chat/completions (plain and streamed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.sse import EventSourceResponse

from rag.api import chat_completions as chat
from rag.api import deps
from rag.api.errors import ERROR_RESPONSES, ErrorBody
from rag.api.events import MEDIA_TYPE, event_stream

router = APIRouter(prefix="/v1", tags=["openai"], responses=ERROR_RESPONSES)


@router.get("/models", response_model=chat.ModelList, summary="The one model: procqa")
async def models() -> chat.ModelList:
    return chat.models()


@router.post(
    "/chat/completions",
    response_model=chat.ChatCompletion,
    summary="Chat completion (OpenAI-compatible), plain or streamed",
    description="With `stream: true` the reply is `chat.completion.chunk` events ending with `data: [DONE]`.",
    responses={
        200: {"content": {MEDIA_TYPE: {}}, "description": "A chat.completion, or its chunks when streaming."},
        404: {"model": ErrorBody, "description": "Unknown model."},
    },
)
async def chat_completions(
    request: chat.ChatRequest, engines: deps.HolderDep
) -> chat.ChatCompletion | EventSourceResponse:
    question, history = chat.conversation(request)
    if request.stream:
        items = await engines.stream(question, history)
        return event_stream(chat.completion_chunks(request, items))
    return chat.completion(request, await engines.ask(question, history))
