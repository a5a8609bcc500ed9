"""The answer-concurrency places (PROCQA_ANSWER_CONCURRENCY) that every door takes through EngineHolder: the API's
routes and the chat UI. A consumer that stops reading once it has the answer (as the UI does) gives its place
back at once, so the next question is not kept waiting by a finished one."""

from __future__ import annotations

from contextlib import aclosing

import anyio

from rag.api.runtime import EngineHolder
from rag.contract import Answer
from rag.engine import Engine


def test_a_stream_left_early_frees_its_place(engine: Engine) -> None:
    holder = EngineHolder(engine.settings.model_copy(update={"answer_concurrency": 1}), engine)

    async def ask_and_leave() -> tuple[Answer, float, float]:
        stream = await holder.stream("Who headed the US delegation?")
        async with aclosing(stream) as items:
            async for item in items:
                if isinstance(item, Answer):
                    held = holder._answering.borrowed_tokens
                    break
        return item, held, holder._answering.borrowed_tokens

    answer, held, after = anyio.run(ask_and_leave)
    assert "Sessions" in answer.answer and held == 1 and after == 0
