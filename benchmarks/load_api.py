"""Load benchmark of POST /api/ask on loopback: requests/s and p50/p99 latency at 1, 8 and 32 concurrent clients.

    .venv/bin/python benchmarks/load_api.py                   # `procqa serve` with 1, then 2 worker processes
    .venv/bin/python benchmarks/load_api.py --url http://127.0.0.1:8000   # an already running server

Without --url it starts `procqa serve` on a free port for each --workers value, over the index at PROCQA_STORE
(default index/store) or, when there is none, a temporary build of the bundled documents. Each client sends one
request at a time, back to back, for --seconds after a warm-up; every reply must be a 200 with an answer.
Writes benchmarks/results/load_api.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "load_api.md"
QUESTIONS = [
    "Who headed the US delegation?",
    "Which countries did the US name as drug producers?",
    "When was the CLOUD Act adopted?",
    "What scandal was mentioned in relation to electoral systems?",
    "Where will the next EU-US ministerial take place?",
    "What is the document's reference number?",
    "What did the ministers say about Europol?",
    "How many Member States are not covered by the Visa Waiver Programme?",
]


@dataclass
class Level:
    clients: int
    workers: int | None  # None: a server this script did not start
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    others: float | None = None  # cores busy with work other than this benchmark's (None: unknown)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000 if ordered else 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds


async def _client(client: httpx.AsyncClient, offset: int, until: float, level: Level, record: bool) -> None:
    i = offset
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            response = await client.post("/api/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
        except httpx.HTTPError:  # a dropped connection is a failed request, counted like any other
            response = None
        elapsed = time.perf_counter() - started
        i += 1
        if not record:
            continue
        if response is not None and response.status_code == 200 and response.json().get("answer"):
            level.latencies.append(elapsed)
        else:
            level.errors += 1


async def _progress(level: Level, until: float) -> None:
    while time.perf_counter() < until:
        await asyncio.sleep(1.0)
        print(f"\r  {level.clients:>2} clients: {len(level.latencies):>6} requests", end="", file=sys.stderr)


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (not idle, not waiting on I/O), from /proc/stat."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _our_cpu(server: int | None) -> float:
    """CPU seconds used by this script and by the server process with its workers (its children)."""
    total = sum(os.times()[:2])
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)
        except OSError:  # the process ended meanwhile
            continue
        fields = rest.rsplit(") ", 1)[1].split()
        if server is not None and server in (int(pid), int(fields[1])):  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def run_level(
    url: str, clients: int, seconds: float, warmup: float, workers: int | None, server: int | None
) -> Level:
    level = Level(clients, workers, seconds=seconds)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        until = time.perf_counter() + warmup
        await asyncio.gather(*(_client(client, i, until, level, False) for i in range(clients)))
        busy, ours = _machine_busy(), _our_cpu(server)
        until = time.perf_counter() + seconds
        await asyncio.gather(_progress(level, until), *(_client(client, i, until, level, True) for i in range(clients)))
        if server is not None:
            level.others = max(0.0, (_machine_busy() - busy) - (_our_cpu(server) - ours)) / seconds
    others = f", other work {level.others:.1f} cores" if level.others is not None else ""
    print(
        f"\r  {clients:>2} clients: {level.rps:7.1f} req/s, p50 {level.percentile(50):6.1f} ms, "
        f"p99 {level.percentile(99):6.1f} ms, {level.errors} errors{others}",
        file=sys.stderr,
    )
    return level


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def index_options(store: Path | None) -> Iterator[list[str]]:
    """procqa options that select an index: the given one, else a temporary build of the bundled documents."""
    store = store or Path(os.environ.get("PROCQA_STORE", ROOT / "index" / "store"))
    if (store / "chroma.sqlite3").exists():
        yield ["--store", str(store)]
        return
    print(f"No index at {store}: building the bundled documents into a temporary one.", file=sys.stderr)
    with tempfile.TemporaryDirectory() as scratch:
        options = ["--store", scratch, "--sources", str(ROOT / "index" / "sources")]
        subprocess.run([sys.executable, "-m", "rag", *options, "index"], check=True, cwd=ROOT)
        yield options


@contextmanager
def served(options: list[str], workers: int) -> Iterator[tuple[str, int]]:
    """`procqa serve --workers N` on a free loopback port; yields its URL and pid once it is ready."""
    port = _free_port()
    command = [sys.executable, "-m", "rag", *options, "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        [*command, "--no-access-log"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, server)
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"procqa serve exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} was not ready after 120 s")


def report(levels: list[Level], seconds: float) -> str:
    rows = [
        f"| {lv.workers or '-'} | {lv.clients} | {len(lv.latencies)} | {lv.errors} | {lv.rps:.1f} | "
        f"{lv.percentile(50):.1f} | {lv.percentile(99):.1f} | {'-' if lv.others is None else f'{lv.others:.1f}'} |"
        for lv in levels
    ]
    return "\n".join(
        [
            "# Load benchmark: POST /api/ask on loopback",
            "",
            f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"`procqa serve` (uvicorn) with the extractive generator over the bundled document (9278/18); "
            f"{len(QUESTIONS)} questions in rotation; {seconds:.0f} s per level after a warm-up; the load generator "
            "(httpx) runs on the same cores. Clients: concurrent, each sending its next request when the last is "
            "answered. Other work: cores kept busy by anything but this benchmark's client and server during the "
            "level (the machine is shared), which procqa could not use.",
            "",
            "| server processes | clients | requests | errors | requests/s | p50 ms | p99 ms | other work (cores) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="Benchmark this running server instead of starting one.")
    parser.add_argument("--store", type=Path, help="Index folder to serve (default: PROCQA_STORE or index/store).")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="Server processes to compare.")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=10.0, help="Measured seconds per level.")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    async def run_all(url: str, workers: int | None, server: int | None) -> list[Level]:
        return [await run_level(url, n, args.seconds, args.warmup, workers, server) for n in args.clients]

    if args.url:
        levels = asyncio.run(run_all(args.url, None, None))
    else:
        levels = []
        with index_options(args.store) as options:
            for workers in args.workers:
                print(f"procqa serve --workers {workers}", file=sys.stderr)
                with served(options, workers) as (url, server):
                    levels += asyncio.run(run_all(url, workers, server))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(levels, args.seconds), encoding="utf-8")
    print(f"\n{report(levels, args.seconds)}\nWritten to {args.out}", file=sys.stderr)
    if any(level.errors for level in levels):
        raise SystemExit("Some requests failed.")


if __name__ == "__main__":
    main()
