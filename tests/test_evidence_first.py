"""Evidence first, answer next (issue 12, "a seam for reading"): every answer stream starts with the extractive
reading, before a language model is asked; the reader's out_of_scope is never sent to the model; the model's
fallback is that same reading. The model is scripted at the edge (tests/llm_fakes.py), everything else is real,
and the API test reads the SSE stream over a real socket."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from httpx_sse import connect_sse

from evals.clients import InProcessClient
from evals.config import RunConfig
from evals.dataset import Item
from evals.runner import GeneratorMismatch, ask_one, run
from rag.api.app import create_app
from rag.contract import Answer, Evidence
from rag.engine import Engine
from rag.generators.llm import FALLBACK, OUT_OF_SCOPE_NOTE
from rag.generators.prompt import NOT_COVERED
from tests.api_support import served_in_thread
from tests.llm_fakes import ScriptedLLM, with_llm
from tests.test_generators import DRUGS, SUPPORTED, drugs_reply, number_of

OUT_OF_SCOPE = "What is the capital of Peru?"
NOT_STATED = "Who led the Japanese delegation?"  # delegations are in the proceedings, Japan's never is
MODEL_SLEEPS_S = 1.0


def test_the_evidence_comes_before_the_model_is_asked(engine: Engine) -> None:
    llm = drugs_reply()
    items = with_llm(engine, llm).stream(DRUGS)
    evidence = next(items)
    assert isinstance(evidence, Evidence) and llm.prompts == []  # read and sent before the model's first token
    assert evidence.outcome == "answer" and "Colombia" in evidence.answer
    assert "9278/18 ¶15" in [c.id for c in evidence.citations]
    *pieces, answer = items
    assert len(llm.prompts) == 1 and all(isinstance(p, str) for p in pieces)
    assert isinstance(answer, Answer) and answer.generator == "openai" and answer.answer == f"{SUPPORTED} [1]."


def test_out_of_scope_never_calls_the_model(engine: Engine) -> None:
    llm = ScriptedLLM(reply="Lima is the capital of Peru [1].")
    evidence, *pieces, answer = with_llm(engine, llm).stream(OUT_OF_SCOPE)
    assert llm.prompts == []
    assert isinstance(evidence, Evidence) and evidence.outcome == "out_of_scope"
    assert isinstance(answer, Answer) and answer.outcome == "out_of_scope" and answer.generator == "extractive"
    assert answer.answer == evidence.answer == "".join(pieces) and answer.note == OUT_OF_SCOPE_NOTE
    assert "Lima" not in answer.answer


def test_not_stated_still_asks_the_model_and_its_abstention_keeps_the_related_passages(engine: Engine) -> None:
    llm = ScriptedLLM(reply=f"{NOT_COVERED}.")
    evidence, *_, answer = with_llm(engine, llm).stream(NOT_STATED)
    assert isinstance(evidence, Evidence) and evidence.outcome == "not_stated" and evidence.related
    assert len(llm.prompts) == 1  # the model may find what the reader's gate did not, under the citation check
    assert isinstance(answer, Answer) and answer.outcome == "not_stated" and answer.generator == "openai"
    assert answer.related == evidence.related and answer.citations == []


def test_not_stated_lets_the_model_answer_only_what_its_citations_support(engine: Engine) -> None:
    invented = "The Japanese delegation was led by Minister Tanaka"
    llm = ScriptedLLM(reply=lambda p: f"{invented} [{number_of(p, '¶2')}].")
    evidence, *_, answer = with_llm(engine, llm).stream(NOT_STATED)
    assert isinstance(evidence, Evidence) and evidence.outcome == "not_stated"
    assert isinstance(answer, Answer) and "Tanaka" not in answer.answer
    assert [d.rstrip(".") for d in answer.dropped] == [invented]
    # Nothing the model wrote was supported: the answer is the evidence, as its fallback.
    assert answer.generator == FALLBACK and answer.answer == evidence.answer and answer.related == evidence.related


def test_the_fallback_is_the_evidence_read_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    clone = with_llm(engine, ScriptedLLM(reply=SUPPORTED, fail=ConnectionError("refused")))
    readings: list[Any] = []
    real = clone.read_meetings

    def counted(*args: Any, **kwargs: Any) -> Any:
        readings.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(clone, "read_meetings", counted)
    evidence, *pieces, answer = clone.stream(DRUGS)
    assert isinstance(evidence, Evidence) and isinstance(answer, Answer)
    assert answer.generator == FALLBACK and "unreachable" in (answer.fallback_reason or "")
    assert answer.answer == evidence.answer == "".join(pieces) and answer.citations == evidence.citations
    assert len(readings) == 1  # the extractive reading was made once: for the evidence, reused as the fallback


def test_without_an_llm_the_evidence_is_the_answer(engine: Engine) -> None:
    evidence, *pieces, answer = engine.stream(DRUGS)
    assert isinstance(evidence, Evidence) and isinstance(answer, Answer) and answer.generator == "extractive"
    assert evidence.answer == answer.answer == "".join(pieces) and evidence.citations == answer.citations


def slow_drugs_reply(sleep_s: float = MODEL_SLEEPS_S) -> ScriptedLLM:
    """The drugs answer, after the model 'thinks' for `sleep_s` (as a local model does on 2 cores)."""

    def reply(prompt: str) -> str:
        time.sleep(sleep_s)
        return f"{SUPPORTED} [{number_of(prompt, '¶15')}]."

    return ScriptedLLM(reply=reply)


@pytest.fixture(scope="module")
def slow_model() -> ScriptedLLM:
    return slow_drugs_reply()


@pytest.fixture(scope="module")
def slow_llm_server(engine: Engine, slow_model: ScriptedLLM) -> Iterator[str]:
    """The API under uvicorn on loopback, over the session's index, answering with a model that takes
    MODEL_SLEEPS_S before its first token."""
    with served_in_thread(create_app(engine=with_llm(engine, slow_model))) as url:
        yield url


def timed_events(url: str, question: str) -> list[tuple[str, str, float]]:
    """(event, data, seconds since the request was sent) for each event of POST /api/ask/stream."""
    with (
        httpx.Client(timeout=60) as client,
        connect_sse(client, "POST", f"{url}/api/ask/stream", json={"question": question}) as source,
    ):
        sent = time.perf_counter()
        return [(e.event, e.data, time.perf_counter() - sent) for e in source.iter_sse()]


def test_the_sse_stream_sends_evidence_then_the_models_answer(slow_llm_server: str) -> None:
    events = timed_events(slow_llm_server, DRUGS)
    names = [name for name, _, _ in events]
    assert names[0] == "evidence" and names[-2:] == ["answer", "done"] and set(names[1:-2]) == {"delta"}, names
    evidence = Evidence.model_validate_json(events[0][1])
    answer = Answer.model_validate_json(events[-2][1])
    assert evidence.outcome == "answer" and "Colombia" in evidence.answer
    assert answer.generator == "openai" and answer.answer == f"{SUPPORTED} [1]."


def test_the_evidence_arrives_well_before_the_model_writes(slow_llm_server: str) -> None:
    """Compared, not timed absolutely (the machine is shared): the model sleeps MODEL_SLEEPS_S before its first
    token, and the evidence must not wait for it."""
    events = timed_events(slow_llm_server, DRUGS)
    evidence_at = next(at for name, _, at in events if name == "evidence")
    first_delta_at = next(at for name, _, at in events if name == "delta")
    assert first_delta_at - evidence_at >= MODEL_SLEEPS_S * 0.8, (evidence_at, first_delta_at)


def test_out_of_scope_over_http_never_asks_the_model(slow_llm_server: str, slow_model: ScriptedLLM) -> None:
    asked = len(slow_model.prompts)
    events = timed_events(slow_llm_server, OUT_OF_SCOPE)
    assert events[0][0] == "evidence"
    answer = Answer.model_validate_json(events[-2][1])
    assert answer.outcome == "out_of_scope" and answer.generator == "extractive"
    assert len(slow_model.prompts) == asked


def test_not_stated_drops_a_true_statement_about_what_was_not_asked(engine: Engine) -> None:
    """The reader's constraint check guards the model too when the reader found no answer: ¶2 supports "the US
    delegation was headed by Jeff Sessions", but the question pins down Japan, which ¶2 never names."""
    true_elsewhere = "The US delegation was headed by Attorney General Jeff Sessions"

    def llm() -> ScriptedLLM:
        return ScriptedLLM(reply=lambda p: f"{true_elsewhere} [{number_of(p, '¶2')}].")

    answer = with_llm(engine, llm()).ask(NOT_STATED)
    assert answer.outcome == "not_stated" and answer.generator == FALLBACK and "Sessions" not in answer.answer
    assert [d.rstrip(".") for d in answer.dropped] == [true_elsewhere]
    assert "names what the question asks about" in (answer.fallback_reason or "")
    # Where the reader answers, the same statement passes the citation check as before.
    answered = with_llm(engine, llm()).ask("Who headed the US delegation?")
    assert answered.generator == "openai" and answered.answer == f"{true_elsewhere} [1]."


