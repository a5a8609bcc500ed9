"""The three outcomes (answer, not_stated, out_of_scope) through every HTTP door: POST /api/ask, its SSE stream
and the OpenAI-compatible route, plain and streamed. not_stated shows the related passages without asserting
them: never a marker [n] in the answer, always marked as not an answer."""

from __future__ import annotations

import json
import re

import httpx
import openai
import pytest
from fastapi.testclient import TestClient
from httpx_sse import connect_sse

from rag.api.chat_completions import RELATED_HEADING, SOURCES_HEADING, strip_sources
from rag.contract import Citation

ANSWERED = "What scandal was mentioned in relation to electoral systems?"
# Delegations are in the proceedings, Japan never is: the closest passages are shown, and do not answer.
NOT_STATED = "Who led the Japanese delegation?"
OUT_OF_SCOPE = "What is the capital of Peru?"
MARKER = re.compile(r"\[\d+\]")
SOFIA = "Sofia, 22-23 May 2018 · 9278/18 · "  # a citation label: the meeting, then the document


def assert_not_stated(body: dict) -> None:
    assert body["outcome"] == "not_stated" and body["abstained"] is True
    assert body["citations"] == []
    assert not MARKER.search(body["answer"]), body["answer"]
    related = body["related"]
    assert related, "not_stated lists the closest passages"
    assert "9278/18 ¶2" in [c["id"] for c in related]  # the paragraph about the delegations
    for citation in related:
        assert set(citation) == set(Citation.model_fields)
        assert citation["label"].startswith(SOFIA) and citation["quote"] and citation["quote"] in citation["text"]


def assert_out_of_scope(body: dict) -> None:
    assert body["outcome"] == "out_of_scope" and body["abstained"] is True
    assert body["citations"] == [] and body["related"] == []


# POST /api/ask


def test_openapi_documents_outcome_and_related(api_client: TestClient) -> None:
    spec = api_client.get("/openapi.json").json()
    answer = spec["components"]["schemas"]["Answer"]["properties"]
    assert answer["outcome"]["enum"] == ["answer", "not_stated", "out_of_scope"]
    assert answer["related"]["items"]["$ref"].endswith("/Citation")
    ok = spec["paths"]["/api/ask"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/Answer")
    chat = spec["components"]["schemas"]["ChatCompletion"]
    assert {"outcome", "related", "citations", "abstained"} <= set(chat["required"])


def test_ask_answered_has_outcome_answer_and_nothing_related(api_client: TestClient) -> None:
    body = api_client.post("/api/ask", json={"question": ANSWERED}).json()
    assert body["outcome"] == "answer" and body["abstained"] is False and body["related"] == []
    assert body["citations"] and "[1]" in body["answer"]


def test_ask_not_stated_lists_related_passages_without_markers(api_client: TestClient) -> None:
    body = api_client.post("/api/ask", json={"question": NOT_STATED}).json()
    assert_not_stated(body)
    assert "do not say" in body["answer"]


def test_ask_out_of_scope_has_nothing_related(api_client: TestClient) -> None:
    assert_out_of_scope(api_client.post("/api/ask", json={"question": OUT_OF_SCOPE}).json())


# POST /api/ask/stream, over a real server and a real SSE client


def stream_events(live_server: str, question: str) -> list[tuple[str, dict]]:
    with (
        httpx.Client(timeout=30) as client,
        connect_sse(client, "POST", f"{live_server}/api/ask/stream", json={"question": question}) as source,
    ):
        return [(e.event, json.loads(e.data)) for e in source.iter_sse()]


@pytest.mark.parametrize(
    ("question", "check"),
    [(NOT_STATED, assert_not_stated), (OUT_OF_SCOPE, assert_out_of_scope)],
    ids=["not_stated", "out_of_scope"],
)
def test_stream_final_event_carries_outcome_and_related(live_server: str, question: str, check) -> None:
    events = stream_events(live_server, question)
    assert [name for name, _ in events][-2:] == ["answer", "done"]
    answer = events[-2][1]
    check(answer)
    # The stream opens with the extractive reading, which without an LLM is the answer itself.
    evidence = events[0][1]
    assert events[0][0] == "evidence" and evidence["outcome"] == answer["outcome"]
    assert evidence["answer"] == answer["answer"] and evidence["related"] == answer["related"]
    assert "".join(data["text"] for name, data in events if name == "delta") == answer["answer"]
    plain = httpx.post(f"{live_server}/api/ask", json={"question": question}, timeout=30).json()
    assert answer["related"] == plain["related"] and answer["outcome"] == plain["outcome"]


# POST /v1/chat/completions


@pytest.fixture(scope="module")
def client(live_server: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live_server}/v1", api_key="unused", max_retries=0, timeout=30)


def ask_chat(client: openai.OpenAI, question: str):
    return client.chat.completions.create(model="procqa", messages=[{"role": "user", "content": question}])


def test_chat_answer_carries_outcome_answer(client: openai.OpenAI) -> None:
    completion = ask_chat(client, ANSWERED)
    assert completion.model_extra["outcome"] == "answer" and completion.model_extra["related"] == []
    assert SOURCES_HEADING in completion.choices[0].message.content
    assert RELATED_HEADING not in completion.choices[0].message.content


def test_chat_not_stated_lists_related_passages_as_not_an_answer(client: openai.OpenAI) -> None:
    completion = ask_chat(client, NOT_STATED)
    extra = completion.model_extra
    assert_not_stated({"answer": strip_sources(completion.choices[0].message.content), **extra})
    content = completion.choices[0].message.content
    assert SOURCES_HEADING not in content
    answer, listed = content.split(RELATED_HEADING)
    assert "do not say" in answer and not MARKER.search(content)
    lines = listed.splitlines()
    assert len(lines) == len(extra["related"])
    for line, related in zip(lines, extra["related"], strict=True):
        assert line.startswith(f'- {related["label"]}: "')
        assert related["quote"].splitlines()[0].strip() in line


def test_chat_out_of_scope_is_the_plain_abstention(client: openai.OpenAI) -> None:
    completion = ask_chat(client, OUT_OF_SCOPE)
    content = completion.choices[0].message.content
    assert RELATED_HEADING not in content and SOURCES_HEADING not in content
    assert_out_of_scope({"answer": content, **completion.model_extra})


@pytest.mark.parametrize("question", [NOT_STATED, OUT_OF_SCOPE, ANSWERED])
def test_chat_stream_last_chunk_carries_outcome_and_related(client: openai.OpenAI, question: str) -> None:
    messages = [{"role": "user", "content": question}]
    plain = client.chat.completions.create(model="procqa", messages=messages)
    chunks = list(client.chat.completions.create(model="procqa", messages=messages, stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    last = [c for c in chunks if c.choices][-1]
    assert last.choices[0].finish_reason == "stop"
    for key in ("outcome", "related", "citations", "abstained"):
        assert last.model_extra[key] == plain.model_extra[key], key


def test_follow_up_history_drops_the_related_list() -> None:
    reply = f'The proceedings do not say.{RELATED_HEADING}- 9278/18 · Introduction · ¶2: "quote"'
    assert strip_sources(reply) == "The proceedings do not say."
