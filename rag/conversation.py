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
from rag.corpus import salient_names
from rag.errors import QuestionError
from rag.settings import Settings
from rag.text import split_sentences, terms

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
_MARKER = re.compile(r"\s*\[\d+\]")
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


def validate_question(question: Any, settings: Settings) -> str:
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    question = question.strip()
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
        if len(turn.content) > settings.max_turn_chars:
            raise QuestionError(
                f"history[{i}] is {len(turn.content):,} characters; the limit is {settings.max_turn_chars:,}."
            )
        turns.append(turn)
    return turns


@dataclass(frozen=True)
class ResolvedQuestion:
    question: str  # what the person asked
    query: str  # what retrieval uses: the standalone question and the context borrowed from the conversation
    followup: bool
    already_said: str = ""  # a follow-up's previous answer: asking again means wanting something new
    own: str = ""  # the standalone question: what it pins down must hold of the answer
    context: str = ""  # what a pronoun of the question refers to, from the conversation (helps, never pins)

    @property
    def standalone(self) -> str:
        return self.own or self.question


_PERSONAL = frozenset(["he", "she", "him", "her", "his", "hers"])
_PLURAL = frozenset(["they", "them", "their", "theirs"])
_WH = re.compile(r"\b(what|who|whom|whose|which|when|where|why|how|did|does|do|is|are|was|were|can|will)\b", re.I)
_CONTINUATION = re.compile(r"^\s*(and|also|but|so|what about|how about|and what about)\b[\s,]*", re.I)
_SALIENT = re.compile(r"(?<![\w-])(?:[A-Z][\w’'.]*[A-Z]|[A-Z]{2,}|[A-Z][a-z][\w’'.-]*)(?![\w-])")


def is_followup(question: str) -> bool:
    lowered = question.lower().strip()
    tokens = re.findall(r"[a-z’']+", lowered)
    if any(token in _ANAPHORA for token in tokens) or lowered.startswith(_CONTINUATIONS):
        return True
    return len(terms(question)) <= 1  # "And the EU?" / "Why?" carry no topic of their own


def _names(text: str) -> list[str]:
    """Names and figures from a text: what a pronoun in the next question most likely means."""
    if not text:
        return []
    text = _MARKER.sub("", text)
    names = [m.group(0) for m in _NAME.finditer(text) if len(m.group(0)) > 2]
    return list(dict.fromkeys(names + _NUMBER.findall(text)))


def resolve(question: str, history: Sequence[Turn]) -> ResolvedQuestion:
    """Resolve `question` against the conversation so far (oldest turn first). The question's own content
    always wins: the conversation only supplies what it lacks (a pronoun's referent, an elided frame)."""
    previous: ResolvedQuestion | None = None
    last_answer = ""
    for turn in history:
        if turn.role == "user":
            previous, last_answer = _resolve_one(turn.content, previous, last_answer), ""
        else:
            last_answer = turn.content
    return _resolve_one(question, previous, last_answer)


def _resolve_one(question: str, previous: ResolvedQuestion | None, last_answer: str) -> ResolvedQuestion:
    if previous is None or not is_followup(question):
        return ResolvedQuestion(question, question, False, own=question)
    fragment = _CONTINUATION.sub("", question).strip()
    if not _WH.search(fragment) and len(fragment.split()) <= 5 and not set(fragment.lower().split()) & _ANAPHORA:
        # "And the EU?", "What about Canada?": the previous question's frame, with the new name in it.
        own, context = _substitute(previous.standalone, fragment), previous.context
    else:
        own, context = question, _referent(question, previous, last_answer)
    query = f"{own} {context}".strip()[: len(own) + _MAX_CONTEXT_CHARS]
    return ResolvedQuestion(question, query, True, _MARKER.sub("", last_answer), own=own, context=context)


def _referent(question: str, previous: ResolvedQuestion, last_answer: str) -> str:
    tokens = set(re.findall(r"[a-z’']+", question.lower()))
    if not tokens & _ANAPHORA and _WH.search(question) and len(terms(question)) >= 2:
        return ""  # "And who represented the EU?": a whole question of its own; it needs nothing borrowed
    if tokens & _PERSONAL:
        return " ".join(_names(last_answer) or salient_names(previous.standalone))
    if tokens & _PLURAL:
        # "they": the side or people the previous question was about.
        return " ".join(salient_names(previous.standalone)) or previous.context
    if len(terms(question)) <= 1:
        # Little topic of its own ("When was it adopted?"): the previous question is the topic.
        return f"{previous.standalone} {' '.join(_names(last_answer)[:6])}".strip()
    return " ".join(salient_names(previous.standalone)) or previous.context


def _substitute(frame: str, fragment: str) -> str:
    """The frame question with the fragment's party put in place of the frame's ("Who headed the US
    delegation?" + "the EU?" -> "Who headed the EU delegation?"); otherwise the fragment is appended."""
    from rag.reader.gazetteer import party_of

    new = [m.group(0) for m in _SALIENT.finditer(fragment)]
    new_parties = [n for n in new if party_of(n)]
    for match in _SALIENT.finditer(frame):
        if new_parties and party_of(match.group(0)) and match.group(0) not in new_parties:
            return f"{frame[: match.start()]}{new_parties[0]}{frame[match.end() :]}"
    return f"{frame.rstrip('?.! ')} ({fragment.rstrip('?.! ')})?"
