"""The eval dataset is well-formed and written against the bundled document."""

import itertools
import json
import re
from collections import Counter, defaultdict

import pytest

from evals.dataset import DOCUMENT_KINDS, GATED_SPLITS, SPLITS, DatasetError, check_against, load, parse
from evals.metrics import fact_found
from rag.parsing import parse_document
from tests.conftest import BUNDLED_FILE


@pytest.fixture(scope="module")
def items():
    return load()


def test_enough_questions_of_every_kind_in_both_splits(items):
    assert len(items) >= 100
    assert SPLITS == ("train", "dev", "test") and GATED_SPLITS == ("dev", "test")
    assert {item.split for item in items} == set(SPLITS)
    for split in GATED_SPLITS:
        kinds = Counter(item.kind for item in items if item.split == split)
        assert set(kinds) == set(DOCUMENT_KINDS), f"{split} lacks {set(DOCUMENT_KINDS) - set(kinds)}"
    unanswerable = [item for item in items if not item.answerable]
    assert {"out_of_scope", "near_miss", "adversarial"} <= {item.kind for item in unanswerable}
    assert any(item.answerable for item in items if item.kind == "adversarial")


def test_no_question_is_asked_twice(items):
    asked = Counter((item.history, item.question.lower()) for item in items)
    assert [q for q, n in asked.items() if n > 1] == []


def test_gold_paragraphs_exist_and_state_every_key_fact(engine, items):
    check_against(items, engine.paragraphs)
    for item in (i for i in items if i.answerable):
        evidence = " ".join(engine.paragraph_text(pid) for pid in item.gold_ids)
        for alternatives in item.facts:
            assert fact_found(evidence, alternatives), f"{item.id}: {alternatives} not in its gold paragraphs"


def test_ids_are_unique(items):
    assert [i for i, n in Counter(item.id for item in items).items() if n > 1] == []


def test_every_way_of_meeting_the_gold_states_every_key_fact(items):
    """Without the index: each gold id is a paragraph of the bundled document, and whichever alternative of each
    evidence group an answer cites, those paragraphs state every key fact (case-insensitive)."""
    document = parse_document(BUNDLED_FILE.read_text(encoding="utf-8"), str(BUNDLED_FILE), "bundled")
    text = {p.id: p.text for p in document.paragraphs}
    assert [pid for item in items for pid in item.gold_ids if pid not in text] == []
    for item in (i for i in items if i.answerable):
        for choice in itertools.product(*(sorted(group) for group in item.gold)):
            evidence = " ".join(text[pid] for pid in choice)
            for alternatives in item.facts:
                assert fact_found(evidence, alternatives), f"{item.id}: {alternatives} not in {choice}"


# fol-01 (dev) and fol-10 (test) predate the rule: fol-10 continues fol-01's conversation.
_LEGACY_CROSS_SPLIT = {frozenset({"fol-01", "fol-10"})}


def test_a_conversation_stays_within_one_split(items):
    """A follow-up that continues another's conversation (its history is the other's history plus its question)
    is in the same split, so no conversation is tuned on in part and reported in part."""
    by_turns = {(*item.history, item.question): item for item in items if item.kind == "followup"}
    for item in (i for i in items if i.kind == "followup"):
        for k in range(1, len(item.history)):
            earlier = by_turns.get(tuple(item.history[: k + 1]))
            if earlier is not None and frozenset({earlier.id, item.id}) not in _LEGACY_CROSS_SPLIT:
                assert earlier.split == item.split, f"{earlier.id} ({earlier.split}) and {item.id} ({item.split})"


def test_numbered_chains_are_whole_and_in_one_split(items):
    """chain-NN-k is turn k of conversation NN: its history is the chain's earlier questions, all in one split."""
    chains: dict[str, dict[int, object]] = defaultdict(dict)
    for item in items:
        match = re.fullmatch(r"chain-(\d+)-(\d+)", item.id)
        if match:
            assert item.kind == "followup", item.id
            chains[match[1]][int(match[2])] = item
    assert chains
    for number, turns in chains.items():
        assert sorted(turns) == list(range(2, len(turns) + 2)), f"chain {number} has gaps: {sorted(turns)}"
        assert len({t.split for t in turns.values()}) == 1, f"chain {number} spans splits"
        for k, turn in turns.items():
            assert len(turn.history) == k - 1, turn.id
            if k > 2:
                before = turns[k - 1]
                assert turn.history == (*before.history, before.question), turn.id


def test_multi_paragraph_questions_need_two_pieces_of_evidence(items):
    for item in (i for i in items if i.kind == "multi"):
        assert len(item.gold) >= 2, item.id


def record(**changes):
    base = {"id": "x", "split": "dev", "kind": "factoid", "question": "Q?", "answerable": True}
    return {**base, "gold": ["9278/18 ¶1"], "facts": ["a"], **changes}


@pytest.mark.parametrize(
    "bad",
    [
        record(split="validation"),
        record(kind="trivia"),
        record(facts=[]),
        record(answerable=False),
        record(gold=[[]]),
        record(history=["Earlier?"]),
        record(kind="followup"),
        record(extra=1),
    ],
)
def test_malformed_records_are_rejected(bad):
    with pytest.raises(DatasetError):
        parse(bad)


def test_train_split_and_meeting_kind_parse():
    item = parse(record(split="train", kind="meeting"))
    assert (item.split, item.kind) == ("train", "meeting")
    assert [i.split for i in load(splits=["train"])] and all(i.split == "train" for i in load(splits=["train"]))


def test_gold_groups_and_alternatives_parse(tmp_path):
    item = parse(
        record(gold=[["9278/18 ¶2", "9278/18 ¶20"], "9278/18 ¶21"], facts=["Sessions", ["Jourová", "Jourova"]])
    )
    assert item.gold == (frozenset({"9278/18 ¶2", "9278/18 ¶20"}), frozenset({"9278/18 ¶21"}))
    assert item.gold_ids == {"9278/18 ¶2", "9278/18 ¶20", "9278/18 ¶21"}
    assert item.facts == (("Sessions",), ("Jourová", "Jourova"))
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record()) + "\n" + json.dumps(record()) + "\n")
    with pytest.raises(DatasetError, match=r"d\.jsonl:2: duplicate id"):
        load(path)
    with pytest.raises(DatasetError, match="not in the index"):
        check_against([item], ["9278/18 ¶2"])
