"""Settings precedence: explicit arguments > PROCQA_* environment > settings file > defaults."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from rag.settings import Settings


def test_defaults_work_out_of_the_box():
    settings = Settings()
    assert settings.sources == Path("index/sources") and settings.store == Path("index/store")
    assert settings.chroma_url is None and settings.retrieval_mode == "hybrid"


def test_file_then_environment_then_arguments(tmp_path, monkeypatch):
    file = tmp_path / "procqa.toml"
    file.write_text('top_k = 7\nretrieval_mode = "bm25"\nstore = "/srv/index"\n')
    monkeypatch.setenv("PROCQA_SETTINGS_FILE", str(file))
    assert (Settings().top_k, Settings().retrieval_mode, Settings().store) == (7, "bm25", Path("/srv/index"))
    monkeypatch.setenv("PROCQA_TOP_K", "9")
    assert Settings().top_k == 9 and Settings().retrieval_mode == "bm25"
    assert Settings(top_k=3).top_k == 3


@pytest.mark.parametrize(
    ("env", "value"),
    [("PROCQA_TOP_K", "0"), ("PROCQA_RETRIEVAL_MODE", "magic"), ("PROCQA_COLLECTION", "no spaces allowed")],
)
def test_bad_values_are_refused_with_the_field_named(monkeypatch, env, value):
    monkeypatch.setenv(env, value)
    with pytest.raises(ValidationError, match=env.removeprefix("PROCQA_").lower()):
        Settings()


def test_unknown_keys_in_the_file_are_refused(tmp_path, monkeypatch):
    file = tmp_path / "procqa.toml"
    file.write_text("topk = 7\n")
    monkeypatch.setenv("PROCQA_SETTINGS_FILE", str(file))
    with pytest.raises(ValidationError, match="topk"):
        Settings()
