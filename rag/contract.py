"""The answer contract shared by the library, `procqa ask --json` and the HTTP API. Keep it exactly."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Turn(BaseModel):
    """One earlier message of the conversation."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str


class Citation(BaseModel):
    n: int = Field(description="The marker number: [n] in the answer refers to citations[n-1].")
    id: str = Field(description="Stable paragraph id, e.g. '9278/18 ¶4'.")
    label: str
    document: str
    section: str
    text: str = Field(description="The full paragraph.")
    quote: str = Field(description="The sentence(s) of the paragraph the answer uses.")
    score: float


class Timings(BaseModel):
    retrieve: float
    synthesize: float
    total: float


class Answer(BaseModel):
    answer: str
    abstained: bool
    citations: list[Citation]
    generator: str = Field(
        "extractive",
        description="Who wrote the answer: extractive, llama-cpp, openai, ollama, or extractive-fallback (an LLM "
        "generator's answer could not be used; fallback_reason says why).",
    )
    fallback_reason: str | None = None
    dropped: list[str] = Field(
        default_factory=list, description="Statements of an LLM's answer left out: their citations do not support them."
    )
    note: str | None = Field(None, description="What the reader should know about how this answer was made.")
    timings_ms: Timings
