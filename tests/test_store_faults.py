"""A full disk or a read-only index folder: one clear error, and the index is intact once space or write access
is back. Real small file systems (tmpfs), since root ignores file permissions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rag.engine import Engine
from rag.errors import StoreWriteError
from rag.ingest import build_index
from rag.settings import Settings
from tests.conftest import BUNDLED_FILE
from tests.store_support import collection_names, fresh_clients, remount, tmpfs
from tests.test_index import SECOND_DOCUMENT


@pytest.fixture
def changed_sources(tmp_path: Path) -> Path:
    """The served document plus a new one: a build that has to write."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(BUNDLED_FILE, folder)
    (folder / "second.txt").write_text(SECOND_DOCUMENT)
    return folder


def _fill(disk: Path) -> Path:
    """Take every free byte of `disk`."""
    filler = disk / "filler"
    # Unbuffered: a buffered file's close would flush what the full disk refused again, and raise there.
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def _intact(settings: Settings, names: set[str]) -> None:
    assert collection_names(settings) == names
    fresh_clients(settings.store)
    engine = Engine.load(settings)
    assert set(engine.documents) == {"9278/18"}
    assert "Jeff Sessions" in engine.ask("Who headed the US delegation?").answer


def test_full_disk_is_a_clear_error_and_the_index_survives(built_settings, changed_sources, tmp_path):
    with tmpfs(tmp_path / "disk", size_kb=8192) as disk:  # the store and a second generation, derived files included
        shutil.copytree(built_settings.store, disk / "store")
        settings = Settings(sources=changed_sources, store=disk / "store")
        names = collection_names(settings)
        filler = _fill(disk)
        fresh_clients(settings.store)
        with pytest.raises(StoreWriteError, match=r"cannot be written \(the disk is full\).*unchanged"):
            build_index(settings)
        filler.unlink()
        _intact(settings, names)
        fresh_clients(settings.store)
        assert {d["id"] for d in build_index(settings).documents} == {"9278/18", "10101/19"}  # space is back


def test_read_only_folder_is_a_clear_error_and_the_index_survives(built_settings, changed_sources, tmp_path):
    with tmpfs(tmp_path / "disk", size_kb=8192) as disk:
        shutil.copytree(built_settings.store, disk / "store")
        settings = Settings(sources=changed_sources, store=disk / "store")
        names = collection_names(settings)
        remount(disk, "ro")
        fresh_clients(settings.store)
        with pytest.raises(StoreWriteError, match=r"cannot be written \(the folder is read-only\)"):
            build_index(settings)
        remount(disk, "rw")
        _intact(settings, names)


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_without_root_the_fault_tests_skip_but_fail_under_ci(tmp_path, monkeypatch, ci, outcome):
    """A machine that cannot mount a tmpfs skips these tests; CI must run them, so there they fail."""
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    with pytest.raises(outcome, match="mounting a tmpfs needs root"), tmpfs(tmp_path / "disk", size_kb=64):
        pass
