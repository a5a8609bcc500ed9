"""The scorer's selection rule (evals/train_reader.py): the most accurate choice on dev whose confident-wrong
rate stays within the bound on every dataset, each dataset weighing the same."""

from evals.train_reader import MAX_CONFIDENT_WRONG, DevScore


def test_a_choice_over_the_bound_on_one_dataset_loses_to_a_less_accurate_one_within_it():
    # Pooled, the first would be within the bound (2 wrong of 149); per dataset it is not (2 of 21 meetings).
    careless = DevScore(((0.60, 0.0), (0.90, 2 / 21)))
    careful = DevScore(((0.55, 0.04), (0.80, 1 / 21)))
    assert careless.confident_wrong > MAX_CONFIDENT_WRONG >= careful.confident_wrong
    assert careful.objective > careless.objective


def test_each_dataset_weighs_the_same_whatever_its_size():
    # +0.05 on the small multi-meeting set is worth as much as +0.05 on the single document.
    more_meetings = DevScore(((0.55, 0.04), (0.86, 0.048)))
    more_single = DevScore(((0.58, 0.04), (0.81, 0.048)))
    assert more_meetings.accuracy > more_single.accuracy
    assert more_meetings.objective > more_single.objective


def test_when_nothing_is_within_the_bound_the_fewest_confident_wrong_wins():
    worse = DevScore(((0.9, 0.20), (0.9, 0.10)))
    better = DevScore(((0.5, 0.08), (0.5, 0.06)))
    assert better.objective > worse.objective


def test_a_choice_is_dropped_early_only_when_it_cannot_win():
    from evals.train_reader import _cannot_beat

    best = DevScore(((0.60, 0.04), (0.80, 0.048)))  # accuracy 0.70, within the bound
    # Over the bound on the first corpus: out, whatever the second gives.
    assert _cannot_beat([(0.70, 0.06)], 2, best)
    # Even a perfect second corpus gives (0.35 + 1) / 2 = 0.675 < 0.70.
    assert _cannot_beat([(0.35, 0.02)], 2, best)
    # (0.40 + 1) / 2 = 0.70 could still tie with fewer confident-wrong answers: judged in full.
    assert not _cannot_beat([(0.40, 0.02)], 2, best)
    # Nothing within the bound yet: every choice is judged in full.
    assert not _cannot_beat([(0.10, 0.30)], 2, DevScore(((0.9, 0.2), (0.9, 0.1))))


def test_folds_hold_every_train_question_out_exactly_once():
    from evals.train_reader import FOLDS, folds

    data = list(range(23))
    held = [e for _, out in folds(data) for e in out]  # type: ignore[arg-type]
    assert sorted(held) == data and len(folds(data)) == FOLDS  # type: ignore[arg-type]
    assert all(not set(on) & set(out) for on, out in folds(data))  # type: ignore[arg-type]
