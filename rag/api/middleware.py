"""ASGI middleware: the rate limit, the API key check and the request-body limit, before any route code runs."""

from __future__ import annotations

import contextlib
import hmac
import math
import threading
import time
from collections.abc import Callable

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
    as they arrive (a chunked upload has no Content-Length, and a client may lie). Nothing is buffered here: the
    body streams on to the app (an upload into Starlette's temporary file), and the moment the count passes the
    limit the app's read fails; whatever the app answers to that cut-short body is replaced by the 413.

    Kept instead of FastAPI's `max_body_size` (Starlette's RequestBodyLimitMiddleware): that one answers a
    plain-text "Content Too Large" from inside Starlette, past the app's error handlers, so its 413 cannot carry
    the API's error body (type `request_too_large`, a message naming the limit), and it takes a non-numeric
    Content-Length as absent where this answers 400."""

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
        size = 0
        exceeded = started = False

        async def counted() -> Message:
            nonlocal size, exceeded
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > limit:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the app's answer to a body it could not finish reading (FastAPI makes it a 400)
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(_TooLarge):  # the app may let the failed read through instead of answering it
            await self.app(scope, counted, guarded)
        if exceeded and not started:
            await error_response(413, "request_too_large", self._too_large(limit))(scope, receive, send)


class RateLimiter:
    """At most `per_minute` requests per client (IP address), as a token bucket (bursts up to `per_minute`,
    refilled evenly). One instance per server process, shared by every door: the API's middleware below and the
    chat UI's questions and login form (ui/app.py) count against the same bucket. With --workers N a client gets
    up to N times the limit."""

    _MAX_CLIENTS = 10_000  # past this many tracked addresses, forget the ones whose bucket is full again

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.refill = per_minute / 60.0  # tokens per second
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds until it could."""
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.refill)
            if len(self._buckets) >= self._MAX_CLIENTS and client not in self._buckets:
                self._forget_idle(now)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.refill

    def refusal(self, client: str) -> tuple[str, int] | None:
        """None when the request may go ahead, else the message to show and the whole seconds to wait."""
        wait = self.take(client)
        if wait <= 0:
            return None
        seconds = max(1, math.ceil(wait))
        return f"Too many requests from this client. Retry in {seconds} s.", seconds

    def _forget_idle(self, now: float) -> None:
        full_after = self.capacity / self.refill
        self._buckets = {c: (t, at) for c, (t, at) in self._buckets.items() if now - at < full_after}


class RateLimitMiddleware:
    """Requests to /api and /v1 (and POST to `also`: the UI's login form, so guessing the key there is as slow as
    at the API) go through the limiter; past it they get 429 with Retry-After. Checked before the API key, so it
    also slows key guessing."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, also: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limiter = limiter
        self.also = also

    def _limited(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] == "OPTIONS":
            return False
        return _protected(scope["path"]) or (scope["method"] == "POST" and scope["path"] in self.also)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._limited(scope):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        refused = self.limiter.refusal(client)
        if refused is not None:
            message, seconds = refused
            await error_response(429, "rate_limited", message, {"Retry-After": str(seconds)})(scope, receive, send)
            return
        await self.app(scope, receive, send)
