"""Server-Sent Events for POST /api/ask/stream.

Events, in order:
  delta   {"text": "..."}            the answer text in pieces (a word and its following space each); joined,
                                     they are exactly the final answer, markers [n] included
  answer  <the answer contract>       the full answer with its citations, as POST /api/ask returns it
  done    {}                          the end of the stream

The extractive generator composes the whole answer at once (in milliseconds), so the question is answered
before the stream opens: a bad question or an unreachable store is an ordinary JSON error with its status
code, never a half-sent stream.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
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


def answer_events(answer: Answer) -> Iterator[str]:
    for piece in pieces(answer.answer):
        yield sse({"text": piece}, "delta")
    yield sse(answer.model_dump(), "answer")
    yield sse({}, "done")
