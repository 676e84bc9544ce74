from datetime import date

import pytest

from bot.core.plan import (
    countdown,
    current_week,
    focus_weights,
    layout,
    plan_week,
    total_weeks,
    week_number,
)

START = date(2026, 3, 2)


def test_the_standard_plan_has_eight_themes_and_then_revision_weeks() -> None:
    assert layout(8) == [(1,), (2,), (3,), (4,), (5,), (6,), (7,), (8,)]
    assert plan_week(START, None, 9).themes == (0,)
    assert plan_week(START, None, 7).final_stretch and not plan_week(START, None, 6).final_stretch


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (1, [(8,)]),
        (2, [(7,), (8,)]),
        (3, [(1, 2, 3, 4, 5, 6), (7,), (8,)]),
        (4, [(1, 2, 3), (4, 5, 6), (7,), (8,)]),
        (6, [(1, 2), (3, 4), (5,), (6,), (7,), (8,)]),
        (10, [(1,), (2,), (3,), (4,), (5,), (6,), (0,), (0,), (7,), (8,)]),
    ],
)
def test_an_exam_date_compresses_or_extends_the_plan(total: int, expected: list) -> None:  # type: ignore[type-arg]
    weeks = layout(total)
    assert weeks == expected
    assert len(weeks) == total
    themes = [t for week in weeks for t in week if t]
    assert themes[-1] == 8, "the last week is always the final revision"
    if total >= 3:
        assert themes == [1, 2, 3, 4, 5, 6, 7, 8], "every theme once, in order"


def test_the_exam_falls_in_the_last_week() -> None:
    exam = date(2026, 4, 10)  # Friday of the 6th week
    total = total_weeks(START, exam)
    assert total == 6
    assert week_number(START, exam) == total
    assert current_week(START, exam, exam).themes == (8,)


def test_week_numbers_change_on_the_local_start_weekday() -> None:
    assert week_number(START, date(2026, 3, 1)) == 0
    assert week_number(START, START) == 1
    assert week_number(START, date(2026, 3, 8)) == 1
    assert week_number(START, date(2026, 3, 9)) == 2


def test_focus_domains_get_most_questions_and_the_rest_some() -> None:
    weights = {"a": 20.0, "b": 30.0, "c": 50.0}
    focused = focus_weights(weights, ["a"])
    assert focused["a"] == pytest.approx(0.7)
    assert focused["b"] + focused["c"] == pytest.approx(0.3)
    assert focused["c"] > focused["b"] > 0
    assert focus_weights(weights, []) == weights


def test_the_first_study_day_of_a_week_skips_rest_days() -> None:
    from bot.core.plan import first_study_day_of_week

    def study(day: date) -> bool:
        return day.weekday() not in (0, 6)  # Monday and Sunday are rest days

    monday = date(2026, 3, 2)
    assert not first_study_day_of_week(study, monday, monday)
    assert first_study_day_of_week(study, monday, date(2026, 3, 3))
    assert not first_study_day_of_week(study, monday, date(2026, 3, 4))


def test_quiet_hours_may_wrap_past_midnight() -> None:
    from datetime import time

    from bot.core.plan import in_quiet_hours

    assert in_quiet_hours(time(23, 30), time(22), time(7))
    assert in_quiet_hours(time(6, 59), time(22), time(7))
    assert not in_quiet_hours(time(7, 0), time(22), time(7))
    assert in_quiet_hours(time(13), time(12), time(14))
    assert not in_quiet_hours(time(13), None, None)


@pytest.mark.parametrize(
    ("days", "words"),
    [(None, "not set"), (0, "today"), (1, "in 1 day"), (53, "in 53 days"), (-2, "2 days ago")],
)
def test_exam_countdown_in_words(days: int | None, words: str) -> None:
    assert countdown(days) == words
