"""`pip install .` outside the checkout: a built wheel, installed into a temporary venv, runs `procqa index`,
`procqa serve` and `procqa eval` from a folder where the checkout is not importable.

The venv reuses this environment's installed dependencies (a path line in a .pth file, so no download) but not
its editable procqa: the .pth names the folder only, so the editable finder in it is never run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.api_support import free_port, stop, wait_for
from tests.conftest import BUNDLED_FILE, ROOT

pytestmark = pytest.mark.install

PACKAGE_DATA = {
    "rag/reader/answer_scorer.json",
    "ui/style.css",
    "ui/page.js",
    "evals/dataset.jsonl",
    "evals/floors.toml",
    "evals/meetings.jsonl",
    "evals/floors_meetings.toml",
}
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "reports", "*.egg-info")


def _run(*args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _wheel(tmp: Path) -> Path:
    """Build from a copy of the project files, so the build leaves nothing (build/, *.egg-info) in the checkout."""
    source = tmp / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("rag", "ui", "evals"):
        shutil.copytree(ROOT / package, source / package, ignore=_SKIP)
    wheels = tmp / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run(*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", "-w", wheels, source, cwd=tmp,
         env=dict(os.environ))  # fmt: skip
    (wheel,) = wheels.glob("procqa-*.whl")
    return wheel


def _venv(tmp: Path, wheel: Path) -> tuple[Path, dict[str, str]]:
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python]
    _run(*pip, "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp, env=dict(os.environ))
    site = Path(
        subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       capture_output=True, text=True, check=True).stdout.strip()
    )  # fmt: skip
    # The dependencies, from this environment's site-packages; added after the install so pip never sees them.
    host = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "procqa-test-dependencies.pth").write_text("\n".join(host) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the checkout must not be importable
    return venv, {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}


def test_the_wheel_installs_and_its_commands_run_outside_the_checkout(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= PACKAGE_DATA, f"missing from the wheel: {PACKAGE_DATA - names}"
    assert not any(name.startswith(("tests/", "benchmarks/")) for name in names)

    venv, env = _venv(tmp_path, wheel)
    work = tmp_path / "work"
    (work / "sources").mkdir(parents=True)
    shutil.copy(BUNDLED_FILE, work / "sources" / BUNDLED_FILE.name)
    python, procqa = venv / "bin" / "python", venv / "bin" / "procqa"

    where = _run(python, "-c", "import rag, ui, evals; print(rag.__file__, ui.__file__, evals.__file__)", cwd=work,
                 env=env)  # fmt: skip
    for path in where.split():
        assert Path(path).is_relative_to(venv), f"imported {path}, not the installed package"
    # The library does not import its measuring code: loading the command line leaves evals/ unimported.
    _run(python, "-c", "import sys, rag.cli; assert not [m for m in sys.modules if m.startswith('evals')]",
         cwd=work, env=env)  # fmt: skip

    store = ("--sources", "sources", "--store", "store")
    indexed = _run(procqa, *store, "index", cwd=work, env=env)
    assert "Indexed 1 document(s) (9278/18): 26 paragraphs" in indexed

    port = free_port()
    log = (work / "serve.log").open("wb")
    server = subprocess.Popen(
        [procqa, *store, "serve", "--port", str(port), "--no-access-log"], cwd=work, env=env, stdout=log, stderr=log
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/readyz", timeout=120, process=server)
        answer = httpx.post(f"{base}/api/ask", json={"question": "Who headed the US delegation?"}, timeout=60).json()
        assert "Claire Grady" in answer["answer"] and answer["citations"][0]["id"] == "9278/18 ¶2"
        page = httpx.get(f"{base}/", timeout=60)
        assert page.status_code == 200
        config = httpx.get(f"{base}/config", timeout=60).text
        assert ".procqa-doc-title" in page.text + config  # ui/style.css, read from the installed package
    finally:
        stop(server)
        log.close()
    served = (work / "serve.log").read_text(errors="replace")
    assert "Application shutdown complete" in served and "Traceback" not in served, served

    # eval: the packaged dataset is the default; a few of its dev questions keep the run short.
    shown = _run(procqa, "eval", "--help", cwd=work, env=env)
    dataset = Path(shown.split("[default: ")[1].split("]")[0].replace("\n", "").replace(" ", ""))
    assert dataset.is_relative_to(venv) and dataset.is_file()
    lines = [line for line in dataset.read_text(encoding="utf-8").splitlines() if json.loads(line)["split"] == "dev"]
    few = [line for line in lines if json.loads(line)["kind"] != "followup"][:6]
    (work / "few.jsonl").write_text("\n".join(few) + "\n", encoding="utf-8")
    evaluated = _run(procqa, *store, "eval", "--existing-index", "--mode", "hybrid", "--dataset", "few.jsonl",
                     cwd=work, env=env)  # fmt: skip
    assert "extractive-hybrid    dev" in evaluated
    (report,) = (work / "evals" / "reports").glob("*/results.json")  # under the working directory, not the venv
    assert len(json.loads(report.read_text(encoding="utf-8"))["questions"]) == 6
    assert not list(venv.rglob("reports"))
