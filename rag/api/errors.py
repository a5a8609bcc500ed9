"""Every error the API returns has one JSON shape: {"error": {"type": "...", "message": "..."}}.

Messages are written for the person calling: what was wrong and what to do. Internal details (tracebacks,
file paths, server addresses) go to the log only. The shape matches OpenAI's error body, so OpenAI clients
show our message too.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.errors import IndexBusyError, IndexMissingError, ProcqaError, QuestionError, StoreUnavailableError
from rag.text import printable

log = logging.getLogger("procqa.api")

STORE_UNAVAILABLE = (
    "The index store (Chroma server) is not reachable right now. Retry shortly: answering resumes on its own "
    "once it is back."
)
INDEX_MISSING = "No index has been built yet. Build it on the server with `procqa index`, then retry."


class ErrorDetail(BaseModel):
    type: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """An error with its HTTP status, raised by routers and middleware."""

    def __init__(self, status: int, type_: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.type, self.message, self.headers = status, type_, message, dict(headers or {})


def error_response(status: int, type_: str, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    # A message may echo what was sent; text that is no text (a lone surrogate) would break the JSON encoder.
    body = ErrorBody(error=ErrorDetail(type=type_, message=printable(message)))
    return JSONResponse(body.model_dump(), status_code=status, headers=dict(headers or {}))


def error_payload(exc: BaseException) -> tuple[int, str, str]:
    """(status, type, message) for an exception raised while serving a request; internals go to the log."""
    if isinstance(exc, ApiError):
        return exc.status, exc.type, exc.message
    if isinstance(exc, QuestionError):
        return 422, "invalid_request", str(exc)
    if isinstance(exc, StoreUnavailableError):
        log.warning("store unavailable: %s", exc)
        return 503, "store_unavailable", STORE_UNAVAILABLE
    if isinstance(exc, IndexBusyError):
        log.warning("index busy: %s", exc)  # the message names the store; the client gets none of it
        return 503, "index_busy", "Another index build or document change is running; retry when it has finished."
    if isinstance(exc, IndexMissingError):
        log.warning("index missing: %s", exc)
        return 503, "index_missing", INDEX_MISSING
    log.error("internal error", exc_info=exc)
    return 500, "internal_error", "The server failed to answer; the error has been logged. Retry, or report it."


_HTTP_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


_SEND_JSON = 'Send a JSON object such as {"question": "..."} with Content-Type: application/json'


def _field(location: Sequence[Any]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """One readable sentence per problem, e.g. "history.0.role: Input should be 'user' or 'assistant'"."""
    problems = []
    for error in errors[:5]:
        kind, where = error.get("type", ""), _field(error.get("loc", ()))
        if kind == "json_invalid":
            problems.append(f"The request body is not valid JSON. {_SEND_JSON}")
        elif where == "body" and kind in ("dict_type", "model_attributes_type", "model_type"):
            problems.append(f"The request body must be a JSON object. {_SEND_JSON}")
        elif kind == "extra_forbidden":
            problems.append(f"{where}: unknown field; remove it")
        elif kind == "missing" and where == "body":
            problems.append(f"The request body is empty. {_SEND_JSON}")
        elif kind == "missing":
            problems.append(f"{where}: this field is required")
        elif kind == "value_error" and isinstance(error.get("ctx", {}).get("error"), QuestionError):
            problems.append(str(error["ctx"]["error"]).rstrip("."))  # the library's own message, which names the field
        else:
            problems.append(f"{where}: {error.get('msg', 'invalid value')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(problems) + more + "."


async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """An HTTP error (a missing route included) in the one JSON shape."""
    message = exc.detail if isinstance(exc.detail, str) else "The request could not be served."
    if exc.status_code == 400 and message == "There was an error parsing the body":
        # FastAPI's reply to a body that is not UTF-8: for the caller it is just malformed JSON.
        return error_response(422, "invalid_request", f"The request body is not valid UTF-8 JSON. {_SEND_JSON}")
    if exc.status_code in (404, 405) and message in ("Not Found", "Method Not Allowed"):
        # Starlette's own routing errors: say what was asked for and where the endpoints are listed.
        message = f"{request.method} {request.url.path} is not an endpoint of this API. See /docs for the list."
    return error_response(exc.status_code, _HTTP_TYPES.get(exc.status_code, "http_error"), message, exc.headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one JSON error shape."""

    async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", validation_message(exc.errors()))

    async def on_known(_: Request, exc: Exception) -> JSONResponse:
        status, type_, message = error_payload(exc)
        return error_response(status, type_, message, getattr(exc, "headers", None))

    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, on_known)
    app.add_exception_handler(ProcqaError, on_known)
    # Exception goes to Starlette's outermost middleware: anything unexpected still ends as this JSON shape.
    app.add_exception_handler(Exception, on_known)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing or wrong API key (when PROCQA_API_KEY is set)."},
    413: {"model": ErrorBody, "description": "Request body over the size limit."},
    422: {"model": ErrorBody, "description": "The request is not acceptable; the message says what to change."},
    429: {"model": ErrorBody, "description": "Over the per-client rate limit (PROCQA_RATE_LIMIT); see Retry-After."},
    503: {"model": ErrorBody, "description": "The index or its store is not available right now."},
}
