"""Who answers the eval questions: the library in-process, or a running procqa server over HTTP.

Both return the answer contract (rag.contract.Answer), so scoring never knows which one it talks to. Only the
in-process client can also show the retrieval ranking (the API returns citations, not the ranking), so
retrieval metrics are reported for in-process runs only.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from rag.contract import Answer

History = list[dict[str, str]]


class Client(Protocol):
    def ask(self, question: str, history: History) -> Answer: ...

    def ranking(self, question: str, history: History, depth: int) -> list[str] | None:
        """Paragraph ids, best first, as retrieval ranks them for this question (None if not observable)."""
        ...


class InProcessClient:
    def __init__(self, engine: Any) -> None:
        self.engine = engine  # rag.engine.Engine; typed loosely so importing evals stays cheap

    def ask(self, question: str, history: History) -> Answer:
        return self.engine.ask(question, history or None)

    def ranking(self, question: str, history: History, depth: int) -> list[str]:
        # A long paragraph may be split into several chunks: rank paragraphs by their best chunk, and ask for
        # more chunks than paragraphs wanted so that `depth` distinct paragraphs are usually there.
        hits = self.engine.retrieve(question, history or None, top_k=min(50, depth * 2))
        ordered = dict.fromkeys(hit.node.metadata["paragraph_id"] for hit in hits)
        return list(ordered)[:depth]

    def paragraph_ids(self) -> list[str]:
        return list(self.engine.paragraphs)


class HttpClient:
    """POST /api/ask on a running server, with `Authorization: Bearer $PROCQA_API_KEY` when that is set."""

    def __init__(self, url: str, *, api_key: str | None = None, timeout: float = 60.0, transport: Any = None) -> None:
        import httpx  # only --url runs need it

        base = url.rstrip("/")
        self.endpoint = base if base.endswith("/api/ask") else f"{base}/api/ask"
        key = api_key if api_key is not None else os.environ.get("PROCQA_API_KEY")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._http = httpx.Client(timeout=timeout, headers=headers, transport=transport)

    def ask(self, question: str, history: History) -> Answer:
        response = self._http.post(self.endpoint, json={"question": question, "history": history})
        if response.status_code in (401, 403):
            # Every question would fail the same way: stop the run instead of scoring a hundred errors.
            raise PermissionError(f"{self.endpoint} refused the API key ({response.status_code}); set PROCQA_API_KEY")
        if response.status_code != 200:
            raise RuntimeError(f"{self.endpoint} answered {response.status_code}: {response.text[:200]}")
        return Answer.model_validate(response.json())

    def ranking(self, question: str, history: History, depth: int) -> None:
        return None

    def close(self) -> None:
        self._http.close()
