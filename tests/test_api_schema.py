"""Schemathesis generates requests from /openapi.json, valid and invalid, and checks every reply: never a 5xx,
and each reply matches the documented status codes, content types and schemas."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from rag.api.app import create_app
from rag.engine import Engine
from rag.settings import Settings
from tests.test_parsing import NOT_TEXT

# The OpenAPI document does not depend on the index: an app that never starts lists the operations to test,
# each with valid data and, where it takes any input, with invalid data.
_PATHS = create_app(Settings()).openapi()["paths"]
# Uploading and removing documents write to the sources folder and rebuild the index: fuzzed here they would
# change the session's shared index (and the bundled sources folder). tests/test_api_documents.py covers them.
MUTATING = {"POST /api/documents", "DELETE /api/documents/{document_id}"}
CASES = [
    (f"{method.upper()} {path}", mode)
    for path, methods in _PATHS.items()
    for method, spec in methods.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if (mode is GenerationMode.POSITIVE or spec.get("parameters") or spec.get("requestBody"))
    and f"{method.upper()} {path}" not in MUTATING
]


@pytest.fixture(scope="module")
def api_schema(engine: Engine) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(engine=engine))


# schemathesis' own pytest integration (from_fixture) does not run under pytest 9, so each operation's cases
# come from its Hypothesis strategy.
@pytest.mark.parametrize(("label", "mode"), CASES, ids=[f"{label}-{mode.value}" for label, mode in CASES])
def test_operation_conforms_and_never_fails(api_schema: schemathesis.BaseSchema, label: str, mode) -> None:
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: schemathesis.Case) -> None:
        # Not positive_data_acceptance: the schema cannot say which document ids exist, and the question and
        # history limits come from Settings, so some schema-valid requests are rightly refused with 422.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()


def test_every_operation_is_covered() -> None:
    labels = {label for label, _ in CASES}
    assert {"POST /api/ask", "POST /api/ask/stream", "POST /v1/chat/completions", "GET /readyz"} <= labels


# The generated requests are JSON that Hypothesis' strings produce, which almost never hold a lone surrogate
# ("\ud800": valid JSON, no character) or a non-character. So every text field gets them explicitly: the reply is
# a 422 naming the field and the code point, never a 500 (the tokenizer cannot read a lone surrogate).
def _requests(text: str) -> list[tuple[str, dict, str]]:
    turn = {"role": "user", "content": text}
    return [
        ("/api/ask", {"question": text}, "The question contains"),
        ("/api/ask/stream", {"question": text}, "The question contains"),
        ("/api/ask", {"question": "And her title?", "history": [turn]}, "history[0] contains"),
        ("/api/ask", {"question": "Who headed it?", "documents": [text]}, "documents[0] contains"),
        ("/v1/chat/completions", {"model": "procqa", "messages": [turn]}, "messages[0].content contains"),
        ("/v1/chat/completions", {"model": "procqa", "stream": True, "messages": [turn]}, "messages[0].content"),
    ]


@given(
    before=st.text(st.characters(categories=["L", "N", "Zs", "P"]), max_size=30),
    bad=NOT_TEXT,
    after=st.text(st.characters(categories=["L", "N", "Zs", "P"]), max_size=30),
    which=st.integers(0, 5),
)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_a_lone_surrogate_or_non_character_in_any_text_field_is_a_clear_422(api_client, before, bad, after, which):
    path, body, where = _requests(before + bad + after)[which]
    response = api_client.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    message = response.json()["error"]["message"]
    assert where in message and f"U+{ord(bad):04X}" in message, message
    assert f"at character {len(before) + 1}" in message, message
