"""The HTTP API in-process (FastAPI TestClient): the answer contract, documents, paragraphs, health, and every
kind of bad input, each ending as the one JSON error shape."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from rag.api.app import create_app
from rag.api.events import sse as sse_message
from rag.contract import Answer
from rag.engine import Engine
from tests.api_support import assert_error

HEADLINE = "Who headed the US delegation?"
CONTRACT_KEYS = {
    "answer", "abstained", "citations", "outcome", "related", "generator", "fallback_reason", "dropped", "note",
    "timings_ms",
}  # fmt: skip
CITATION_KEYS = {"n", "id", "label", "document", "section", "text", "quote", "score", "meeting"}


def ask(client: TestClient, **body: object):
    return client.post("/api/ask", json=body)


def test_ask_returns_the_answer_contract(api_client: TestClient, engine: Engine) -> None:
    response = ask(api_client, question=HEADLINE)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == CONTRACT_KEYS
    assert "Jeff Sessions" in body["answer"] and "[1]" in body["answer"]
    assert body["abstained"] is False
    assert set(body["citations"][0]) == CITATION_KEYS
    assert body["citations"][0]["id"] == "9278/18 ¶2"
    assert set(body["timings_ms"]) == {"retrieve", "synthesize", "total"}
    # Exactly what the library answers (timings aside).
    expected = engine.ask(HEADLINE).model_dump(exclude={"timings_ms"})
    assert Answer.model_validate(body).model_dump(exclude={"timings_ms"}) == expected


def test_followup_resolves_against_history(api_client: TestClient) -> None:
    earlier = "What did the two sides say about the CLOUD Act?"
    first = ask(api_client, question=earlier).json()["answer"]
    history = [{"role": "user", "content": earlier}, {"role": "assistant", "content": first}]
    body = ask(api_client, question="When was it adopted?", history=history).json()
    assert "March" in body["answer"] and body["citations"][0]["id"] == "9278/18 ¶9"
    # Without the history the same words are not answered from thin air.
    alone = ask(api_client, question="When was it adopted?").json()
    assert "March" not in alone["answer"]


def test_abstains_when_the_proceedings_do_not_answer(api_client: TestClient) -> None:
    body = ask(api_client, question="What is the capital of Peru?").json()
    assert body["abstained"] is True and body["citations"] == [] and body["outcome"] == "out_of_scope"
    assert "do not cover" in body["answer"]


def test_top_k_and_document_filter(two_document_engine: Engine) -> None:
    """The filter through the API, over two meetings whose US delegations had different heads."""
    settings = two_document_engine.settings.model_copy(update={"ui": False})
    with TestClient(create_app(settings, engine=two_document_engine)) as client:
        for document, fact, other in [("9278/18", "Jeff Sessions", "Whitaker"), ("15284/18", "Whitaker", "Sessions")]:
            body = ask(client, question=HEADLINE, top_k=3, documents=[document]).json()
            assert fact in body["answer"] and other not in body["answer"], body
            assert body["citations"] and {c["document"] for c in body["citations"]} == {document}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"question": ""}, ["empty"]),
        ({"question": "   \n\t"}, ["empty"]),
        ({"question": "x" * 2001}, ["2,001", "2,000"]),
        ({"question": "Why?", "history": [{"role": "user", "content": "hi"}] * 21}, ["21 turns", "20"]),
        ({"question": "Why?", "history": [{"role": "user", "content": "y" * 4001}]}, ["history[0]", "4,000"]),
        ({"question": "Why?", "history": [{"role": "system", "content": "hi"}]}, ["history.0.role", "user"]),
        ({"question": "Why?", "history": [{"role": "user"}]}, ["history.0.content", "required"]),
        ({"question": "Why?", "history": "earlier"}, ["history"]),
        ({"question": 42}, ["question", "string"]),
        ({"question": ["Who?"]}, ["question"]),
        ({"question": HEADLINE, "top_k": "5"}, ["top_k", "integer"]),
        ({"question": HEADLINE, "top_k": 0}, ["top_k", "between 1 and 50"]),
        ({"question": HEADLINE, "top_k": 51}, ["top_k", "between 1 and 50"]),
        ({"question": HEADLINE, "documents": ["1234/99"]}, ["Unknown document", "1234/99", "9278/18"]),
        ({"question": HEADLINE, "temperature": 0.2}, ["temperature", "unknown field"]),
        ({}, ["question", "required"]),
    ],
    ids=lambda v: str(v)[:40] if isinstance(v, dict) else None,
)
def test_bad_questions_are_422_with_an_actionable_message(api_client: TestClient, body, words) -> None:
    error = assert_error(api_client.post("/api/ask", json=body), 422, *words)
    assert error["type"] == "invalid_request"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'{"question": "Who', ["not valid JSON"]),
        (b"question=Who", ["not valid JSON"]),
        (b'["Who headed the US delegation?"]', ["JSON object"]),
        (b"", ["JSON object"]),
    ],
)
def test_malformed_bodies_are_422(api_client: TestClient, content: bytes, words: list[str]) -> None:
    response = api_client.post("/api/ask", content=content, headers={"Content-Type": "application/json"})
    assert_error(response, 422, *words)


# Lone surrogates ("\ud800" is valid JSON but no character: the tokenizer cannot read it) and non-characters, in
# every field of a request that carries text: a 422 naming the field and the code point, never a 500.
NOT_TEXT = [("\ud800", "U+D800", "lone surrogate"), ("\udfff", "U+DFFF", "lone surrogate")]
NOT_TEXT += [("\uffff", "U+FFFF", "non-character"), ("\ufdd0", "U+FDD0", "non-character")]


def post_raw(client: TestClient, path: str, body: object):
    """Send `body` as JSON with every non-ASCII character escaped (json.dumps' default), as "\ud800" would be sent
    by a client whose string holds half of a UTF-16 pair; an HTTP client's own encoder refuses to send it."""
    return client.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"})


def with_bad(bad: str) -> list[tuple[str, dict, str]]:
    turn = {"role": "user", "content": f"Who headed it{bad}?"}
    return [
        ("/api/ask", {"question": f"Who {bad} headed the US delegation?"}, "The question contains"),
        ("/api/ask/stream", {"question": f"Who {bad} headed the US delegation?"}, "The question contains"),
        ("/api/ask", {"question": "What was her title?", "history": [turn]}, "history[0] contains"),
        ("/api/ask/stream", {"question": "What was her title?", "history": [turn]}, "history[0] contains"),
        ("/api/ask", {"question": HEADLINE, "documents": ["9278/18", f"9278/18{bad}"]}, "documents[1] contains"),
        ("/api/ask/stream", {"question": HEADLINE, "documents": [f"{bad}"]}, "documents[0] contains"),
    ]


@pytest.mark.parametrize(("bad", "code", "kind"), NOT_TEXT)
def test_text_that_is_no_text_is_422_naming_the_field_and_code_point(api_client: TestClient, bad, code, kind) -> None:
    for path, body, where in with_bad(bad):
        error = assert_error(post_raw(api_client, path, body), 422, where, code, kind)
        assert error["type"] == "invalid_request", (path, body)


def test_a_message_echoing_text_that_is_no_text_still_encodes(api_client: TestClient) -> None:
    """Error messages may quote what was sent (an unknown document id, a paragraph id); the reply is still JSON."""
    from rag.api.errors import error_response

    response = error_response(422, "invalid_request", "Unknown document(s): 9278\ud800.")
    assert json.loads(response.body)["error"]["message"] == "Unknown document(s): 9278\ufffd."


def test_stream_rejects_bad_input_before_streaming(api_client: TestClient) -> None:
    assert_error(api_client.post("/api/ask/stream", json={"question": " "}), 422, "empty")


def test_stream_wire_format_is_plain_sse_events(api_client: TestClient) -> None:
    """The bytes on the wire (fastapi.sse writes them): `event:` and one `data:` line of compact UTF-8 JSON per
    message, a blank line after each; the OpenAI stream's `data:`-only chunks end with `data: [DONE]`."""
    streamed = api_client.post("/api/ask/stream", json={"question": "Who headed the US delegation?"})
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert streamed.headers["cache-control"] == "no-cache" and streamed.headers["x-accel-buffering"] == "no"
    messages = streamed.text.split("\n\n")
    assert messages[-1] == "" and messages[-2] == "event: done\ndata: {}"
    assert messages[0].startswith('event: evidence\ndata: {"outcome":"answer","answer":"')
    assert messages[1].startswith('event: delta\ndata: {"text":"')
    answer = next(m for m in messages if m.startswith("event: answer\n"))
    assert answer.count("\n") == 1 and "Sessions" in json.loads(answer.removeprefix("event: answer\ndata: "))["answer"]
    chat = api_client.post(
        "/v1/chat/completions",
        json={"model": "procqa", "stream": True, "messages": [{"role": "user", "content": "Who headed it?"}]},
    )
    chunks = chat.text.split("\n\n")
    assert chunks[-2:] == ["data: [DONE]", ""] and all(c.startswith('data: {"id":"chatcmpl-') for c in chunks[:-2])
    assert sse_message({"text": "a\nb"}, "delta") == b'event: delta\ndata: {"text":"a\\nb"}\n\n'
    assert sse_message("two\nlines") == b"data: two\ndata: lines\n\n"  # a raw newline cannot end the message early


def test_body_over_64_kb_is_413_by_content_length(api_client: TestClient) -> None:
    response = api_client.post("/api/ask", json={"question": "x" * 70_000})
    assert_error(response, 413, "65,536")


def test_body_over_64_kb_is_413_when_streamed_without_length(api_client: TestClient) -> None:
    def chunks():
        for _ in range(40):
            yield b"x" * 2048

    response = api_client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers  # sent chunked: only counting can catch it
    assert_error(response, 413, "limit")


def test_body_just_under_the_limit_is_read(api_client: TestClient) -> None:
    history = [{"role": "user", "content": "z" * 3900}] * 16  # ~63 kB, every turn within its own limit
    response = api_client.post("/api/ask", json={"question": "And the visas?", "history": history})
    assert response.status_code == 200, response.text
    assert Answer.model_validate(response.json()).answer  # read whole and answered, not cut off


@pytest.mark.parametrize(
    "path",
    [
        "/api/paragraphs/" + quote("9278/18 ¶4", safe=""),  # fully encoded, "/" as %2F
        "/api/paragraphs/" + quote("9278/18 ¶4"),  # "/" left as is
        "/api/paragraphs/9278/18 ¶4",  # httpx encodes the space and "¶" itself
    ],
)
def test_paragraph_ids_round_trip_in_urls(api_client: TestClient, path: str) -> None:
    response = api_client.get(path)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == "9278/18 ¶4" and body["number"] == 4 and body["document"] == "9278/18"
    assert body["label"].startswith("Sofia, 22-23 May 2018 · 9278/18 · ") and body["label"].endswith("¶4")
    assert body["text"].startswith("Both delegations concurred on their assessment that information sharing among")
    assert [p["id"] for p in body["neighbours"]] == ["9278/18 ¶3", "9278/18 ¶4", "9278/18 ¶5"]


def test_paragraph_neighbours_stop_at_the_document_start(api_client: TestClient) -> None:
    body = api_client.get("/api/paragraphs/" + quote("9278/18 header", safe=""), params={"radius": 2}).json()
    assert body["number"] == 0
    assert [p["id"] for p in body["neighbours"]] == ["9278/18 header", "9278/18 ¶1", "9278/18 ¶2"]


def test_every_citation_id_resolves_to_its_paragraph(api_client: TestClient) -> None:
    citation = ask(api_client, question=HEADLINE).json()["citations"][0]
    body = api_client.get("/api/paragraphs/" + quote(citation["id"], safe="")).json()
    assert body["text"] == citation["text"] and body["label"] == citation["label"]


@pytest.mark.parametrize("pid", ["9278/18 ¶999", "nope", "9278/18"])
def test_unknown_paragraph_is_404_json(api_client: TestClient, pid: str) -> None:
    error = assert_error(api_client.get("/api/paragraphs/" + quote(pid, safe="")), 404, "No paragraph")
    assert error["type"] == "not_found"


def test_documents_list_metadata_and_paragraph_counts(api_client: TestClient, engine: Engine) -> None:
    documents = api_client.get("/api/documents").json()["documents"]
    assert [d["id"] for d in documents] == ["9278/18"]
    document = documents[0]
    assert document["metadata"]["date"] == "31 May 2018" and document["metadata"]["marking"] == "LIMITE"
    assert "Sofia" in document["title"]
    numbered = [p for p in engine.paragraphs.values() if p.document == "9278/18" and p.number > 0]
    assert document["paragraphs"] == len(numbered) > 20
    assert "/" not in document["source"]  # a file name, not a server path


def test_health_and_readiness(api_client: TestClient) -> None:
    assert api_client.get("/healthz").json() == {"status": "ok"}
    ready = api_client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    # One count at every door: the readiness total is the documents' own (the header block is not a paragraph).
    listed = api_client.get("/api/documents").json()["documents"]
    assert ready.json()["paragraphs"] == sum(d["paragraphs"] for d in listed) == 26


def test_unknown_route_and_wrong_method_are_json(api_client: TestClient) -> None:
    assert_error(api_client.get("/api/nothing-here"), 404, "GET /api/nothing-here", "/docs")
    assert_error(api_client.get("/api/ask"), 405, "GET /api/ask")


def test_an_internal_failure_is_a_500_without_internals(api_client: TestClient, engine: Engine, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> Answer:
        raise RuntimeError("boom in /srv/procqa/rag/engine.py line 12")

    monkeypatch.setattr(engine, "ask", broken)
    response = ask(api_client, question=HEADLINE)
    error = assert_error(response, 500, "logged")
    assert error["type"] == "internal_error" and "boom" not in response.text


def test_docs_render_offline(api_client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = api_client.get(page).text
        assert "cdn." not in html and "unpkg" not in html
    docs = api_client.get("/docs").text
    asset = docs.split('href="', 2)[1].split('"', 1)[0]  # the stylesheet, served by this app
    assert asset.startswith("/") and api_client.get(asset).status_code == 200
    paths = api_client.get("/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/ask/stream", "/api/documents", "/v1/chat/completions", "/readyz"} <= set(paths)


def test_root_serves_the_chat_ui(api_client: TestClient) -> None:
    page = api_client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    # Gradio sets the page title from its config, so the page carries the config of our Blocks: its title and
    # the chat's own elements (the Ask button, the question box), not just any page that mentions procqa.
    assert "window.gradio_config" in page.text and '"title":"procqa"' in page.text
    assert '"elem_id":"procqa-ask"' in page.text and '"elem_id":"procqa-question"' in page.text


def test_without_the_ui_the_root_points_at_the_docs(engine) -> None:
    from fastapi.testclient import TestClient

    from rag.api.app import create_app

    with TestClient(create_app(engine.settings.model_copy(update={"ui": False}), engine=engine)) as client:
        assert client.get("/").json()["docs"] == "/docs"


@pytest.fixture(scope="module")
def keyed_client(engine: Engine):
    update = {"api_key": SecretStr("s3cret-key"), "cors_origins": ["http://ui.example"]}
    settings = engine.settings.model_copy(update=update)
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


@pytest.mark.parametrize(
    "header", [None, "Bearer wrong", "s3cret-key", "Bearer s3cret-key-and-more", "Basic s3cret-key"]
)
def test_api_key_is_required_when_set(keyed_client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    for method, path in [("post", "/api/ask"), ("get", "/api/documents"), ("get", "/v1/models")]:
        response = keyed_client.request(method, path, headers=headers, json={"question": HEADLINE})
        assert_error(response, 401, "Authorization: Bearer")
        assert response.headers["www-authenticate"] == "Bearer"


def test_the_right_key_is_accepted_and_health_stays_open(keyed_client: TestClient) -> None:
    good = {"Authorization": "Bearer s3cret-key"}
    assert "Jeff Sessions" in keyed_client.post("/api/ask", json={"question": HEADLINE}, headers=good).json()["answer"]
    assert keyed_client.get("/api/documents", headers={"Authorization": "bearer s3cret-key"}).status_code == 200
    assert keyed_client.get("/v1/models", headers=good).status_code == 200
    assert keyed_client.get("/healthz").status_code == 200
    assert keyed_client.get("/readyz").status_code == 200


def test_cors_is_off_unless_origins_are_configured(api_client: TestClient, keyed_client: TestClient) -> None:
    origin = {"Origin": "http://ui.example"}
    assert "access-control-allow-origin" not in api_client.get("/api/documents", headers=origin).headers
    preflight = keyed_client.options(
        "/api/ask",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://ui.example"
    other = keyed_client.get("/healthz", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
