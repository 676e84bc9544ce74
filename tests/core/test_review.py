import itertools
from datetime import UTC, datetime, timedelta

from bot.core.review import grade, is_flagged, needs_review, new_card

NOW = datetime(2026, 3, 2, 20, tzinfo=UTC)


def test_misses_and_unsure_right_answers_are_reviewed() -> None:
    assert needs_review(False, 5)
    assert needs_review(True, 1) and needs_review(True, 2)
    assert not needs_review(True, 3) and not needs_review(True, None)


def test_a_card_comes_back_later_the_better_it_goes() -> None:
    state, due = new_card(NOW)
    assert due == NOW + timedelta(days=1)
    moment = due
    intervals = []
    for _ in range(4):
        state, next_due = grade(state, True, moment)
        intervals.append(next_due - moment)
        moment = next_due
    assert all(later >= earlier for earlier, later in itertools.pairwise(intervals))
    assert intervals[-1] > timedelta(days=3)


def test_a_wrong_review_brings_the_card_back_soon() -> None:
    state, due = new_card(NOW)
    state, good_due = grade(state, True, due)
    _state, again_due = grade(state, False, good_due)
    assert again_due - good_due < timedelta(days=1)


def test_three_misses_flag_a_question() -> None:
    assert not is_flagged(2) and is_flagged(3)
