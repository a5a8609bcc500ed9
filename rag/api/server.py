"""Run the API with uvicorn: `procqa serve`."""

from __future__ import annotations

import os
from typing import Any

import uvicorn

from rag.settings import Settings


def serve(settings: Settings, overrides: dict[str, Any], *, workers: int = 1, access_log: bool = True) -> None:
    """Serve on settings.host:settings.port. One worker gets the app built here; several run the app factory
    in their own processes, which read their settings from the environment, so `overrides` (the command
    line's settings) are exported as PROCQA_* variables first."""
    if workers == 1:
        from rag.api.app import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, access_log=access_log)
        return
    for key, value in overrides.items():
        os.environ[f"PROCQA_{key.upper()}"] = str(value)
    uvicorn.run(
        "rag.api.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        access_log=access_log,
    )
