"""The eval questions (evals/dataset.jsonl, over the bundled document; evals/meetings.jsonl, over the six
meetings of MEETINGS_CORPUS): loading and validation.

One JSON object a line:
  id, split ("train" | "dev" | "test"), kind (see KINDS), question, answerable,
  history   — earlier user questions of the conversation (answered live before the question itself),
  gold      — evidence the answer needs: each entry is a paragraph id, or a list of ids any one of which will do
              ("needs ¶14 and ¶24" is ["…¶14", "…¶24"]; "¶2 or ¶20" is [["…¶2", "…¶20"]]),
  facts     — what a correct answer must contain: each entry a string, or a list of accepted alternatives,
  note      — optional, for the reader.
Unanswerable questions carry neither gold nor facts: the right answer is an abstention.
Splits: dev is what thresholds and weights are tuned on; test is only reported; train is for development
(reported, never gated by evals/floors.toml). A follow-up conversation keeps all its turns in one split.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Split = Literal["train", "dev", "test"]
SPLITS: tuple[Split, ...] = ("train", "dev", "test")
GATED_SPLITS: tuple[Split, ...] = ("dev", "test")  # the splits evals/floors.toml gates; train is only reported
DOCUMENT_KINDS = (  # questions over the bundled document (evals/dataset.jsonl)
    "factoid",
    "paraphrase",
    "multi",
    "header",
    "meeting",
    "followup",
    "out_of_scope",
    "near_miss",
    "adversarial",
)
# Questions over several meetings' proceedings (evals/meetings.jsonl, issue 13): scoped to one meeting, answered
# per meeting, compared between meetings, relative to the newest meeting, answered with a meeting, and scoped to a
# meeting that does not state what another one does (the right answer is an abstention); and follow-ups, asked
# after earlier questions on one meeting or several (answerable or not).
MEETING_KINDS = ("scoped", "cross_meeting", "comparison", "latest", "names_meeting", "scoped_near_miss", "followup")
KINDS = tuple(dict.fromkeys(DOCUMENT_KINDS + MEETING_KINDS))
DEFAULT_PATH = Path(__file__).resolve().parent / "dataset.jsonl"
MEETINGS_PATH = Path(__file__).resolve().parent / "meetings.jsonl"
_ROOT = Path(__file__).resolve().parents[1]
# The documents meetings.jsonl is written against: the bundled Sofia proceedings and five more from tests/data
# (EU-US Washington 2018, Bucharest and Helsinki 2019, video conference 2020; EU-Canada Ottawa 2018).
MEETINGS_CORPUS = (
    _ROOT / "index" / "sources" / "council-9278-18-eu-us-jha-ministerial-sofia-2018.txt",
    *(
        _ROOT / "tests" / "data" / f"council-{name}.txt"
        for name in (
            "14888-18-eu-canada-jha-ministerial-ottawa-2018",
            "15284-18-eu-us-jha-ministerial-washington-2018",
            "10188-19-eu-us-jha-ministerial-bucharest-2019",
            "15124-19-eu-us-jha-ministerial-helsinki-2019",
            "8470-20-eu-us-jha-ministerial-videoconference-2020",
        )
    ),
)


class DatasetError(ValueError):
    pass


@dataclass(frozen=True)
class Item:
    id: str
    split: Split
    kind: str
    question: str
    answerable: bool
    history: tuple[str, ...] = ()
    gold: tuple[frozenset[str], ...] = ()  # evidence groups; a group is satisfied by any one of its ids
    facts: tuple[tuple[str, ...], ...] = ()  # each fact: its accepted spellings
    note: str = ""

    @property
    def gold_ids(self) -> frozenset[str]:
        """Every paragraph that counts as relevant (for ranking metrics and citation precision)."""
        return frozenset().union(*self.gold) if self.gold else frozenset()


def _alternatives(value: Any, what: str) -> tuple[str, ...]:
    options = [value] if isinstance(value, str) else value
    if not isinstance(options, list) or not options or not all(isinstance(o, str) and o.strip() for o in options):
        raise DatasetError(f"each {what} must be a non-empty string or a list of them, got {value!r}")
    return tuple(options)


def parse(record: dict[str, Any]) -> Item:
    missing = {"id", "split", "kind", "question", "answerable"} - record.keys()
    if missing:
        raise DatasetError(f"missing {', '.join(sorted(missing))}")
    unknown = record.keys() - {"id", "split", "kind", "question", "answerable", "history", "gold", "facts", "note"}
    if unknown:
        raise DatasetError(f"unknown field(s) {', '.join(sorted(unknown))}")
    if record["split"] not in SPLITS:
        raise DatasetError(f"split must be one of {SPLITS}, got {record['split']!r}")
    if record["kind"] not in KINDS:
        raise DatasetError(f"kind must be one of {KINDS}, got {record['kind']!r}")
    answerable = record["answerable"]
    gold = tuple(frozenset(_alternatives(g, "gold entry")) for g in record.get("gold", []))
    facts = tuple(_alternatives(f, "fact") for f in record.get("facts", []))
    if answerable is True and not (gold and facts):
        raise DatasetError("an answerable question needs gold paragraphs and key facts")
    if answerable is False and (gold or facts):
        raise DatasetError("an unanswerable question has no gold paragraphs or facts")
    if not isinstance(answerable, bool):
        raise DatasetError("answerable must be true or false")
    history = record.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) and h.strip() for h in history):
        raise DatasetError("history must be a list of earlier user questions")
    if (record["kind"] == "followup") != bool(history):
        raise DatasetError("follow-ups, and only follow-ups, carry a history")
    return Item(
        id=str(record["id"]),
        split=record["split"],
        kind=record["kind"],
        question=str(record["question"]),
        answerable=answerable,
        history=tuple(history),
        gold=gold,
        facts=facts,
        note=str(record.get("note", "")),
    )


def load(path: Path = DEFAULT_PATH, splits: Iterable[str] = SPLITS) -> list[Item]:
    """The questions of the given splits, in file order. Malformed lines stop the load with their line number."""
    wanted = set(splits)
    items: list[Item] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = parse(json.loads(line))
        except (json.JSONDecodeError, DatasetError) as exc:
            raise DatasetError(f"{path}:{number}: {exc}") from None
        if item.id in seen:
            raise DatasetError(f"{path}:{number}: duplicate id {item.id!r}")
        seen.add(item.id)
        if item.split in wanted:
            items.append(item)
    return items


def check_against(items: Iterable[Item], paragraph_ids: Iterable[str]) -> None:
    """Fail early when the dataset cites paragraphs the index does not have (evaluating another corpus)."""
    known = set(paragraph_ids)
    missing = sorted({pid for item in items for pid in item.gold_ids} - known)
    if missing:
        raise DatasetError(f"gold paragraph(s) not in the index: {', '.join(missing[:5])}; index the bundled document")


def corpus_of(dataset: Path) -> tuple[Path, ...] | None:
    """The documents a dataset is written against, when they are not the configured sources folder."""
    return MEETINGS_CORPUS if dataset.resolve() == MEETINGS_PATH else None
