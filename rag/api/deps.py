"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from rag.api.runtime import EngineHolder
from rag.engine import Engine


def holder(request: Request) -> EngineHolder:
    return request.app.state.engines


async def engine(request: Request) -> Engine:
    """The loaded engine; when start-up could not load it, loading is retried here."""
    return await holder(request).engine_async()


EngineDep = Annotated[Engine, Depends(engine)]
HolderDep = Annotated[EngineHolder, Depends(holder)]
