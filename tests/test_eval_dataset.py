"""The eval dataset is well-formed and written against the bundled document."""

import json
from collections import Counter

import pytest

from evals.dataset import KINDS, DatasetError, check_against, load, parse
from evals.metrics import fact_found


@pytest.fixture(scope="module")
def items():
    return load()


def test_enough_questions_of_every_kind_in_both_splits(items):
    assert len(items) >= 100
    for split in ("dev", "test"):
        kinds = Counter(item.kind for item in items if item.split == split)
        assert set(kinds) == set(KINDS), f"{split} lacks {set(KINDS) - set(kinds)}"
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


def test_multi_paragraph_questions_need_two_pieces_of_evidence(items):
    for item in (i for i in items if i.kind == "multi"):
        assert len(item.gold) >= 2, item.id


def record(**changes):
    base = {"id": "x", "split": "dev", "kind": "factoid", "question": "Q?", "answerable": True}
    return {**base, "gold": ["9278/18 ¶1"], "facts": ["a"], **changes}


@pytest.mark.parametrize(
    "bad",
    [
        record(split="train"),
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
