"""The axes an eval run sweeps: retrieval mode and generator.

A generator is a factory from settings to a client that answers with it: "extractive" (the default, and the
only one a run includes unless asked) and the LLM generators, which read their endpoint or model file from the
settings (PROCQA_LLM_* or the procqa options). Every run, report and plot picks up what is registered here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from evals.clients import Client, InProcessClient
from rag.settings import RetrievalMode, Settings

MODES: tuple[str, ...] = get_args(RetrievalMode)  # ("hybrid", "dense", "bm25")
SERVER_MODE = "server"  # a --url run: the server's own retrieval settings


def _in_process(generator: str) -> Callable[[Settings], Client]:
    def factory(settings: Settings) -> Client:
        from rag.engine import Engine

        return InProcessClient(Engine.load(settings.model_copy(update={"generator": generator})))

    return factory


GENERATORS: dict[str, Callable[[Settings], Client]] = {
    name: _in_process(name) for name in ("extractive", "llama-cpp", "openai", "ollama")
}
LLM_FALLBACK = "extractive-fallback"  # an LLM generator's answer that fell back: still that generator's answer


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
