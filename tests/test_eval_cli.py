"""`procqa eval` end to end on a small slice, and the --url client against a stand-in server."""

import json
import sys

import httpx
import pytest
from click.testing import CliRunner

from evals.clients import HttpClient
from evals.config import RunConfig
from evals.dataset import load
from evals.suite import evaluate
from rag.cli import cli
from rag.support import SupportChecker


def test_procqa_eval_writes_the_report(built_settings, tmp_path):
    out = tmp_path / "reports"
    args = ["--store", str(built_settings.store), "--sources", str(built_settings.sources), "eval"]
    args += ["--existing-index", "--mode", "bm25", "--mode", "hybrid", "--split", "test", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    (folder,) = out.iterdir()
    assert folder.name.endswith("-extractive-bm25+hybrid")
    assert {p.name for p in folder.iterdir()} == {"report.md", "results.json", "metrics.png", "latency.png"}
    assert (folder / "metrics.png").read_bytes().startswith(b"\x89PNG")
    data = json.loads((folder / "results.json").read_text())
    assert [run["config"] for run in data["runs"]] == ["extractive-bm25", "extractive-hybrid"]
    assert set(data["runs"][0]["metrics"]) == {"test"}
    report = (folder / "report.md").read_text()
    assert "## Metrics — test" in report and "## Failed questions" in report and "![metrics.png]" in report


def test_url_mode_posts_to_the_api_with_the_bearer_key(engine, monkeypatch):
    monkeypatch.setenv("PROCQA_API_KEY", "s3cret")
    seen = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = json.loads(request.content)
        if request.headers.get("authorization") != "Bearer s3cret":
            return httpx.Response(401, json={"detail": "no"})
        return httpx.Response(200, json=engine.ask(body["question"], body["history"] or None).model_dump())

    items = [i for i in load() if i.id in {"fac-01", "fol-02", "oos-01"}]
    client = HttpClient("http://procqa.test", transport=httpx.MockTransport(server))
    result = evaluate(client, RunConfig("extractive", "server"), items, SupportChecker())
    assert {r.url.path for r in seen} == {"/api/ask"}
    assert len(seen) == 4  # the follow-up's history was asked live first
    metrics = result.metrics()
    assert metrics["errors"] == 0 and metrics["accuracy"] == 1.0
    assert metrics["hit@3"] is None  # the API does not expose the ranking


def test_a_server_error_is_reported_per_question(monkeypatch):
    client = HttpClient(
        "http://procqa.test/api/ask", api_key="", transport=httpx.MockTransport(lambda r: httpx.Response(500))
    )
    result = evaluate(client, RunConfig("extractive", "server"), load()[:2], SupportChecker())
    assert result.metrics()["errors"] == 2
    assert "500" in (result.scores[0].outcome.error or "")


def test_a_refused_api_key_stops_the_run():
    client = HttpClient(
        "http://procqa.test", api_key="wrong", transport=httpx.MockTransport(lambda r: httpx.Response(401))
    )
    with pytest.raises(PermissionError, match="PROCQA_API_KEY"):
        evaluate(client, RunConfig("extractive", "server"), load()[:2], SupportChecker())


def test_a_report_without_matplotlib_has_no_plots_and_says_why(engine, tmp_path, monkeypatch):
    from evals import report

    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=engine.ask(json.loads(request.content)["question"]).model_dump())

    client = HttpClient("http://procqa.test", api_key="", transport=httpx.MockTransport(server))
    items = [i for i in load() if i.id in {"fac-01", "oos-01"}]
    result = evaluate(client, RunConfig("extractive", "server"), items, SupportChecker())
    # matplotlib is an extra (`procqa[eval]`): an install without it still writes the report.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.delitem(sys.modules, "evals.plots", raising=False)
    meta = {"dataset": {"path": "dataset.jsonl", "questions": 2}, "source": "test", "settings_summary": "-"}
    folder = report.write([result], meta, tmp_path)
    assert {p.name for p in folder.iterdir()} == {"report.md", "results.json"}
    assert "None: plots need matplotlib: pip install 'procqa[eval]'." in (folder / "report.md").read_text()


def test_each_dataset_has_its_own_report_folder(tmp_path):
    """A run on evals/meetings.jsonl had overwritten the bundled document's report of the same day."""
    from evals import report

    result = evaluate(
        HttpClient("http://procqa.test", api_key="", transport=httpx.MockTransport(lambda r: httpx.Response(500))),
        RunConfig("extractive", "server"),
        load()[:1],
        SupportChecker(),
    )
    folders = set()
    for dataset in ("dataset.jsonl", "meetings.jsonl"):
        meta = {"dataset": {"path": dataset, "questions": 1}, "source": "test", "settings_summary": "-"}
        folders.add(report.write([result], meta, tmp_path).name)
    assert len(folders) == 2
    bundled, meetings = sorted(folders, key=lambda name: "meetings" in name)
    assert "meetings" in meetings and bundled.endswith("-extractive-server")  # the bundled one's name as it was
