"""Request and response bodies of the procqa API (/api). The answer itself is rag.contract.Answer, unchanged.

Limits on the question and history (length, number of turns) are not repeated here: Engine.ask checks them
with the numbers from Settings and its messages say what to change.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from rag.contract import Turn
from rag.records import ParagraphView
from rag.validation import validate_documents


class AskRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"question": "Who headed the US delegation?"}]},
    )

    question: StrictStr = Field(description="The question, 1 to 2,000 characters.")
    history: list[Turn] = Field(
        default_factory=list,
        description="The conversation so far, oldest first (at most 20 turns of at most 4,000 characters). "
        "Follow-ups such as 'What was her title?' resolve against it.",
    )
    top_k: StrictInt | None = Field(None, description="Paragraphs to retrieve, 1 to 50 (default PROCQA_TOP_K).")
    documents: list[StrictStr] | None = Field(None, description="Only search these document ids (GET /api/documents).")

    # The question and the history are checked by Engine.ask (rag/validation.py). The document ids are checked
    # here with the same library check, because Engine.ask only looks them up, and an id that is no text would
    # otherwise come back inside its "Unknown document" message.
    _documents_are_text = field_validator("documents")(validate_documents)


class Paragraph(BaseModel):
    id: str = Field(description="Stable paragraph id, e.g. '9278/18 ¶4' or '9278/18 header'.")
    document: str
    number: int = Field(description="The paragraph number in its document; 0 for the header block.")
    section: str
    label: str
    text: str

    @classmethod
    def of(cls, view: ParagraphView) -> Paragraph:
        return cls(**asdict(view))


class ParagraphInContext(Paragraph):
    neighbours: list[Paragraph] = Field(
        description="The paragraphs around this one in document order, this one included, to show it in context."
    )


class Document(BaseModel):
    id: str
    title: str
    source: str = Field(description="The source file name.")
    metadata: dict[str, Any] = Field(description="Header fields: number, date, marking, from, to, subject, ...")
    paragraphs: int = Field(description="Number of numbered paragraphs (the header block not counted).")


class DocumentList(BaseModel):
    documents: list[Document]


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    documents: int
    paragraphs: int = Field(description="Numbered paragraphs of all documents (header blocks not counted).")
