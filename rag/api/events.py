"""Server-Sent Events for POST /api/ask/stream.

Events, in order:
  delta   {"text": "..."}            the answer text in pieces (a word and its following space each); joined,
                                     they are exactly the final answer, markers [n] included
  answer  <the answer contract>       the full answer as POST /api/ask returns it: citations, outcome
                                     (answer / not_stated / out_of_scope) and related passages included
  done    {}                          the end of the stream

The question is checked and the paragraphs retrieved before the stream opens: a bad question or an unreachable
store is an ordinary JSON error with its status code, never a half-sent stream. The extractive generator then
writes its answer at once; an LLM generator's statements arrive as each passes the citation check.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

from rag.contract import Answer

MEDIA_TYPE = "text/event-stream"
# Keep intermediaries (nginx) from buffering the stream.
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
_PIECE = re.compile(r"\s*\S+\s*|\s+")


def pieces(text: str) -> list[str]:
    """The text as word-sized deltas whose concatenation is exactly `text`."""
    return _PIECE.findall(text)


def sse(data: Any, event: str | None = None) -> str:
    """One SSE message. JSON never contains a raw newline, so `data` is always a single line."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {event}\ndata: {payload}\n\n" if event else f"data: {payload}\n\n"


async def answer_events(items: AsyncIterator[str | Answer]) -> AsyncIterator[str]:
    async for item in items:
        if isinstance(item, Answer):
            yield sse(item.model_dump(), "answer")
            break
        for piece in pieces(item):
            yield sse({"text": piece}, "delta")
    yield sse({}, "done")
