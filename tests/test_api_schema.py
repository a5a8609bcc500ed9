"""Schemathesis generates requests from /openapi.json, valid and invalid, and checks every reply: never a 5xx,
and each reply matches the documented status codes, content types and schemas."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from rag.api.app import create_app
from rag.engine import Engine
from rag.settings import Settings

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
