"""A real `procqa serve` (uvicorn) on loopback, driven over HTTP: httpx, a real SSE client, concurrency."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote

import httpx
import pytest
from httpx_sse import connect_sse

from rag.contract import Answer, Evidence
from rag.engine import Engine
from tests.api_support import assert_error, procqa_server
from tests.questions import ANSWERS, FOLLOWUPS, HEADER, NEAR_MISSES, OUT_OF_SCOPE

HEADLINE = "Who headed the US delegation?"


def test_ask_over_http(live_server: str) -> None:
    response = httpx.post(f"{live_server}/api/ask", json={"question": HEADLINE}, timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert "Jeff Sessions" in body["answer"] and body["citations"][0]["id"] == "9278/18 ¶2"


@pytest.mark.parametrize("encode", [lambda pid: quote(pid, safe=""), quote])
def test_paragraph_ids_survive_a_real_server(live_server: str, encode) -> None:
    response = httpx.get(f"{live_server}/api/paragraphs/{encode('9278/18 ¶15')}", timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == "9278/18 ¶15" and "Colombia" in response.json()["text"]


def test_stream_events_parsed_by_an_sse_client(live_server: str) -> None:
    question = "Which countries did the US name as drug producers?"
    with (
        httpx.Client(timeout=30) as client,
        connect_sse(client, "POST", f"{live_server}/api/ask/stream", json={"question": question}) as source,
    ):
        assert source.response.headers["content-type"].startswith("text/event-stream")
        events = [(e.event, json.loads(e.data)) for e in source.iter_sse()]
    names = [name for name, _ in events]
    assert names[0] == "evidence" and names[-2:] == ["answer", "done"] and set(names[1:-2]) == {"delta"}
    assert len(names) > 5 and set(events[0][1]) == set(Evidence.model_fields)
    answer = events[-2][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == answer["answer"]
    assert "Colombia" in answer["answer"] and answer["citations"][0]["id"] == "9278/18 ¶15"
    assert set(answer) == set(Answer.model_fields)


def test_stream_error_is_plain_json(live_server: str) -> None:
    assert_error(httpx.post(f"{live_server}/api/ask/stream", json={"question": ""}, timeout=30), 422, "empty")


def test_chunked_body_over_the_limit_is_413_on_a_real_server(live_server: str) -> None:
    def chunks():
        yield b'{"question": "'
        for _ in range(100):
            yield b"y" * 1024

    response = httpx.post(
        f"{live_server}/api/ask", content=chunks(), headers={"Content-Type": "application/json"}, timeout=30
    )
    assert_error(response, 413, "limit")


def _concurrent_cases() -> list[tuple[str, list[dict[str, str]], list[str], bool | None]]:
    """32 different questions: (question, history, facts the answer must contain, abstains)."""
    cases: list[tuple[str, list[dict[str, str]], list[str], bool | None]]
    cases = [(q, [], facts, None) for q, facts, _ in ANSWERS]  # None: answered, or honestly not stated
    cases += [(q, [], [value], False) for q, value in HEADER]
    cases += [(q, [], [], True) for q in OUT_OF_SCOPE + NEAR_MISSES]
    for earlier, followup, facts, _ in FOLLOWUPS:
        history = [{"role": "user", "content": q} for q in earlier]
        cases.append((followup, history, facts, None))
    return cases


def test_32_concurrent_requests_get_their_own_correct_answers(live_server: str, engine: Engine) -> None:
    cases = _concurrent_cases()
    assert len(cases) == 32 and len({q for q, *_ in cases}) == 32
    # Complete the follow-ups' histories with the assistant's earlier answers, as a client would.
    for _, history, _, _ in cases:
        if history:
            history.append({"role": "assistant", "content": engine.ask(history[0]["content"]).answer})
    expected = [engine.ask(q, h).answer for q, h, _, _ in cases]  # the same questions, one at a time

    async def run() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=32)
        async with httpx.AsyncClient(base_url=live_server, timeout=60, limits=limits) as client:
            requests = [client.post("/api/ask", json={"question": q, "history": h}) for q, h, _, _ in cases]
            return await asyncio.gather(*requests)

    responses = asyncio.run(run())
    for (question, _, facts, abstains), response, alone in zip(cases, responses, expected, strict=True):
        assert response.status_code == 200, (question, response.text)
        body = response.json()
        assert body["answer"] == alone, question  # independent: the same answer as when asked alone
        if abstains is not None:
            assert body["abstained"] is abstains, question
        for fact in facts if not body["abstained"] else []:
            assert fact in body["answer"], (question, body["answer"])


def test_serve_with_several_workers(built_settings) -> None:
    options = ["--store", str(built_settings.store), "--sources", str(built_settings.sources)]
    with procqa_server(options, "--workers", "2") as url:
        for _ in range(4):
            response = httpx.post(f"{url}/api/ask", json={"question": HEADLINE}, timeout=30)
            assert "Jeff Sessions" in response.json()["answer"]
