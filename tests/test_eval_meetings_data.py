"""The multi-meeting eval questions (evals/meetings.jsonl) are well-formed and written against the six-meeting
corpus (evals.dataset.MEETINGS_CORPUS): every gold paragraph is one the index really has, and every key fact is
stated by the evidence an answer would cite."""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import GATED_SPLITS, MEETING_KINDS, MEETINGS_CORPUS, MEETINGS_PATH, SPLITS, Item, check_against, load
from evals.metrics import fact_found
from rag.ingest import build_index
from rag.parsing import parse_document
from rag.settings import Settings
from rag.store import IndexStore


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return load(MEETINGS_PATH)


@pytest.fixture(scope="module")
def indexed_ids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The paragraph ids of the six documents as `procqa index` stores them (read back from the Chroma store)."""
    sources = tmp_path_factory.mktemp("meeting-sources")
    for path in MEETINGS_CORPUS:
        shutil.copy(path, sources / path.name)
    settings = Settings(sources=sources, store=tmp_path_factory.mktemp("meeting-store"))
    build_index(settings)
    chunks = IndexStore(settings).current().chunks.get(include=["metadatas"])
    return {metadata["paragraph_id"] for metadata in chunks["metadatas"]}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """Paragraph id -> text for the six documents, parsed without an index."""
    found: dict[str, str] = {}
    for path in MEETINGS_CORPUS:
        document = parse_document(path.read_text(encoding="utf-8"), str(path), path.stem)
        found.update({p.id: p.text for p in document.paragraphs})
    return found


def test_the_corpus_is_six_meetings() -> None:
    assert len(MEETINGS_CORPUS) == 6 and all(isinstance(p, Path) and p.is_file() for p in MEETINGS_CORPUS)


def test_enough_questions_of_every_meeting_kind_in_every_split(items: list[Item]) -> None:
    assert len(items) >= 40
    assert all(item.id.startswith("mm-") for item in items)
    assert {item.kind for item in items} == set(MEETING_KINDS)
    assert {item.split for item in items} == set(SPLITS)
    for split in GATED_SPLITS:
        kinds = {item.kind for item in items if item.split == split}
        assert kinds == set(MEETING_KINDS), f"{split} lacks {set(MEETING_KINDS) - kinds}"
    # Near misses (and some follow-ups) are unanswerable: the meeting asked about does not state it.
    assert {item.kind for item in items if not item.answerable} == {"scoped_near_miss", "followup"}
    assert all(not item.answerable for item in items if item.kind == "scoped_near_miss")
    assert all(bool(item.history) == (item.kind == "followup") for item in items)


def test_no_question_is_asked_twice(items: list[Item]) -> None:
    asked = Counter(item.question.lower() for item in items)
    assert [q for q, n in asked.items() if n > 1] == []


def test_every_gold_paragraph_is_in_the_six_document_index(items: list[Item], indexed_ids: set[str]) -> None:
    assert len({pid.split(" ")[0] for pid in indexed_ids}) == 6
    check_against(items, indexed_ids)


def test_cross_meeting_questions_cite_more_than_one_meeting(items: list[Item]) -> None:
    for item in items:
        documents = {pid.split(" ")[0] for pid in item.gold_ids}
        if item.kind in {"cross_meeting", "comparison"}:
            assert len(documents) >= 2, item.id
        elif item.kind == "scoped":
            assert len(documents) == 1, item.id


def test_every_way_of_meeting_the_gold_states_every_key_fact(items: list[Item], texts: dict[str, str]) -> None:
    """Whichever alternative of each evidence group an answer cites, those paragraphs, with the headers of their
    documents (where the meeting's place and dates are: a citation names its meeting), state every key fact."""
    for item in (i for i in items if i.answerable):
        for choice in itertools.product(*(sorted(group) for group in item.gold)):
            headers = {f"{pid.split(' ')[0]} header" for pid in choice}
            evidence = " ".join(texts[pid] for pid in [*choice, *sorted(headers)])
            for alternatives in item.facts:
                assert fact_found(evidence, alternatives), f"{item.id}: {alternatives} not in {choice}"
