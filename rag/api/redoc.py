"""/redoc, served from this machine. fastapi-offline serves Redoc's bundle locally, but the bundle itself shows
Redocly's logo from cdn.redoc.ly; this page serves the same bundle with that one image made inline, so the page
makes no request to another host (the browser tests check it)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse, Response

BUNDLE = Path(fastapi_offline.__file__).parent / "static" / "redoc.standalone.js"
STATIC = "/static-offline-docs"  # where fastapi-offline serves its files (the favicon)
_CDN_LOGO = 'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
_NO_LOGO = "src:\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E\""


@cache
def bundle() -> str:
    """Redoc's bundle without the CDN logo. A new bundle that no longer has it is served unchanged."""
    return BUNDLE.read_text(encoding="utf-8").replace(_CDN_LOGO, _NO_LOGO)


def install(app: FastAPI, path: str = "/redoc") -> None:
    """Serve /redoc (the app must be made with redoc_url=None, so that this is the only one)."""

    @app.get(path, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{path}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC}/favicon.png",
            with_google_fonts=False,
        )

    @app.get(f"{path}/redoc.standalone.js", include_in_schema=False)
    async def redoc_bundle() -> Response:
        return Response(bundle(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})
