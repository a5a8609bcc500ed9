"""The axes an eval run sweeps: retrieval mode and generator.

A generator is a factory from settings to a client that answers with it. Today there is one, "extractive";
an LLM generator registers its own factory here and every run, report and plot picks it up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from evals.clients import Client, InProcessClient
from rag.settings import RetrievalMode, Settings

MODES: tuple[str, ...] = get_args(RetrievalMode)  # ("hybrid", "dense", "bm25")
SERVER_MODE = "server"  # a --url run: the server's own retrieval settings


def _extractive(settings: Settings) -> Client:
    from rag.engine import Engine

    return InProcessClient(Engine.load(settings))


GENERATORS: dict[str, Callable[[Settings], Client]] = {"extractive": _extractive}


@dataclass(frozen=True)
class RunConfig:
    generator: str
    mode: str

    @property
    def label(self) -> str:
        return f"{self.generator}-{self.mode}"


# What the quality gate, the README and the floors are about.
DEFAULT = RunConfig(generator="extractive", mode="hybrid")


def client_for(config: RunConfig, settings: Settings) -> Client:
    if config.generator not in GENERATORS:
        raise ValueError(f"unknown generator {config.generator!r}; known: {', '.join(GENERATORS)}")
    return GENERATORS[config.generator](settings.model_copy(update={"retrieval_mode": config.mode}))