def test_an_eval_run_of_an_llm_generator_accepts_its_out_of_scope_answers(engine: Engine) -> None:
    """The eval runner checks that answers come from the generator under test; an out_of_scope answer of an LLM
    generator is the reader's own ("extractive"), given without asking the model, and still belongs to that run."""
    client = InProcessClient(with_llm(engine, ScriptedLLM(reply="Lima [1].")))
    item = Item("oos", "dev", "out_of_scope", OUT_OF_SCOPE, answerable=False)
    outcome = ask_one(client, item, RunConfig(generator="openai", mode="hybrid"))
    assert outcome.answer is not None and outcome.answer.outcome == "out_of_scope"
    # The check itself stays: the model's answer, labelled "openai", is refused in a run of another generator.
    answered = Item("drugs", "dev", "factoid", DRUGS, answerable=False)  # not ranked: only the generator matters
    model = InProcessClient(with_llm(engine, drugs_reply()))
    with pytest.raises(GeneratorMismatch):
        ask_one(model, answered, RunConfig(generator="ollama", mode="hybrid"))
    # The reader's answers stand without the model (its default): they belong to the run too, but a run none of
    # whose answers is the model's or its fallback's (a server answering without it) is refused.
    policy = InProcessClient(with_llm(engine, ScriptedLLM(reply="NOT IN THE PROCEEDINGS"), rewrites_answers=False))
    assert ask_one(policy, answered, RunConfig(generator="openai", mode="hybrid")).answer.generator == "extractive"
    not_stated = Item("japan", "dev", "near_miss", NOT_STATED, answerable=False)
    assert len(run(policy, [answered, not_stated], RunConfig(generator="openai", mode="hybrid"))) == 2
    with pytest.raises(GeneratorMismatch):
        run(InProcessClient(engine), [answered], RunConfig(generator="openai", mode="hybrid"))
