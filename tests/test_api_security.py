"""Per-client rate limiting (PROCQA_RATE_LIMIT) and logs that keep questions, answers, documents and the API
key out at the default level."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from rag.api.app import create_app
from rag.api.middleware import RateLimiter
from rag.engine import Engine
from rag.settings import Settings
from tests.api_support import assert_error

QUESTION = "Who headed the US delegation?"
KEY = "s3cret-key-for-the-log-test"


def _client(engine: Engine, **settings: object) -> TestClient:
    return TestClient(create_app(engine.settings.model_copy(update=settings), engine=engine))


def test_rate_limit_is_off_by_default() -> None:
    assert Settings().rate_limit == 0


def test_over_the_limit_is_429_with_retry_after(engine: Engine) -> None:
    with _client(engine, rate_limit=3) as client:
        assert [client.get("/api/documents").status_code for _ in range(3)] == [200, 200, 200]
        refused = client.post("/api/ask", json={"question": QUESTION})
        error = assert_error(refused, 429, "too many requests", "retry")
        assert error["type"] == "rate_limited"
        assert 1 <= int(refused.headers["Retry-After"]) <= 20  # one request's worth of a 3-per-minute bucket
        assert client.get("/healthz").status_code == 200  # probes are never limited


def _bucket(per_minute: int) -> tuple[RateLimiter, list[float]]:
    now = [1000.0]
    return RateLimiter(per_minute=per_minute, clock=lambda: now[0]), now


def test_each_client_has_its_own_bucket_refilled_over_time() -> None:
    limiter, now = _bucket(per_minute=60)  # one a second, bursts of 60
    assert all(limiter.take("10.0.0.1") == 0 for _ in range(60))
    wait = limiter.take("10.0.0.1")
    assert wait == pytest.approx(1.0)
    assert limiter.take("10.0.0.2") == 0  # another client is not affected
    now[0] += wait
    assert limiter.take("10.0.0.1") == 0
    assert limiter.take("10.0.0.1") > 0


def test_idle_clients_are_forgotten_when_many_are_tracked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RateLimiter, "_MAX_CLIENTS", 3)
    limiter, now = _bucket(per_minute=60)
    for client in ("a", "b", "c"):
        limiter.take(client)
    now[0] += 120  # every bucket is full again: nothing to remember
    limiter.take("d")
    assert set(limiter._buckets) == {"d"}


def test_default_logs_hold_no_question_answer_document_text_or_key(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with _client(engine, api_key=SecretStr(KEY)) as client:
        ok = client.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": f"Bearer {KEY}"})
        refused = client.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer wrong"})
        unknown = client.post(
            "/api/ask", json={"question": QUESTION, "documents": ["1/99"]}, headers={"Authorization": f"Bearer {KEY}"}
        )
    assert ok.status_code == 200 and refused.status_code == 401 and unknown.status_code == 422
    answer = ok.json()
    secrets = [KEY, "wrong", QUESTION, answer["answer"], *(c["text"][:40] for c in answer["citations"])]
    assert caplog.records, "the test needs some log output to check"
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for secret in secrets:
        assert secret not in logged, secret


def test_the_ui_login_form_is_rate_limited_like_the_api(engine: Engine) -> None:
    """The UI's login form takes the API key as its password: guessing it there is as slow as at the API."""
    with _client(engine, rate_limit=2, api_key=SecretStr(KEY), ui=True) as client:
        wrong = {"username": "me", "password": "not-the-key"}
        assert [client.post("/login", data=wrong).status_code for _ in range(2)] == [400, 400]
        refused = client.post("/login", data={"username": "me", "password": KEY})  # even the right key, now
        assert_error(refused, 429, "too many requests", "retry")
        assert client.get("/api/documents", headers={"Authorization": f"Bearer {KEY}"}).status_code == 429
