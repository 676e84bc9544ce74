from hypothesis import given
from hypothesis import strategies as st

from bot.core.streaks import MILESTONES, Streak, is_milestone, streak_over


def test_answering_extends_and_skipping_breaks_a_streak() -> None:
    assert streak_over([True, True, True]) == Streak(3, 3)
    assert streak_over([True, True, False, True]) == Streak(1, 2)
    assert streak_over([]) == Streak(0, 0)


def test_rest_days_are_invisible_because_they_have_no_question() -> None:
    # Mon Tue Wed answered, Sat/Sun rest (no question at all), Mon answered: 4 in a row.
    study_days_only = [True, True, True, True]
    assert streak_over(study_days_only).current == 4


@given(st.lists(st.booleans(), max_size=200))
def test_current_is_the_trailing_run_and_best_the_longest_run(history: list[bool]) -> None:
    result = streak_over(history)
    trailing = 0
    for answered in reversed(history):
        if not answered:
            break
        trailing += 1
    runs = "".join("1" if a else "0" for a in history).split("0")
    assert result.current == trailing
    assert result.best == max((len(r) for r in runs), default=0)
    assert result.best >= result.current


def test_milestones_are_celebrated_when_reached() -> None:
    assert is_milestone(7)
    assert not is_milestone(8)
    assert MILESTONES[0] == 3
