"""Soak test of POST /api/ask on loopback: steady load for minutes while the server's memory is sampled.

    .venv/bin/python benchmarks/soak_api.py                       # 5 minutes at 8 clients, 1 worker
    .venv/bin/python benchmarks/soak_api.py --minutes 1 --clients 4

Starts `procqa serve` like benchmarks/load_api.py, then runs back-to-back segments of load; after each one it
records requests/s, p99, errors and the server's resident memory (the process and its children). Memory must
stop growing once warm: the bound is --max-growth-mb between the first segment and the last. Writes
benchmarks/results/soak_api.md and exits 1 when a request failed or memory grew past the bound.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from benchmarks.load_api import index_options, run_level, served

RESULTS = Path(__file__).resolve().parent / "results" / "soak_api.md"


def resident_mb(pid: int) -> float:
    """Resident memory of `pid` and its direct children (uvicorn workers), in MB."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:  # the process ended meanwhile
            continue
        if int(fields["Pid"]) == pid or int(fields.get("PPid", "0")) == pid:
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--segment", type=float, default=30.0, help="Seconds per measured segment.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--max-growth-mb", type=float, default=50.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    rows, errors = [], 0
    segments = max(1, round(args.minutes * 60 / args.segment))
    with index_options(None) as options, served(options, args.workers) as (url, server):
        for i in range(segments):
            level = asyncio.run(
                run_level(url, args.clients, args.segment, 1.0 if i == 0 else 0.0, args.workers, server)
            )
            errors += level.errors
            rows.append((i + 1, level.rps, level.percentile(99), level.errors, resident_mb(server)))
            print(f"  segment {i + 1}/{segments}: resident {rows[-1][4]:.0f} MB", file=sys.stderr)
    growth = rows[-1][4] - rows[0][4]
    verdict = "within" if growth <= args.max_growth_mb and not errors else "OUTSIDE"
    lines = [
        f"# Soak: {args.clients} clients for {segments * args.segment / 60:.1f} minutes, {args.workers} worker(s)",
        "",
        "| segment | requests/s | p99 ms | errors | server resident MB |",
        "| ---: | ---: | ---: | ---: | ---: |",
        *(f"| {n} | {rps:.1f} | {p99:.0f} | {err} | {rss:.0f} |" for n, rps, p99, err, rss in rows),
        "",
        f"Memory growth from the first segment to the last: {growth:+.0f} MB (bound {args.max_growth_mb:.0f} MB); "
        f"{errors} failed requests: {verdict} the bound.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines), file=sys.stderr)
    if verdict != "within":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
