"""Eval scoring, failure analysis and the gate, on hand-made answers (no index needed)."""

import json
import math

import pytest

from evals.dataset import parse
from evals.failures import stage
from evals.gate import load_floors, violations
from evals.metrics import aggregate, score
from evals.runner import Outcome
from rag.contract import Answer, Citation, Timings
from rag.support import SupportChecker

P = "9278/18 ¶"
TEXT = {2: "The US delegation was headed by Jeff Sessions and Claire Grady.", 9: "The CLOUD Act was adopted in March."}


def item(answerable=True, gold=(f"{P}2",), facts=("Sessions",), **extra):
    record = {"id": extra.pop("id", "q"), "split": extra.pop("split", "dev"), "kind": "factoid", "question": "Q?"}
    record["answerable"] = answerable
    if answerable:
        record |= {"gold": list(gold), "facts": list(facts)}
    return parse(record | extra)


def answer(text, cited=(), abstained=False):
    citations = [
        Citation(
            n=i, id=f"{P}{n}", label="", document="9278/18", section="", text=TEXT.get(n, "Other."), quote="", score=1
        )
        for i, n in enumerate(cited, start=1)
    ]
    return Answer(
        answer=text, abstained=abstained, citations=citations, timings_ms=Timings(retrieve=1, synthesize=1, total=2)
    )


ABSTAIN = answer("The proceedings do not cover this.", abstained=True)


def scored(the_item, the_answer, ranking=None, latency=10.0):
    return score(Outcome(the_item, the_answer, ranking, latency), SupportChecker())


def test_ranking_metrics_against_gold():
    s = scored(item(), answer("Headed by Jeff Sessions [1].", [2]), ranking=[f"{P}5", f"{P}3", f"{P}2", f"{P}7"])
    assert s.hits == {1: False, 3: True, 5: True}
    assert s.reciprocal_rank == pytest.approx(1 / 3)
    assert s.ndcg5 == pytest.approx(1 / math.log2(4))
    assert s.recall5 == 1.0


def test_citation_recall_counts_evidence_groups_and_precision_counts_citations():
    two = item(gold=[f"{P}2", f"{P}9"], facts=["Sessions", "March"])
    half = scored(two, answer("Jeff Sessions headed it [1]. Also noise [2].", [2, 4]))
    assert half.citation_recall == 0.5
    metrics = aggregate([half])
    assert metrics["citation_precision"] == 0.5 and metrics["citation_recall"] == 0.5
    assert metrics["key_fact_accuracy"] == 0.0 and metrics["fact_recall"] == 0.5


def test_key_facts_are_case_insensitive_and_accept_alternatives():
    s = scored(
        item(facts=["sessions", ["Grady", "Under Secretary"]]), answer("JEFF SESSIONS and CLAIRE GRADY [1].", [2])
    )
    assert s.facts_ok and s.correct


def test_abstention_precision_recall_and_the_two_accuracies():
    scores = [
        scored(item(id="a"), answer("Jeff Sessions headed it [1].", [2])),  # right answer
        scored(item(id="b"), ABSTAIN),  # wrong abstention
        scored(item(id="c", answerable=False), ABSTAIN),  # right abstention
        scored(item(id="d", answerable=False), answer("The CLOUD Act was adopted in March [1].", [9])),  # answered
    ]
    m = aggregate(scores)
    assert m["abstention_precision"] == 0.5
    assert m["abstention_recall"] == 0.5
    assert m["accuracy"] == 0.5
    assert m["answered_accuracy"] == 0.5  # of the two answered, one was right
    assert m["key_fact_accuracy"] == 0.5
    assert [stage(s) for s in scores] == [None, "false abstention", None, "missed abstention"]


def test_dangling_markers_are_counted_and_fail_the_question():
    s = scored(item(), answer("Jeff Sessions headed it [1] and more [3].", [2]), ranking=[f"{P}2"])
    assert s.dangling == 1
    assert aggregate([s])["dangling_markers"] == 1
    assert stage(s) == "selection"


