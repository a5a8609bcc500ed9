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
from rag.text import SPACED_MARKER, addresses_a_model, not_text, split_sentences, terms

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
#
# Decision (issue 14): this rule used to name "system:" and "you are", the wordings of the eval's test items adv-02
# and adv-06: it was tuned on the test split. It is now general, by kind of sentence rather than by wording, and
# tests/test_answer_robustness.py shows it on instructions worded for that test, none from the eval dataset. (The
# kinds still cover adv-02 and adv-06, so those two test items say little about the rule; the new wordings do.)
# A sentence is an instruction when it is not itself a question and it
#   - addresses a language model (rag/text.addresses_a_model, the rule that also cleans paragraphs for LLMs);
#   - opens with the speaker label of a chat transcript or of an authority ("Assistant:", "Developer note:",
#     "Admin:"), not with what it is about;
#   - tells the assistant what it is or must do, in the second person ("You must ...", "You're now ...", "Your
#     instructions ...", "From now on ..."); "You mentioned the CLOUD Act." is context and stays;
#   - opens with an imperative about the answer or what to heed ("Ignore ...", "Please answer in ...", "Do not
#     cite ...", "Translate ...").
_ROLE_LABEL = r"(?:system|assistant|user|developer|admin(?:istrator)?|operator|moderator|root|instructions?|note)"
_INSTRUCTION = re.compile(
    rf"^\W*(?:{_ROLE_LABEL}(?:\s+[a-z]+)?\s*:"
    r"|you(?:'re|’re|\s+(?:are|must|should|shall|will|have to|need to|can now|may now|no longer|now))\b"
    r"|your\s+(?:rules?|instructions?|guidelines|task|role|job)\b|from now on\b"
    r"|your\s+(?:answers?|repl(?:y|ies)|responses?|output)\s+(?:must|should|shall|will|may|has to|needs? to)\b"
    r"|(?:please\s+)?(?:ignore|disregard|forget|pretend|imagine|act as|answer|respond|reply|print|output|repeat"
    r"|translate|say|do not|don't|don’t|never|always)\b)",
    re.I,
)
_ENDS_AS_A_QUESTION = re.compile(r"\?[\"'’”)\]]*$")


def is_instruction(sentence: str) -> bool:
    """True for a sentence addressed to the assistant rather than asking about the proceedings (see above)."""
    if _ENDS_AS_A_QUESTION.search(sentence.strip()):
        return False
    return bool(_INSTRUCTION.match(sentence)) or addresses_a_model(sentence)


def focus(question: str) -> str:
    """The question without the instructions around it; unchanged when it is nothing but instructions."""
    sentences = split_sentences(question)
    kept = [s for s in sentences if not is_instruction(s)]
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
