"""The `procqa` command, driven as a person would (click's runner), and its documentation."""

import json
import re

import click
import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.settings import Settings
from rag.validation import recent_history, validate_history
from tests.conftest import ROOT

CONTRACT_KEYS = {
    "answer", "abstained", "citations", "outcome", "related", "generator", "fallback_reason", "dropped", "note",
    "timings_ms",
}  # fmt: skip
CITATION_KEYS = {"n", "id", "label", "document", "section", "text", "quote", "score", "meeting"}


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_index_then_ask(sources_copy, tmp_path):
    store = str(tmp_path / "store")
    first = run("--sources", str(sources_copy), "--store", store, "index")
    assert first.exit_code == 0, first.output
    assert "Indexed 1 document(s) (9278/18): 26 paragraphs" in first.output
    again = run("--sources", str(sources_copy), "--store", store, "index")
    assert "up to date" in again.output and "Nothing changed" in again.output
    asked = run("--store", store, "ask", "Who headed the US delegation?")
    assert asked.exit_code == 0
    assert "Jeff Sessions" in asked.output
    assert "[1] Sofia, 22-23 May 2018 · 9278/18 · Introduction · ¶2" in asked.output


def test_ask_json_prints_the_contract_exactly(built_settings):
    result = run(
        "--store", str(built_settings.store), "ask", "--json", "Which countries did the US name as drug producers?"
    )
    data = json.loads(result.output)
    assert set(data) == CONTRACT_KEYS
    assert set(data["timings_ms"]) == {"retrieve", "synthesize", "total"}
    assert data["generator"] == "extractive" and data["abstained"] is False
    assert all(set(c) == CITATION_KEYS for c in data["citations"])
    assert {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])} == {c["n"] for c in data["citations"]}


def test_ask_not_stated_prints_the_closest_passages_as_not_an_answer(built_settings):
    store = ("--store", str(built_settings.store))
    data = json.loads(run(*store, "ask", "--json", "Who led the Japanese delegation?").output)
    assert data["outcome"] == "not_stated" and data["related"] and data["citations"] == []
    result = run(*store, "ask", "Who led the Japanese delegation?")
    assert result.exit_code == 0
    answer, listed = result.output.split("\nClosest passages (not an answer):\n")
    assert "do not say" in answer and "Sources:" not in result.output
    assert not re.search(r"\[\d+\]", result.output)  # nothing is cited, so no marker anywhere
    for related in data["related"]:
        assert f"  - {related['label']}\n" in listed
        first_words = " ".join(related["quote"].split()[:6])
        assert first_words in " ".join(listed.split())


def test_ask_out_of_scope_prints_no_passages(built_settings):
    result = run("--store", str(built_settings.store), "ask", "What is the capital of Peru?")
    assert result.exit_code == 0 and "do not cover" in result.output
    assert "Closest passages" not in result.output and "Sources:" not in result.output


def test_chat_keeps_history_for_follow_ups(built_settings):
    conversation = "What did the US say about drug producers?\nWhich countries did they name?\nexit\n"
    result = run("--store", str(built_settings.store), "chat", input=conversation)
    assert result.exit_code == 0
    second_answer = result.output.split("You> ")[2]
    assert "Colombia" in second_answer and "China" in second_answer


def test_chat_at_a_history_limit_of_two_sends_the_last_exchange_only(built_settings):
    """The conversation outgrows PROCQA_MAX_HISTORY_TURNS=2: each question goes with the last question and answer
    (the follow-up still resolves), never with more turns than the limit the engine then checks."""
    questions = [
        "What did the US say about drug producers?",
        "Which countries did they name?",
        "Who headed the US delegation?",
    ]
    conversation = "\n".join([*questions, "exit", ""])
    limit = {"PROCQA_MAX_HISTORY_TURNS": "2"}
    result = CliRunner().invoke(cli, ["--store", str(built_settings.store), "chat"], input=conversation, env=limit)
    assert result.exit_code == 0
    assert "Error" not in result.output, result.output
    answers = result.output.split("You> ")
    assert "Colombia" in answers[2] and "China" in answers[2]
    assert "Sessions" in answers[3]


@pytest.mark.parametrize(
    ("limit", "kept"),
    [(0, []), (1, []), (2, ["q3", "a3"]), (3, ["q3", "a3"]), (4, ["q2", "a2", "q3", "a3"]), (20, None)],
)
def test_recent_history_fits_the_limit_and_starts_at_a_question(limit, kept):
    history = [
        {"role": role, "content": f"{role[0].replace('u', 'q')}{n}"}
        for n in (1, 2, 3)
        for role in ("user", "assistant")
    ]  # q1 a1 q2 a2 q3 a3
    settings = Settings(max_history_turns=limit)
    recent = recent_history(history, settings)
    assert [t["content"] for t in recent] == (kept if kept is not None else [t["content"] for t in history])
    assert len(validate_history(recent, settings)) == len(recent)  # what the engine checks accepts it


def test_errors_are_one_clear_line_without_a_traceback(built_settings, tmp_path):
    missing = run("--store", str(tmp_path / "none"), "ask", "Who?")
    assert missing.exit_code == 1
    assert "No index at" in missing.output and "procqa index" in missing.output
    assert "Traceback" not in missing.output
    empty = run("--store", str(built_settings.store), "ask", "   ")
    assert empty.exit_code == 1 and "The question is empty" in empty.output
    # A byte that is not UTF-8 in argv reaches Python as a lone surrogate ("\udcff"): refused, naming it.
    undecodable = run("--store", str(built_settings.store), "ask", "Who \udcff headed the US delegation?")
    assert undecodable.exit_code == 1 and "The question contains U+DCFF, a lone surrogate" in undecodable.output
    bad_path = run("--store", str(tmp_path / "s"), "index", str(tmp_path / "nope.txt"))
    assert bad_path.exit_code == 1 and "no such file" in bad_path.output


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name in cli.list_commands(click.Context(cli)):  # `eval` is registered lazily, so not in cli.commands
        assert f"procqa {name}" in readme, f"`procqa {name}` is not documented in README.md"
