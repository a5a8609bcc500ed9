"""A scripted LLM at the edge of the system: it writes what a test tells it to (or fails as told), through
llama-index's CustomLLM, so everything from the prompt to the citation check is the real code."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from copy import copy
from typing import Any

from llama_index.core.llms import CompletionResponse, CompletionResponseGen, CustomLLM, LLMMetadata
from pydantic import Field

from rag.engine import Engine
from rag.generators import LLMGenerator
from rag.support import SupportChecker

Reply = str | Callable[[str], str]


class ScriptedLLM(CustomLLM):
    reply: Any = ""  # the text, or a function of the prompt
    delay_s: float = 0.0  # before each token
    fail: Any = None  # an exception to raise ...
    fail_after: int = 0  # ... after this many tokens
    prompts: list[str] = Field(default_factory=list)

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=4096, num_output=256, model_name="scripted", is_chat_model=False)

    def _text(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.reply(prompt) if callable(self.reply) else self.reply

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        text = "".join(self._tokens(prompt))
        return CompletionResponse(text=text)

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        def gen() -> CompletionResponseGen:
            text = ""
            for token in self._tokens(prompt):
                text += token
                yield CompletionResponse(text=text, delta=token)

        return gen()

    def _tokens(self, prompt: str):  # type: ignore[no-untyped-def]
        for i, token in enumerate(re.findall(r"\s*\S{1,4}", self._text(prompt))):
            if self.fail is not None and i >= self.fail_after:
                raise self.fail
            if self.delay_s:
                time.sleep(self.delay_s)
            yield token


def with_llm(engine: Engine, llm: Any, name: str = "openai", **options: Any) -> Engine:
    """A copy of the shared test engine whose answers come from `llm` (the engine itself stays extractive). The
    model rewrites the reader's answers too (`rewrites_answers`), so that the citation check is tested on
    questions the reader answers; `rewrites_answers=False` is the product's default (tests/test_llm_policy.py)."""
    settings = {"timeout_s": 30.0, "context_window": 4096, "max_tokens": 256, "rewrites_answers": True, **options}
    clone = copy(engine)
    clone.llm = LLMGenerator(name, llm, SupportChecker(engine.embed_model.embed), **settings)
    return clone
