"""Server-Sent Events for POST /api/ask/stream.

Events, in order:
  evidence {outcome, answer, citations, related}
                                     what the proceedings say, read by the extractive reader before any model
                                     writes (tens of milliseconds after retrieval): its outcome (answer /
                                     not_stated / out_of_scope), its answer text with markers [n] into its own
                                     citations, and, when not_stated, the related passages. Always sent, and
                                     always first. Without an LLM generator it is already the answer; with one it
                                     is what to show while the model writes, and the `answer` event replaces it
  delta   {"text": "..."}            the answer text in pieces (a word and its following space each); joined,
                                     they are exactly the final answer, markers [n] included
  answer  <the answer contract>       the full answer as POST /api/ask returns it: citations, outcome
                                     (answer / not_stated / out_of_scope) and related passages included
  done    {}                          the end of the stream

The question is checked, the paragraphs retrieved and read before the stream opens: a bad question or an
unreachable store is an ordinary JSON error with its status code, never a half-sent stream. The extractive
generator then writes its answer at once; an LLM generator's statements arrive as each passes the citation check
(when the evidence is out_of_scope the model is not asked and the deltas repeat the evidence's answer).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

from fastapi.sse import EventSourceResponse, format_sse_event

from rag.contract import Answer, Evidence, StreamItem

# FastAPI's SSE support (fastapi.sse) writes the wire format here, and its response class carries the media type.
# Its other half, a path operation that yields events (response_class=EventSourceResponse), is not used: the
# stream would open before the question is checked and the paragraphs retrieved, so a bad question could no
# longer be a plain JSON error with its status; and /v1/chat/completions streams or not by a field of its body.
MEDIA_TYPE = EventSourceResponse.media_type
# Keep intermediaries (nginx) from buffering the stream.
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
_PIECE = re.compile(r"\s*\S+\s*|\s+")


def pieces(text: str) -> list[str]:
    """The text as word-sized deltas whose concatenation is exactly `text`."""
    return _PIECE.findall(text)


def sse(data: Any, event: str | None = None) -> bytes:
    """One SSE message: `data` as compact UTF-8 JSON (a str as it is, e.g. OpenAI's `[DONE]`)."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_sse_event(data_str=payload, event=event)


def event_stream(events: AsyncIterator[bytes]) -> EventSourceResponse:
    return EventSourceResponse(events, headers=STREAM_HEADERS)


async def answer_events(items: AsyncIterator[StreamItem]) -> AsyncIterator[bytes]:
    async for item in items:
        if isinstance(item, Evidence):
            yield sse(item.model_dump(), "evidence")
            continue
        if isinstance(item, Answer):
            yield sse(item.model_dump(), "answer")
            break
        for piece in pieces(item):
            yield sse({"text": piece}, "delta")
    yield sse({}, "done")
