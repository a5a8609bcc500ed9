"""The multi-meeting quality gate (issue 13): the default configuration on evals/meetings.jsonl, over the six
meetings it is written against, must stay at or above evals/floors_meetings.toml; and a question scoped to
meetings cites only those meetings."""

import pytest

from evals.config import DEFAULT
from evals.dataset import GATED_SPLITS, MEETINGS_CORPUS, MEETINGS_PATH, load
from evals.gate import MEETINGS_FLOORS, floors_of, load_floors, violations
from evals.suite import evaluate_in_process, fresh_index
from rag.locking import lock_path
from rag.settings import Settings

SCOPED_KINDS = ("scoped", "comparison")  # named meetings (a "latest" miss is a wrong answer, gated above)


@pytest.fixture(scope="module")
def meetings_run(tmp_path_factory):
    settings = Settings(store=tmp_path_factory.mktemp("unused"), chroma_url=None)
    with fresh_index(settings, MEETINGS_CORPUS) as indexed:
        (result,) = evaluate_in_process(indexed, [DEFAULT], load(MEETINGS_PATH, GATED_SPLITS))
        lock = lock_path(indexed)
        assert lock.exists()
    # Nothing of the temporary index is left behind, its write lock included (it used to stay in the temp folder).
    assert not lock.exists() and not indexed.store.exists()
    yield result


def test_the_multi_meeting_set_meets_its_floors(meetings_run):
    assert floors_of(MEETINGS_PATH) == MEETINGS_FLOORS
    found = violations(meetings_run.by_split(), load_floors(MEETINGS_FLOORS))
    assert not found, "quality dropped below evals/floors_meetings.toml:\n" + "\n".join(found)


def test_a_scoped_question_cites_only_its_meetings(meetings_run):
    checked = 0
    for score in meetings_run.scores:
        item, answer = score.outcome.item, score.outcome.answer
        if item.kind not in SCOPED_KINDS or answer is None or answer.abstained:
            continue
        wanted = {pid.split(" ¶")[0] for pid in item.gold_ids}
        cited = {c.document for c in answer.citations}
        assert cited <= wanted, f"{item.id}: cites {cited - wanted}, outside the meetings it names"
        assert all(c.meeting is not None and c.meeting.label in c.label for c in answer.citations)
        checked += 1
    assert checked >= 10  # enough answered scoped questions for this to mean something
