"""Synthetic "outcome of proceedings" corpora of a chosen size, for the scale benchmark.

Each document has the real header layout (number, date, subject) and numbered sections of 2-4 sentence
paragraphs built from a proceedings vocabulary, so parsing, chunking, BM25 and the answer path do the same work
per paragraph as on real documents. Deterministic for a given seed.

    python benchmarks/synth_corpus.py 1000 /tmp/corpus-1k
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

PARAGRAPHS_PER_DOCUMENT = 50
SECTIONS_PER_DOCUMENT = 5

ACTORS = [
    "The Presidency", "The Commission", "The EU side", "The US delegation", "Ministers", "The delegations",
    "The Attorney General", "The Japanese side", "Europol", "Eurojust", "The Council", "Several Member States",
]  # fmt: skip
VERBS = [
    "welcomed", "stressed the importance of", "expressed concern about", "agreed to continue work on",
    "presented the state of play of", "called for progress on", "took note of", "underlined the need for",
]  # fmt: skip
TOPICS = [
    "judicial cooperation in criminal matters", "access to electronic evidence", "the visa waiver programme",
    "counter-terrorism financing", "the exchange of passenger name records", "drug trafficking routes",
    "cybercrime and ransomware", "data protection safeguards", "return and readmission", "border management",
    "hybrid threats to elections", "mutual legal assistance", "firearms trafficking", "money laundering",
]  # fmt: skip
DETAILS = [
    "ahead of the next ministerial meeting", "in line with the conclusions adopted in {year}",
    "with {n} Member States participating", "on the basis of a report due by {month} {year}",
    "within the existing legal framework", "to be reviewed at expert level in {city}",
]  # fmt: skip
CITIES = ["Sofia", "Washington", "Vienna", "Tokyo", "Brussels", "Helsinki", "Zagreb", "Lisbon"]
MONTHS = ["January", "March", "May", "June", "September", "November"]


def _sentence(rng: random.Random) -> str:
    detail = rng.choice(DETAILS).format(
        year=rng.randint(2015, 2024), n=rng.randint(2, 27), month=rng.choice(MONTHS), city=rng.choice(CITIES)
    )
    return f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(TOPICS)} {detail}."


def document(number: int, paragraphs: int, rng: random.Random) -> str:
    city, year = rng.choice(CITIES), rng.randint(2015, 2024)
    lines = [
        "Council of the European Union",
        "",
        f"Brussels, {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}",
        "(OR. en)",
        "",
        f"{number}/{year % 100:02d}",
        "",
        "OUTCOME OF PROCEEDINGS",
        "",
        "From: General Secretariat of the Council",
        "",
        "To: Delegations",
        "",
        f"Subject: Outcome of proceedings of the EU Justice and Home Affairs Ministerial ({city}, {year})",
        "",
    ]
    per_section = max(1, paragraphs // SECTIONS_PER_DOCUMENT)
    for i in range(paragraphs):
        if i % per_section == 0:
            lines += [f"{i // per_section + 1}. {rng.choice(TOPICS).capitalize()}", ""]
        lines += [" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))), ""]
    return "\n".join(lines)


def write_corpus(paragraphs: int, folder: Path, seed: int = 8) -> list[Path]:
    """About `paragraphs` paragraphs in documents of PARAGRAPHS_PER_DOCUMENT each; returns the files."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for d in range(max(1, paragraphs // PARAGRAPHS_PER_DOCUMENT)):
        path = folder / f"synthetic-{d:05d}.txt"
        path.write_text(document(10000 + d, PARAGRAPHS_PER_DOCUMENT, rng), encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paragraphs", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    files = write_corpus(args.paragraphs, args.folder, args.seed)
    print(f"Wrote {len(files)} documents to {args.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
