"""Generators write the answer from the retrieved paragraphs. `extractive` (rag/reader/) is the default and
every LLM generator's fallback; `llama-cpp`, `openai` and `ollama` are LLMs (llms.py) behind one citation check
(checking.py), with the prompt in prompt.py and the streaming and fallback logic in llm.py."""

from __future__ import annotations

from rag.generators.llm import FALLBACK, Generated, LLMGenerator
from rag.generators.llms import build_llm
from rag.settings import Settings
from rag.support import Embed, SupportChecker


def llm_generator(settings: Settings, embed: Embed) -> LLMGenerator | None:
    """The LLM generator the settings name, or None for extractive."""
    if settings.generator == "extractive":
        return None
    return LLMGenerator(
        settings.generator,
        build_llm(settings),
        SupportChecker(embed),
        timeout_s=settings.llm_timeout_s,
        context_window=settings.llm_context_window,
        max_tokens=settings.llm_max_tokens,
        rewrites_answers=settings.llm_rewrites_answers,
    )


__all__ = ["FALLBACK", "Generated", "LLMGenerator", "llm_generator"]
