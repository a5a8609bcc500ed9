"""The answer contract shared by the library, `procqa ask --json` and the HTTP API. Keep it exactly."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Turn(BaseModel):
    """One earlier message of the conversation."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str


class Meeting(BaseModel):
    """The meeting a cited document reports, as read from its header and text (rag/meeting.py)."""

    label: str = Field(description="Place and dates in words: 'Sofia, 22-23 May 2018'.")
    name: str | None = Field(None, description="'EU-US Justice and Home Affairs Ministerial Meeting'.")
    place: str | None = None
    country: str | None = None
    start: str | None = Field(None, description="ISO date the meeting began.")
    end: str | None = Field(None, description="ISO date the meeting ended.")


class Citation(BaseModel):
    n: int = Field(description="The marker number: [n] in the answer refers to citations[n-1].")
    id: str = Field(description="Stable paragraph id, e.g. '9278/18 ¶4'.")
    label: str
    document: str
    section: str
    text: str = Field(description="The full paragraph.")
    quote: str = Field(description="The sentence(s) of the paragraph the answer uses.")
    score: float
    meeting: Meeting | None = Field(
        None, description="The meeting of the cited document, where its header or text names one."
    )

    def evidence(self) -> str:
        """What the citation says: its paragraph under its heading (an agenda item is the heading), and the
        meeting its label names (read from the document's header), which an answer that names the meeting relies
        on too."""
        said = f"{self.section}\n{self.text}" if self.section else self.text
        return f"{self.meeting.label}\n{said}" if self.meeting else said


class Timings(BaseModel):
    retrieve: float
    synthesize: float
    total: float


Outcome = Literal["answer", "not_stated", "out_of_scope"]


class Evidence(BaseModel):
    """What the proceedings say, read by the extractive reader before any language model writes: the first item
    of every answer stream (Engine.stream, the `evidence` SSE event). Without an LLM generator it is the answer
    itself; with one, the model's answer follows and replaces it (and it stays the model's fallback)."""

    outcome: Outcome = Field(description="The extractive reader's outcome: answer, not_stated or out_of_scope.")
    answer: str = Field(description="The extractive answer, markers [n] referring to `citations`.")
    citations: list[Citation] = Field(default_factory=list)
    related: list[Citation] = Field(
        default_factory=list, description="With outcome not_stated: the closest passages, never asserted."
    )

    @property
    def abstained(self) -> bool:
        return self.outcome != "answer"


class Answer(BaseModel):
    answer: str
    abstained: bool
    citations: list[Citation]
    outcome: Outcome = Field(
        "answer",
        description="answer: asserted and cited. not_stated: the proceedings do not say (abstained is true); "
        "`related` lists the closest passages, shown but not asserted. out_of_scope: nothing related at all.",
    )
    related: list[Citation] = Field(
        default_factory=list,
        description="With outcome not_stated: the closest passages, for the reader to check. Never cited by a "
        "marker in the answer, and never asserted.",
    )
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


# What an answer stream yields (Engine.stream): the Evidence, then text pieces of the answer, then the Answer.
StreamItem = str | Evidence | Answer
