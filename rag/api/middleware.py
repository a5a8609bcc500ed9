"""ASGI middleware: the API key check and the request-body limit, before any route code runs."""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.api.errors import error_response

PROTECTED_PREFIXES = ("/api", "/v1")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _protected(path: str) -> bool:
    return any(path == p or path.startswith(f"{p}/") for p in PROTECTED_PREFIXES)


class ApiKeyMiddleware:
    """When a key is configured, /api and /v1 need `Authorization: Bearer <key>`; /healthz, /readyz, the docs
    and `/` stay open. Checked before the body is read, so an anonymous client cannot make us parse anything."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self.expected = api_key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS" or not _protected(scope["path"]):
            await self.app(scope, receive, send)
            return
        scheme, _, token = (_header(scope, b"authorization") or "").strip().partition(" ")
        # compare_digest: the time taken does not tell how much of a guessed key was right.
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode("latin-1"), self.expected):
            message = "Missing or wrong API key. Send the header 'Authorization: Bearer <PROCQA_API_KEY>'."
            await error_response(401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})(scope, receive, send)
            return
        await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuse request bodies over `limit` bytes with 413: by Content-Length up front, and by counting the bytes
    that actually arrive (a chunked upload has no Content-Length, and a client may lie). The body is small by
    construction, so it is read here and replayed to the app; the app never sees a partial body."""

    def __init__(self, app: ASGIApp, limit: int, uploads: dict[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.uploads = uploads or {}  # path -> its own limit for POST (document uploads are larger than questions)

    def _too_large(self, limit: int) -> str:
        return f"The request body is over the {limit:,}-byte limit. Send a shorter question, history or file."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.uploads.get(scope["path"], self.limit) if scope["method"] == "POST" else self.limit
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await error_response(400, "bad_request", "Content-Length is not a number.")(scope, receive, send)
                return
            if int(declared) > limit:
                await error_response(413, "request_too_large", self._too_large(limit))(scope, receive, send)
                return
        try:
            body = await self._read(receive, limit)
        except _TooLarge:
            await error_response(413, "request_too_large", self._too_large(limit))(scope, receive, send)
            return
        if body is None:  # the client went away mid-body: nothing to answer
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive, limit: int) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        # After the body, pass through: a streaming response listens here for the client disconnecting.
        return await receive()

    return replay
