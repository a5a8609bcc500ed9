"""OpenAI-compatible chat completions over Engine.ask, so any OpenAI client can use procqa (model "procqa").

The message list is the conversation: the last user message is the question, earlier user and assistant
messages are the history, system and developer messages are ignored (procqa has no prompt to steer). The
reply's content is the answer with its markers [n] and a rendered sources list; when the proceedings do not say
(outcome "not_stated"), the answer is followed by the closest passages instead, marked as not an answer. The
structured contract rides in extra top-level fields, "citations", "abstained", "outcome" and "related" (in the
last chunk when streaming).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from rag.api.errors import ApiError
from rag.api.events import pieces, sse
from rag.contract import Answer, Citation, Evidence, Outcome, StreamItem
from rag.text import count_tokens
from rag.validation import check_text

MODEL_ID = "procqa"
SOURCES_HEADING = "\n\nSources:\n"
RELATED_HEADING = "\n\nRelated passages (not an answer):\n"


class TextPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Literal["text"]
    text: StrictStr


class ChatMessage(BaseModel):
    # Extra keys (name, refusal, tool_calls: None, ...) are ignored: clients echo whole reply messages back.
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant"]
    content: StrictStr | list[TextPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content)
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = False


class ChatRequest(BaseModel):
    """OpenAI's chat request. Sampling options are accepted and have no effect: answers are extractive and
    deterministic. Options procqa cannot honour (tools, n > 1, ...) are refused rather than ignored."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"model": MODEL_ID, "messages": [{"role": "user", "content": "Who is..."}]}]},
    )

    model: StrictStr = Field(description=f"Must be {MODEL_ID!r} (GET /v1/models).")
    messages: list[ChatMessage] = Field(min_length=1, description="The conversation; the last one is the question.")
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: Literal[1] | None = Field(None, description="Only 1 is supported.")
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None
    stop: str | list[str] | None = None
    user: str | None = None


class ReplyMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: ReplyMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[Choice]
    usage: Usage
    citations: list[Citation] = Field(description="procqa extension: the paragraphs behind the markers [n].")
    abstained: bool = Field(description="procqa extension: true when the proceedings do not answer.")
    outcome: Outcome = Field(
        description="procqa extension: answer (asserted and cited), not_stated (the proceedings do not say; "
        "`related` lists the closest passages) or out_of_scope (nothing related)."
    )
    related: list[Citation] = Field(
        description="procqa extension: with outcome not_stated, the closest passages, shown but not asserted."
    )


class Model(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "procqa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Model]


def models() -> ModelList:
    return ModelList(data=[Model(id=MODEL_ID, created=0)])


def conversation(request: ChatRequest) -> tuple[str, list[dict[str, str]]]:
    """(question, history) for Engine.ask. Checking the question and history limits stays with the engine; text
    that is no text (rag/text.not_text) is refused here first, so the message says which message holds it."""
    if request.model != MODEL_ID:
        raise ApiError(404, "model_not_found", f"Unknown model {request.model!r}; this server serves {MODEL_ID!r}.")
    for i, message in enumerate(request.messages):  # named as the client sent them, system messages included
        check_text(message.text(), f"messages[{i}].content")
    turns = [{"role": m.role, "content": m.text()} for m in request.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1]["role"] != "user":
        raise ApiError(422, "invalid_request", "The last user or assistant message must be the user's question.")
    history = [
        {"role": t["role"], "content": strip_sources(t["content"]) if t["role"] == "assistant" else t["content"]}
        for t in turns[:-1]
    ]
    return turns[-1]["content"], history


def _quote(citation: Citation) -> str:
    return " … ".join(line.strip() for line in citation.quote.splitlines() if line.strip())


def render(answer: Answer) -> str:
    """The answer with its markers, then one line per source: "[n] label: "quote"". When the proceedings do not
    say, the related passages instead, one line each without a marker ("- label: "quote""), under a heading
    saying they are not an answer. Nothing more for any other abstention."""
    if answer.citations:
        lines = [f'[{c.n}] {c.label}: "{_quote(c)}"' for c in answer.citations]
        return answer.answer + SOURCES_HEADING + "\n".join(lines)
    if answer.outcome == "not_stated" and answer.related:
        lines = [f'- {c.label}: "{_quote(c)}"' for c in answer.related]
        return answer.answer + RELATED_HEADING + "\n".join(lines)
    return answer.answer


def strip_sources(content: str) -> str:
    """An earlier reply without its sources or related list: follow-ups resolve against the answer, not the
    quotes."""
    for heading in (SOURCES_HEADING, RELATED_HEADING):
        content = content.split(heading, 1)[0]
    return content


def _usage(request: ChatRequest, content: str) -> Usage:
    prompt = sum(count_tokens(m.text()) for m in request.messages)
    completion = count_tokens(content)
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


def completion(request: ChatRequest, answer: Answer) -> ChatCompletion:
    content = render(answer)
    return ChatCompletion(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        created=int(time.time()),
        choices=[Choice(message=ReplyMessage(content=content))],
        usage=_usage(request, content),
        citations=answer.citations,
        abstained=answer.abstained,
        outcome=answer.outcome,
        related=answer.related,
    )


async def completion_chunks(request: ChatRequest, items: AsyncIterator[StreamItem]) -> AsyncIterator[bytes]:
    """chat.completion.chunk events: the role, the content in word-sized deltas as the answer is written, its
    sources (or related passages) list, a last chunk with finish_reason "stop" and the procqa extensions
    (citations, abstained, outcome, related), the usage when asked for (stream_options), then [DONE]."""
    head: dict[str, Any] = {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": MODEL_ID,
    }

    def chunk(delta: dict[str, str], finish: str | None = None, **extra: Any) -> bytes:
        return sse({**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})

    yield chunk({"role": "assistant", "content": ""})
    answer: Answer | None = None
    async for item in items:
        if isinstance(item, Answer):
            answer = item
            break
        if isinstance(item, Evidence):
            continue  # OpenAI's chunks have no place for it: clients read the answer, which follows
        for piece in pieces(item):
            yield chunk({"content": piece})
    assert answer is not None
    content = render(answer)
    sources = content[len(answer.answer) :]
    if sources:
        yield chunk({"content": sources})
    yield chunk(
        {},
        "stop",
        citations=[c.model_dump() for c in answer.citations],
        abstained=answer.abstained,
        outcome=answer.outcome,
        related=[c.model_dump() for c in answer.related],
    )
    if request.stream_options and request.stream_options.include_usage:
        yield sse({**head, "choices": [], "usage": _usage(request, content).model_dump()})
    yield sse("[DONE]")
