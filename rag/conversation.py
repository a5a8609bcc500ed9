"""Questions and their history: validation, and resolving follow-ups without an LLM.

A follow-up ("What was her title?", "Which countries did they name?") leans on the conversation: we detect it
by its anaphora or its brevity and expand it with the topic of the previous exchange, the earlier question's
words and the names and figures of the earlier answer, so retrieval finds what a person would expect.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from rag.contract import Turn
from rag.errors import QuestionError
from rag.settings import Settings
from rag.text import SPACED_MARKER, not_text, split_sentences, terms

_ANAPHORA = frozenset(
    [
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "they",
        "them",
        "their",
        "theirs",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "former",
        "latter",
        "same",
        "such",
        "both",
        "either",
    ]
)
_CONTINUATIONS = ("and ", "also ", "what about", "how about", "what else", "anything else", "and?", "why?", "how?")
_MAX_CONTEXT_CHARS = 600  # the embedding reads 256 tokens; more context only dilutes
_MARKER = SPACED_MARKER
_NAME = re.compile(r"\b(?:[A-Z][\w’'.-]*(?:\s+(?:of|for|and|the|de|van|von)?\s*[A-Z][\w’'.-]*)*)")
_NUMBER = re.compile(r"\b(?:\d[\d,./-]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b", re.I)


# A sentence that instructs the assistant rather than asks about the proceedings (prompt injection, format
# requests). The extractive generator cannot obey it, but its words would steer retrieval and trip the
# unknown-name guard ("Answer in French." -> "French"), so the question is answered without it.
_INSTRUCTION = re.compile(
    r"^\W*(?:ignore|disregard|forget|pretend|answer|respond|reply|print|output|repeat|translate|say|act as|"
    r"you are|you're|from now on|(?:system|assistant|user|note)\s*:)",
    re.I,
)


def focus(question: str) -> str:
    """The question without the instructions around it; unchanged when it is nothing but instructions."""
    sentences = split_sentences(question)
    kept = [s for s in sentences if not _INSTRUCTION.match(s)]
    return " ".join(kept) if kept and len(kept) < len(sentences) else question


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


@dataclass(frozen=True)
class ResolvedQuestion:
    question: str  # what the person asked
    query: str  # what retrieval and answering use: the question, expanded when it is a follow-up
    followup: bool
    already_said: str = ""  # a follow-up's previous answer: asking again means wanting something new


def is_followup(question: str) -> bool:
    lowered = question.lower().strip()
    tokens = re.findall(r"[a-z’']+", lowered)
    if any(token in _ANAPHORA for token in tokens) or lowered.startswith(_CONTINUATIONS):
        return True
    return len(terms(question)) <= 1  # "And the EU?" / "Why?" carry no topic of their own


def _topic_of(answer: str) -> str:
    """Names and figures from an earlier answer: what a pronoun in the next question most likely means."""
    if not answer:
        return ""
    text = _MARKER.sub("", answer)
    names = [m.group(0) for m in _NAME.finditer(text) if len(m.group(0)) > 2]
    numbers = _NUMBER.findall(text)
    return " ".join(dict.fromkeys(names + numbers))


def resolve(question: str, history: Sequence[Turn]) -> ResolvedQuestion:
    """Resolve `question` against the conversation so far (oldest turn first)."""
    topic, last_answer = "", ""
    for turn in history:
        if turn.role == "user":
            topic, last_answer = _expand(turn.content, topic, last_answer), ""
        else:
            last_answer = turn.content
    query = _expand(question, topic, last_answer)
    followup = query != question
    return ResolvedQuestion(question, query, followup, _MARKER.sub("", last_answer) if followup else "")


def _expand(question: str, topic: str, last_answer: str) -> str:
    if not topic or not is_followup(question):
        return question
    context = f"{topic} {_topic_of(last_answer)}".strip()
    return f"{question} {context[:_MAX_CONTEXT_CHARS]}".strip()
