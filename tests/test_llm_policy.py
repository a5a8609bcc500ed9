"""What the model is asked (rag/generators/llm.py): by default only what the reader finds not stated. Where the
reader answers, its quoted answer stands and the model is never called; the scripted model is at the edge."""

from __future__ import annotations

import pytest

from rag.contract import Answer, Evidence
from rag.engine import Engine
from rag.generators.llm import READER_ANSWERED_NOTE
from tests.llm_fakes import ScriptedLLM, with_llm
from tests.test_generators import number_of

ANSWERED = "Which countries did the US name as drug producers?"
NOT_STATED = "Who led the Japanese delegation?"


def test_the_readers_answer_stands_and_the_model_is_not_asked(engine: Engine) -> None:
    llm = ScriptedLLM(reply="Cocaine comes from China [1].")  # what the 1.5B model wrote on dev for fac-13
    evidence, *pieces, answer = with_llm(engine, llm, rewrites_answers=False).stream(ANSWERED)
    assert llm.prompts == []
    assert isinstance(evidence, Evidence) and isinstance(answer, Answer)
    assert answer.answer == evidence.answer == engine.ask(ANSWERED).answer and "".join(pieces) == answer.answer
    assert answer.generator == "extractive" and answer.note == READER_ANSWERED_NOTE and not answer.abstained
    assert "Colombia (cocaine) and China (opioids)" in answer.answer


def test_what_the_reader_finds_not_stated_is_still_asked_of_the_model(engine: Engine) -> None:
    llm = ScriptedLLM(reply="NOT IN THE PROCEEDINGS")
    answer = with_llm(engine, llm, rewrites_answers=False).ask(NOT_STATED)
    assert len(llm.prompts) == 1 and NOT_STATED in llm.prompts[0]
    assert answer.generator == "openai" and answer.outcome == "not_stated" and answer.related


def test_the_model_rewrites_answers_only_when_told_to(engine: Engine) -> None:
    llm = ScriptedLLM(reply="NOT IN THE PROCEEDINGS")
    answer = with_llm(engine, llm, rewrites_answers=True).ask(ANSWERED)
    assert len(llm.prompts) == 1 and answer.generator == "openai" and answer.abstained


def test_the_reader_resolves_a_follow_up_itself_and_the_model_rewrites_it_only_when_asked(engine: Engine) -> None:
    # A model's rewriting of a follow-up used to replace the reader's resolution: on dev, "Which of them is
    # responsible for migration?" and "And security?" were rewritten into questions the reader then got wrong.
    llm = ScriptedLLM(reply="What is the capital of Peru?")  # a rewriting that would lose the conversation
    history = [
        {"role": "user", "content": "Who headed the US delegation?"},
        {"role": "assistant", "content": engine.ask("Who headed the US delegation?").answer},
    ]
    answer = with_llm(engine, llm, rewrites_answers=False).ask("And the EU?", history)
    assert llm.prompts == [] and answer.generator == "extractive" and "Avramopoulos" in answer.answer
    # Asked (the reader finds it not stated), the model first rewrites the follow-up with the conversation.
    with_llm(engine, llm, rewrites_answers=False).ask("And the Japanese one?", history)
    assert "<Standalone question>" in llm.prompts[0] and "Who headed the US delegation?" in llm.prompts[0]


# What the 1.5B model wrote on dev where the reader refused, each supported word for word by its paragraph: a count
# question answered with no count (a sentence of the reader's would be ruled out the same way), and the EU
# delegation's PNR update written as the US's (the paragraph speaks of the US too; the sentence names the EU alone).
@pytest.mark.parametrize(
    ("question", "paragraph", "written"),
    [
        ("How many liaison officers were exchanged?", "¶4", "Both sides continue exchanging liaison officers"),
        (
            "How far has the US got in implementing its PNR Directive?",
            "¶5",
            "The US delegation provided an update on the implementation of the PNR Directive",
        ),
    ],
)
def test_a_model_statement_is_held_to_the_kind_of_answer_and_the_parties_of_its_sentence(
    engine: Engine, question: str, paragraph: str, written: str
) -> None:
    assert engine.ask(question).outcome == "not_stated"
    llm = ScriptedLLM(reply=lambda prompt: f"{written} [{number_of(prompt, paragraph)}].")
    answer = with_llm(engine, llm, rewrites_answers=False).ask(question)
    assert answer.abstained and answer.generator == "extractive-fallback", answer.answer
    assert written not in answer.answer