def test_failure_stages_tell_retrieval_from_selection():
    wrong = answer("The CLOUD Act was adopted in March [1].", [9])
    assert stage(scored(item(), wrong, ranking=[f"{P}9", f"{P}4"])) == "retrieval"
    assert stage(scored(item(), wrong, ranking=[f"{P}9", f"{P}2"])) == "selection"
    assert stage(scored(item(), ABSTAIN, ranking=[f"{P}2"])) == "false abstention"
    assert stage(scored(item(), wrong, ranking=None)) == "answer"  # a --url run cannot see retrieval


def test_an_error_is_a_failed_question_not_a_crash():
    s = score(Outcome(item(), None, None, 0.0, "RuntimeError: 500"), SupportChecker())
    assert not s.correct and stage(s) == "error"
    assert aggregate([s])["errors"] == 1


def test_latency_percentiles():
    scores = [scored(item(id=str(i)), ABSTAIN, latency=float(i)) for i in range(1, 101)]
    m = aggregate(scores)
    assert m["latency_p50_ms"] == pytest.approx(50.5)
    assert m["latency_p95_ms"] == pytest.approx(95.05)


def test_gate_reports_floors_and_ceilings(tmp_path):
    floors = tmp_path / "floors.toml"
    floors.write_text('[test]\n"hit@3" = 0.9\n[max]\ndangling_markers = 0\n')
    loaded = load_floors(floors)
    assert violations({"test": {"hit@3": 0.95, "dangling_markers": 0.0}}, loaded) == []
    found = violations({"test": {"hit@3": 0.5, "dangling_markers": 2.0}}, loaded)
    assert len(found) == 2 and "below its floor" in found[0] and "above its ceiling" in found[1]
    assert violations({"test": {"hit@3": None, "dangling_markers": 0.0}}, loaded)  # a missing metric fails


def test_the_train_split_is_reported_but_never_gated(tmp_path):
    floors = {"dev": {"hit@3": 0.9}, "test": {"hit@3": 0.9}, "max": {"errors": 0.0}}
    gated = {"hit@3": 0.95, "errors": 0.0}
    assert violations({"train": {"hit@3": 0.1, "errors": 3.0}, "dev": gated, "test": gated}, floors) == []
    assert violations({"train": gated, "dev": {"hit@3": 0.1, "errors": 0.0}, "test": gated}, floors)
    path = tmp_path / "floors.toml"
    path.write_text('[train]\n"hit@3" = 0.5\n')
    with pytest.raises(ValueError, match="unknown table"):
        load_floors(path)


def test_the_recorded_floors_cover_the_targets():
    floors = load_floors()
    for name in ("hit@3", "citation_recall", "key_fact_accuracy", "abstention_precision", "abstention_recall"):
        assert name in floors["test"] and name in floors["dev"]
    assert floors["max"]["dangling_markers"] == 0
    # Issue 12's bound is 0.05 on both gated splits. Dev is within it. Test was within it from the answer-type rules
    # until the title and presidency rules of 2026-12-03 (chosen on train and dev, where they answered more and no
    # more wrongly) answered two test questions wrongly: its ceiling records the measured value (0.065, then 0.056)
    # rather than anything tuned on test (evals/floors.toml says which two). The document-parts rule (fourth
    # session; dev and train: more answers, no more wrong) took test to 0.065 again while answering four more test
    # questions rightly; the ceiling records that, and a rule that raises it further must answer as much more.
    # The sixth session's rules (facts held to what they record) brought test to 0.040 (5 of 124): within the bound.
    assert floors["max_dev"]["confident_wrong"] <= 0.05
    assert floors["max_test"]["confident_wrong"] <= 0.05


# Citation correctness: each citation a statement makes must name a gold paragraph and, when the statement asserts
# a key fact, a paragraph that holds that fact too. Scored from the dataset alone, not with rag.support.
def correctness(the_item, the_answer):
    s = scored(the_item, the_answer)
    return s.citation_correctness, [(c.id, c.gold, c.correct) for c in s.citation_checks]


def test_a_gold_paragraph_holding_the_stated_fact_is_a_correct_citation():
    assert correctness(item(), answer("Jeff Sessions headed it [1].", [2])) == (1.0, [(f"{P}2", True, True)])


def test_a_paragraph_that_is_not_gold_is_an_incorrect_citation():
    assert correctness(item(), answer("Jeff Sessions headed it [1].", [4])) == (0.0, [(f"{P}4", False, False)])


