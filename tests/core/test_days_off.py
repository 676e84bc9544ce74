"""Days off: skipping a day and pausing are idempotent, survive being written and read back,
and take the days out of the schedule without touching rest weekdays."""

from __future__ import annotations

from datetime import date, time

from bot.core.days_off import (
    Change,
    DayOff,
    DayOffKind,
    format_days_off,
    parse_days_off,
    pause_until,
    resume,
    skip_day,
)
from bot.core.schedule import StudySchedule

TODAY = date(2026, 12, 21)  # a Monday


def schedule(days_off: tuple[DayOff, ...]) -> StudySchedule:
    return StudySchedule("UTC", time(9), time(20), frozenset({6}), date(2026, 12, 1), days_off)


def test_skipping_takes_one_day_off_once() -> None:
    first = skip_day((), date(2026, 12, 24), TODAY)
    again = skip_day(first.days_off, date(2026, 12, 24), TODAY)
    assert first.change == Change.DONE and again.change == Change.UNCHANGED
    off = schedule(again.days_off)
    assert not off.is_study_day(date(2026, 12, 24)) and off.is_day_off(date(2026, 12, 24))
    assert off.is_study_day(date(2026, 12, 23)) and off.is_study_day(date(2026, 12, 25))
    assert off.next_study_day(date(2026, 12, 23)) == date(2026, 12, 25)


def test_a_pause_runs_to_the_day_before_questions_come_back_and_can_be_moved() -> None:
    paused = pause_until((), date(2027, 1, 4), TODAY)
    assert paused.days_off == (DayOff(DayOffKind.PAUSE, TODAY, date(2027, 1, 3)),)
    assert pause_until(paused.days_off, date(2027, 1, 4), TODAY).change == Change.UNCHANGED
    longer = pause_until(paused.days_off, date(2027, 1, 11), date(2026, 12, 28))
    assert longer.days_off == (DayOff(DayOffKind.PAUSE, TODAY, date(2027, 1, 10)),)
    off = schedule(longer.days_off)
    assert off.next_post_at(off.post_at(TODAY)).date() == date(2027, 1, 11)
    # Paused days are not rest days: no rest-day post is due on them.
    assert not off.is_rest_day(date(2026, 12, 22)) and off.is_rest_day(date(2026, 12, 27))


def test_resuming_ends_the_pause_today_and_twice_is_harmless() -> None:
    paused = pause_until((), date(2027, 1, 4), TODAY).days_off
    resumed = resume(paused, date(2026, 12, 23))
    assert resumed.change == Change.DONE
    assert resumed.days_off == (DayOff(DayOffKind.PAUSE, TODAY, date(2026, 12, 22)),)
    assert schedule(resumed.days_off).is_study_day(date(2026, 12, 23))
    assert resume(resumed.days_off, date(2026, 12, 23)).change == Change.UNCHANGED
    # Resumed on the day the pause began: nothing of it is left.
    assert resume(paused, TODAY).days_off == ()


def test_stored_text_round_trips_and_old_days_are_dropped() -> None:
    days = skip_day((), date(2026, 11, 2), date(2026, 11, 2)).days_off
    days = pause_until(days, date(2027, 1, 4), TODAY).days_off
    assert parse_days_off(format_days_off(days)) == days
    assert format_days_off(days) == "2026-12-21..2027-01-03"  # the November skip is forgotten
    assert parse_days_off("") == ()
