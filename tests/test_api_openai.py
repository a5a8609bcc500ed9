"""The OpenAI-compatible endpoints: the official `openai` client against a live server, plain and streamed,
and the request rules in-process."""

from __future__ import annotations

import json

import openai
import pytest
from fastapi.testclient import TestClient

from rag.api.chat_completions import SOURCES_HEADING, strip_sources
from tests.api_support import assert_error

HEADLINE = "Who headed the US delegation?"


@pytest.fixture(scope="module")
def client(live_server: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live_server}/v1", api_key="unused", max_retries=0, timeout=30)


def test_models_lists_procqa(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == ["procqa"]


def test_chat_completion_with_the_openai_client(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="procqa",
        messages=[{"role": "system", "content": "You are a pirate."}, {"role": "user", "content": HEADLINE}],
    )
    content = completion.choices[0].message.content
    assert completion.object == "chat.completion" and completion.model == "procqa"
    assert completion.choices[0].finish_reason == "stop"
    answer, sources = content.split(SOURCES_HEADING)
    assert "Jeff Sessions" in answer and "[1]" in answer
    assert sources.startswith("[1] Sofia, 22-23 May 2018 · 9278/18 · Introduction · ¶2: ")
    citations = completion.model_extra["citations"]
    assert citations[0]["id"] == "9278/18 ¶2" and citations[0]["n"] == 1
    assert completion.usage.completion_tokens > 10


def test_streamed_chat_completion_with_the_openai_client(client: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": "Which countries did the US name as drug producers?"}]
    plain = client.chat.completions.create(model="procqa", messages=messages)
    stream = client.chat.completions.create(
        model="procqa", messages=messages, stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)  # the client stops at `data: [DONE]`
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content and "Colombia" in text
    last = [c for c in chunks if c.choices][-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["citations"][0]["id"] == "9278/18 ¶15"
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


def test_conversation_follow_up_through_the_openai_client(client: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": HEADLINE}]
    first = client.chat.completions.create(model="procqa", messages=messages).choices[0].message
    assert SOURCES_HEADING in first.content  # the earlier reply goes back with its sources list
    messages += [{"role": "assistant", "content": first.content}, {"role": "user", "content": "What was her title?"}]
    reply = client.chat.completions.create(model="procqa", messages=messages).choices[0].message.content
    assert "Homeland Security" in reply


def test_errors_reach_the_openai_client_as_its_exceptions(client: openai.OpenAI) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        client.chat.completions.create(model="procqa", messages=[{"role": "user", "content": " "}])
    assert "empty" in caught.value.message
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": HEADLINE}])
    assert "procqa" in caught.value.message


def chat(api_client: TestClient, **body: object):
    return api_client.post("/v1/chat/completions", json={"model": "procqa", **body})


def test_content_parts_and_ignored_sampling_options(api_client: TestClient) -> None:
    response = chat(
        api_client,
        messages=[{"role": "user", "content": [{"type": "text", "text": HEADLINE}], "name": "ann"}],
        temperature=0.7,
        max_tokens=50,
    )
    assert response.status_code == 200 and "Jeff Sessions" in response.json()["choices"][0]["message"]["content"]


def test_abstention_has_no_sources_list(api_client: TestClient) -> None:
    body = chat(api_client, messages=[{"role": "user", "content": "What is the capital of France?"}]).json()
    assert SOURCES_HEADING not in body["choices"][0]["message"]["content"]
    assert body["citations"] == [] and body["abstained"] is True


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"messages": []}, 422, ["messages"]),
        ({"messages": [{"role": "assistant", "content": "Hi"}]}, 422, ["last", "user"]),
        ({"messages": [{"role": "system", "content": "Be brief."}]}, 422, ["user"]),
        ({"messages": [{"role": "tool", "content": "{}"}]}, 422, ["messages.0.role"]),
        ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]}, 422, ["type"]),
        ({"messages": [{"role": "user", "content": HEADLINE}], "n": 2}, 422, ["n"]),
        ({"messages": [{"role": "user", "content": HEADLINE}], "tools": []}, 422, ["tools", "unknown field"]),
        ({"messages": [{"role": "user", "content": "q" * 2001}]}, 422, ["2,000"]),
        ({"model": "gpt-4o", "messages": [{"role": "user", "content": HEADLINE}]}, 404, ["gpt-4o", "procqa"]),
    ],
)
def test_chat_request_rules(api_client: TestClient, body: dict, status: int, words: list[str]) -> None:
    assert_error(api_client.post("/v1/chat/completions", json={"model": "procqa", **body}), status, *words)


@pytest.mark.parametrize(("bad", "code"), [("\ud800", "U+D800"), ("\udc00", "U+DC00"), ("\ufffe", "U+FFFE")])
def test_message_content_that_is_no_text_is_422_naming_the_message(api_client: TestClient, bad, code) -> None:
    """Lone surrogates and non-characters in any message, plain or in content parts, system messages included."""
    question = {"role": "user", "content": HEADLINE}
    for messages, where in [
        ([{"role": "user", "content": f"Who {bad} headed it?"}], "messages[0].content"),
        ([{"role": "user", "content": [{"type": "text", "text": f"Who headed it{bad}"}]}], "messages[0].content"),
        ([{"role": "system", "content": bad}, question], "messages[0].content"),
        ([{"role": "user", "content": "Who?"}, {"role": "assistant", "content": f"Jeff{bad}"}, question], "[1]"),
    ]:
        for stream in (False, True):
            body = json.dumps({"model": "procqa", "messages": messages, "stream": stream})
            headers = {"Content-Type": "application/json"}
            assert_error(api_client.post("/v1/chat/completions", content=body, headers=headers), 422, where, code)


def test_history_over_the_limit_is_refused(api_client: TestClient) -> None:
    turns = [{"role": r, "content": "Hello"} for r in ["user", "assistant"] * 11]
    response = chat(api_client, messages=[*turns, {"role": "user", "content": HEADLINE}])
    assert_error(response, 422, "22 turns", "new chat")


def test_strip_sources_keeps_only_the_answer() -> None:
    assert strip_sources(f"Answer [1].{SOURCES_HEADING}[1] 9278/18 · ¶2: quote") == "Answer [1]."
    assert strip_sources("No sources here.") == "No sources here."