def test_a_gold_paragraph_without_the_stated_fact_is_an_incorrect_citation():
    """Gold for the item (one of its evidence paragraphs) but not where the stated fact is."""
    two = item(gold=[f"{P}2", f"{P}9"], facts=["Sessions", "March"])
    s = scored(two, answer("Jeff Sessions headed it [1]. It was adopted in March [2].", [9, 2]))
    assert [(c.statement, c.id, c.gold, c.correct) for c in s.citation_checks] == [
        ("Jeff Sessions headed it.", f"{P}9", True, False),  # ¶9 is gold but says nothing of Sessions
        ("It was adopted in March.", f"{P}2", True, False),  # ¶2 is gold but says nothing of March
    ]
    assert s.citation_correctness == 0.0 and s.citation_recall == 1.0  # recall counts the ids, not what they back
    right = scored(two, answer("Jeff Sessions headed it [1]. It was adopted in March [2].", [2, 9]))
    assert right.citation_correctness == 1.0 and [c.facts for c in right.citation_checks] == [("sessions",), ("march",)]


def test_the_fact_must_be_in_the_paragraph_as_the_statement_spells_it():
    alternatives = item(facts=[["Claire Grady", "Under Secretary"]])
    assert correctness(alternatives, answer("Claire Grady was there [1].", [2]))[0] == 1.0
    # "Under Secretary" is an accepted spelling of the fact, but the cited paragraph does not say it.
    assert correctness(alternatives, answer("The Under Secretary was there [1].", [2]))[0] == 0.0


def test_a_statement_without_a_key_fact_needs_only_a_gold_paragraph():
    two = item(gold=[f"{P}2", f"{P}9"], facts=["Sessions"])
    assert correctness(two, answer("Ministers met [1].", [9]))[0] == 1.0
    assert correctness(two, answer("Ministers met [1].", [4]))[0] == 0.0


def test_a_marker_that_names_no_citation_is_an_incorrect_citation():
    s = scored(item(), answer("Jeff Sessions headed it [1] [2].", [2]))
    assert [(c.n, c.id, c.correct) for c in s.citation_checks] == [(1, f"{P}2", True), (2, None, False)]
    assert s.citation_correctness == 0.5


def test_citation_correctness_is_not_the_support_check():
    """A statement its citation fully supports (the guard passes) is still an incorrect citation for this item
    when the paragraph is not gold: the guard cannot tell, the dataset can."""
    s = scored(item(), answer("The CLOUD Act was adopted in March [1].", [9]))
    assert [st.supported for st in s.support] == [True]
    assert s.citation_correctness == 0.0


def test_citation_correctness_pools_citations_of_answered_answerable_questions_only():
    scores = [
        scored(item(id="a"), answer("Jeff Sessions headed it [1].", [2])),  # 1 of 1
        scored(item(id="b"), answer("Jeff Sessions headed it [1]. Ministers met [2] [3].", [2, 4, 9])),  # 1 of 3
        scored(item(id="c"), ABSTAIN),  # abstained: no citation to judge
        scored(item(id="d", answerable=False), answer("Jeff Sessions headed it [1].", [4])),  # not answerable
        score(Outcome(item(id="e"), None, None, 0.0, "RuntimeError: 500"), SupportChecker()),  # an error
    ]
    assert [s.citation_correctness for s in scores] == [1.0, pytest.approx(1 / 3), None, None, None]
    assert aggregate(scores)["citation_correctness"] == 0.5  # 2 of 4 citations, not the mean of 1 and 1/3
    assert aggregate([scores[2]])["citation_correctness"] is None


def test_citation_correctness_is_reported_per_question():
    from evals.config import DEFAULT
    from evals.report import _question_row
    from evals.suite import RunResult

    s = scored(item(), answer("Jeff Sessions headed it [1] [2].", [2, 4]))
    row = json.loads(json.dumps(_question_row(RunResult(DEFAULT, [s]), s)))  # as results.json holds it
    assert row["citation_correctness"] == 0.5
    assert [(c["id"], c["gold"], c["facts"], c["correct"]) for c in row["citation_checks"]] == [
        (f"{P}2", True, ["sessions"], True),
        (f"{P}4", False, [], False),
    ]
