"""Checking what a person sends before anything reads it: the question, the conversation's history and the
document filter. Each problem is a QuestionError that says what to send instead; nothing is repaired silently."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from rag.contract import Turn
from rag.errors import QuestionError
from rag.settings import Settings
from rag.text import not_text


def check_text(text: str, what: str) -> str:
    """`text` unchanged, or a QuestionError naming its first lone surrogate or non-character (rag/text.not_text:
    why they are refused rather than repaired). Every piece of asked text passes here before the tokenizer."""
    problem = not_text(text)
    if problem:
        raise QuestionError(f"{what} contains {problem}. Send plain Unicode text (UTF-8) without it.")
    return text


def validate_question(question: Any, settings: Settings) -> str:
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    question = check_text(question, "The question").strip()
    if not question:
        raise QuestionError("The question is empty. Ask something about the proceedings.")
    if len(question) > settings.max_question_chars:
        raise QuestionError(
            f"The question is {len(question):,} characters long; the limit is {settings.max_question_chars:,}. "
            "Ask a shorter question."
        )
    return question


def recent_history(history: Sequence[Any], settings: Settings) -> list[Any]:
    """The end of a running conversation that fits max_history_turns, for the doors that keep one (the CLI's
    chat, the UI); what they send then passes validate_history like any API request. It starts at a question:
    an answer without the question it answered would only mislead the follow-up rewriting."""
    limit = settings.max_history_turns
    recent = list(history[-limit:]) if limit else []
    while recent and _role(recent[0]) == "assistant":
        recent.pop(0)
    return recent


def _role(turn: Any) -> Any:
    return turn.role if isinstance(turn, Turn) else turn.get("role") if isinstance(turn, dict) else None


def validate_history(history: Sequence[Any] | None, settings: Settings) -> list[Turn]:
    if history is None:
        return []
    if not isinstance(history, Sequence) or isinstance(history, str | bytes):
        raise QuestionError("history must be a list of {role, content} turns.")
    if len(history) > settings.max_history_turns:
        raise QuestionError(
            f"history has {len(history)} turns; the limit is {settings.max_history_turns}. Start a new chat."
        )
    turns: list[Turn] = []
    for i, item in enumerate(history):
        try:
            turn = item if isinstance(item, Turn) else Turn.model_validate(item)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"]) or "turn"
            raise QuestionError(
                f"history[{i}] is malformed ({where}: {problem['msg']}); each turn is "
                '{"role": "user" or "assistant", "content": text}.'
            ) from None
        check_text(turn.content, f"history[{i}]")
        if len(turn.content) > settings.max_turn_chars:
            raise QuestionError(
                f"history[{i}] is {len(turn.content):,} characters; the limit is {settings.max_turn_chars:,}."
            )
        turns.append(turn)
    return turns


def validate_documents(documents: Sequence[Any] | None) -> list[str] | None:
    """The document filter: a list of ids, each real text (None or empty: every document). Whether each id is
    indexed is for the caller, who knows the index."""
    if documents is None:
        return None
    if isinstance(documents, str | bytes) or not isinstance(documents, Sequence):
        raise QuestionError("documents must be a list of document ids.")
    for i, document in enumerate(documents):
        if not isinstance(document, str):
            raise QuestionError(f"documents[{i}] must be a document id (text).")
        check_text(document, f"documents[{i}]")
    return list(documents) or None
