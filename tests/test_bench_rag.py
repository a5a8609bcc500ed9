"""benchmarks/bench_rag.py: llama-index's recipe over procqa's own Chroma index, its answer read into the contract
and scored like procqa's (a scripted LLM at the edge; the index, the query engine and the scoring are real)."""

from __future__ import annotations

from benchmarks.bench_rag import LlamaIndexClient, items
from evals.dataset import load
from evals.metrics import score
from evals.runner import Outcome
from rag.support import SupportChecker
from tests.llm_fakes import ScriptedLLM


def test_the_recipe_reads_procqas_index_and_its_citations_become_paragraph_ids(built_settings):
    llm = ScriptedLLM(reply="The US delegation was headed by Attorney General Jeff Sessions [1].")
    client = LlamaIndexClient(built_settings.store, built_settings.llm_model_path, llm=llm)
    answer = client.ask("Who headed the US delegation?")
    assert "Source 1:" in llm.prompts[-1] and "Jeff Sessions" in llm.prompts[-1]  # retrieved from procqa's Chroma
    assert not answer.abstained and [c.n for c in answer.citations] == [1]
    assert answer.citations[0].id.startswith("9278/18 ¶") and "Source 1" not in answer.citations[0].text
    item = next(i for i in load(splits=["dev"]) if i.id == "fac-01")  # "Who headed the US delegation?"
    scored = score(Outcome(item, answer, None, 1.0), SupportChecker())  # scored like procqa's answers
    assert scored.facts_found == [True, False]  # Sessions, not Grady
    assert [c.id for c in scored.citation_checks] == [answer.citations[0].id]


def test_an_answer_citing_nothing_counts_as_an_abstention(built_settings):
    client = LlamaIndexClient(built_settings.store, built_settings.llm_model_path, llm=ScriptedLLM(reply="No idea."))
    answer = client.ask("What is the capital of Peru?")
    assert answer.abstained and answer.citations == [] and answer.outcome == "not_stated"


def test_the_questions_alternate_answerable_and_not_and_are_single_turn():
    chosen = items("test", 6)
    assert [i.answerable for i in chosen] == [True, False] * 3
    assert all(not i.history and i.split == "test" for i in chosen)
