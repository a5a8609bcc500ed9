"""`procqa documents list` and `procqa documents remove`: the index mirrors the sources folder, and no document
id can reach a file outside it."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from rag import documents as documents_module
from rag.errors import SourceError
from rag.ingest import build_index
from rag.settings import Settings
from rag.store import IndexStore
from tests.test_multi_document import OTTAWA


def run(settings: Settings, *args: str, input: str | None = None):
    from rag.cli import cli

    base = ["--sources", str(settings.sources), "--store", str(settings.store)]
    return CliRunner().invoke(cli, [*base, *args], input=input, catch_exceptions=False)


@pytest.fixture
def two_documents(sources_copy, tmp_path) -> Settings:
    (sources_copy / "sub").mkdir()  # the source may sit in a subfolder of the sources folder
    shutil.copy(OTTAWA, sources_copy / "sub" / OTTAWA.name)
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    return settings


def indexed_ids(settings: Settings) -> set[str]:
    got = IndexStore(settings).current().chunks.get(include=[])
    return {i.split(" ")[0] for i in got["ids"]}


def test_list_shows_every_document(two_documents):
    result = run(two_documents, "documents", "list")
    assert result.exit_code == 0
    assert "9278/18" in result.output and "14888/18" in result.output and OTTAWA.name in result.output
    assert "Outcome of proceedings of the EU-Canada" in result.output


def test_remove_asks_first_then_deletes_the_source_and_reindexes(two_documents):
    source = two_documents.sources / "sub" / OTTAWA.name
    declined = run(two_documents, "documents", "remove", "14888/18", input="n\n")
    assert declined.exit_code == 1 and source.exists() and "14888/18" in indexed_ids(two_documents)
    removed = run(two_documents, "documents", "remove", "14888/18", "--yes")
    assert removed.exit_code == 0, removed.output
    assert "Removed 14888/18" in removed.output and "1 document(s) remain" in removed.output
    assert not source.exists()
    assert indexed_ids(two_documents) == {"9278/18"}
    listed = run(two_documents, "documents", "list")
    assert "14888/18" not in listed.output and "9278/18" in listed.output


@pytest.mark.parametrize("document_id", ["../../etc/passwd", "/etc/passwd", "9278/18/../../x", "..", ""])
def test_ids_are_looked_up_never_used_as_paths(two_documents, document_id):
    files = sorted(two_documents.sources.rglob("*"))
    result = run(two_documents, "documents", "remove", document_id, "--yes")
    assert result.exit_code == 1 and "No indexed document" in result.output
    assert sorted(two_documents.sources.rglob("*")) == files


def test_a_source_outside_the_folder_is_never_deleted(two_documents, tmp_path, monkeypatch):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    (two_documents.sources / "link.txt").symlink_to(outside)  # a link inside pointing out
    for name in ("../outside.txt", "link.txt"):
        fake = [{"id": "1/18", "source": name}, {"id": "2/18", "source": "x.txt"}]
        monkeypatch.setattr(documents_module, "list_documents", lambda settings, fake=fake: fake)
        with pytest.raises(SourceError, match="not in the sources folder"):
            documents_module.remove_document(two_documents, "1/18")
    assert outside.read_text() == "keep me"


def test_the_last_document_is_not_removed(sources_copy, tmp_path):
    settings = Settings(sources=sources_copy, store=tmp_path / "store")
    build_index(settings)
    result = run(settings, "documents", "remove", "9278/18", "--yes")
    assert result.exit_code == 1 and "only indexed document" in result.output
    assert any(sources_copy.iterdir())


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes\ud800.txt", b"Some text.", ["file name contains U+D800, a lone surrogate", "rename"]),
        ("notes\uffff.txt", b"Some text.", ["file name contains U+FFFF, a Unicode non-character"]),
        ("notes.txt", "1. Ministers met\uffff in Sofia.".encode(), ["notes.txt", "U+FFFF", "at character 17"]),
        ("notes.html", b"<p>1. Ministers met&#xFFFE; in Sofia.</p>", ["notes.html", "U+FFFE", "non-character"]),
    ],
)
def test_an_upload_that_is_no_text_is_refused_and_leaves_the_folder_alone(tmp_path, name, content, words):
    settings = Settings(sources=tmp_path / "sources", store=tmp_path / "store")
    with pytest.raises(SourceError) as refused:
        documents_module.add_document(settings, name, content)
    for word in words:
        assert word in str(refused.value)
    assert list(settings.sources.glob("*")) == []  # nothing saved (the folder may not even exist)
