"""The procqa HTTP API: one FastAPI app, built by create_app(settings).

`/` is left for the web UI that a later change mounts there; until then it points at the docs. /docs and
/redoc are served from the fastapi-offline package (no CDN; /redoc through rag/api/redoc.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.routing import Mount

from rag.api import errors, redoc
from rag.api.middleware import ApiKeyMiddleware, BodyLimitMiddleware, RateLimiter, RateLimitMiddleware
from rag.api.routers import ask, documents, health, openai_compat
from rag.api.runtime import EngineHolder
from rag.engine import Engine
from rag.settings import Settings

DESCRIPTION = """Ask plain-English questions about Council "outcome of proceedings" documents; every statement of
an answer cites the paragraph it comes from, or the answer says the proceedings do not cover it.

Every error is JSON: `{"error": {"type": "...", "message": "..."}}`. When the server has an API key
(PROCQA_API_KEY), /api and /v1 need `Authorization: Bearer <key>`."""


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The app for `settings` (default: from PROCQA_* and procqa.toml). Its lifespan loads the Engine once,
    unless an already loaded `engine` is given (one shared with a UI or a test). Called with no arguments it is
    the factory uvicorn uses with several workers (each worker loads its own)."""
    settings = settings or (engine.settings if engine else Settings())
    engines = EngineHolder(settings, engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(engines.start)
        yield

    app = FastAPIOffline(
        title="procqa",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,  # rag/api/redoc.py serves it, without the bundle's one image from a CDN
    )
    app.state.engines = engines
    # One limiter per process, for the API and the UI alike (a client's questions count the same at either door).
    limiter = RateLimiter(settings.rate_limit) if settings.rate_limit else None
    app.state.settings = settings
    errors.install(app)
    redoc.install(app)
    for module in (ask, documents, openai_compat, health):
        app.include_router(module.router)

    if settings.ui:
        # The chat UI at "/", in this process, over the same engine. Imported only here: gradio takes seconds.
        from ui.app import mount_ui

        key = settings.api_key.get_secret_value() if settings.api_key else None
        mount_ui(app, engines, limiter, api_key=key)
        # A path that is neither the API's nor the UI's gets the same JSON 404 as an unknown API path.
        for route in app.routes:
            if isinstance(route, Mount) and isinstance(route.app, FastAPI):
                route.app.add_exception_handler(404, errors.on_http)  # type: ignore[arg-type]
    else:

        @app.get("/", include_in_schema=False)
        async def root() -> dict[str, Any]:
            return {"name": "procqa", "docs": "/docs", "api": ["/api/ask", "/api/ask/stream", "/v1/chat/completions"]}

    # Added innermost first: CORS (when configured) sees every request, then the rate limit, the key, the body limit.
    # An upload carries a whole source file (plus a little multipart framing).
    uploads = {"/api/documents": settings.max_source_bytes + 64 * 1024}
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_request_bytes, uploads=uploads)
    if settings.api_key is not None:
        app.add_middleware(ApiKeyMiddleware, api_key=settings.api_key.get_secret_value())
    if limiter is not None:
        # The UI's login form takes the API key: it is limited like the API, so guessing is as slow there.
        login = ("/login", "/login/") if settings.ui and settings.api_key is not None else ()
        app.add_middleware(RateLimitMiddleware, limiter=limiter, also=login)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("procqa")
    except PackageNotFoundError:
        return "0"
