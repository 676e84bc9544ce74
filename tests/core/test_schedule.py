from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.schedule import StudySchedule, format_weekdays, local_instant, parse_weekdays


def schedule(
    zone: str, post: time = time(9), reveal: time = time(20), rest: frozenset[int] = frozenset({6})
) -> StudySchedule:
    return StudySchedule(zone, post, reveal, rest, plan_start=date(2026, 1, 1))


def test_post_and_reveal_follow_local_wall_time_across_spring_forward() -> None:
    s = schedule("Europe/Berlin")
    before = s.post_at(date(2026, 3, 28))  # Saturday, still CET (UTC+1)
    after = s.post_at(date(2026, 3, 30))  # Monday, CEST (UTC+2)
    assert before == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert after == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


def test_a_post_time_inside_the_spring_forward_gap_moves_forward_by_the_gap() -> None:
    zone = ZoneInfo("America/New_York")
    instant = local_instant(date(2026, 3, 8), time(2, 30), zone)
    assert instant.astimezone(zone) == datetime(2026, 3, 8, 3, 30, tzinfo=zone)


def test_a_repeated_wall_time_on_fall_back_is_its_first_occurrence() -> None:
    zone = ZoneInfo("America/New_York")
    instant = local_instant(date(2026, 11, 1), time(1, 30), zone)
    assert instant == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # EDT, not EST


@pytest.mark.parametrize(
    ("zone", "utc_offset_hours"),
    [("Pacific/Tongatapu", 13), ("Pacific/Honolulu", -10), ("Pacific/Kiritimati", 14)],
)
def test_far_timezones_post_on_their_own_local_date(zone: str, utc_offset_hours: int) -> None:
    s = schedule(zone, post=time(7), reveal=time(21))
    day = date(2026, 6, 10)
    assert s.post_at(day) == datetime(2026, 6, 10, 7, tzinfo=UTC) - timedelta(
        hours=utc_offset_hours
    )
    assert s.local_date(s.post_at(day)) == day
    assert s.local_date(s.reveal_at(day)) == day


def test_local_date_changes_at_local_midnight_not_utc_midnight() -> None:
    s = schedule("Pacific/Tongatapu")
    # 10:59 UTC on 9 June is 23:59 in Tonga; a minute later it is 10 June there.
    assert s.local_date(datetime(2026, 6, 9, 10, 59, tzinfo=UTC)) == date(2026, 6, 9)
    assert s.local_date(datetime(2026, 6, 9, 11, 0, tzinfo=UTC)) == date(2026, 6, 10)


def test_a_group_can_post_at_midnight_and_reveal_just_before_the_next() -> None:
    s = schedule("Pacific/Honolulu", post=time(0, 0), reveal=time(23, 59))
    day = date(2026, 6, 10)
    assert s.post_at(day) == datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
    assert s.reveal_at(day) - s.post_at(day) == timedelta(hours=23, minutes=59)


def test_rest_days_and_days_before_the_plan_are_not_study_days() -> None:
    s = StudySchedule("UTC", time(9), time(20), frozenset({5, 6}), plan_start=date(2026, 3, 4))
    assert not s.is_study_day(date(2026, 3, 3))  # before the start
    assert s.is_study_day(date(2026, 3, 6))  # Friday
    assert not s.is_study_day(date(2026, 3, 7))  # Saturday
    assert s.next_study_day(date(2026, 3, 6)) == date(2026, 3, 9)  # skips the weekend


def test_next_post_skips_rest_days_and_todays_past_post() -> None:
    s = schedule("UTC", rest=frozenset({5, 6}))
    friday_evening = datetime(2026, 3, 6, 18, tzinfo=UTC)
    assert s.next_post_at(friday_evening) == datetime(2026, 3, 9, 9, tzinfo=UTC)
    monday_dawn = datetime(2026, 3, 9, 5, tzinfo=UTC)
    assert s.next_post_at(monday_dawn) == datetime(2026, 3, 9, 9, tzinfo=UTC)


def test_weekday_names_round_trip() -> None:
    assert parse_weekdays("Sat, sunday") == frozenset({5, 6})
    assert parse_weekdays("none") == frozenset()
    assert format_weekdays(frozenset({0, 6})) == "mon, sun"
    with pytest.raises(ValueError):
        parse_weekdays("funday")


@pytest.mark.parametrize(
    ("post", "reveal", "expected_post", "expected_reveal"),
    [
        # The post time does not exist: it and the reveal move by the jump.
        (time(2, 30), time(3, 0), time(3, 30), time(4, 0)),
        (time(2, 0), time(2, 45), time(3, 0), time(3, 45)),
        (time(2, 30), time(20, 0), time(3, 30), time(21, 0)),
        # Only the reveal time does not exist: it alone moves by the jump.
        (time(1, 30), time(2, 30), time(1, 30), time(3, 30)),
        (time(1, 0), time(20, 0), time(1, 0), time(20, 0)),
    ],
)
def test_times_in_the_spring_forward_gap_keep_a_real_answering_window(
    post: time, reveal: time, expected_post: time, expected_reveal: time
) -> None:
    zone = ZoneInfo("America/New_York")
    s = schedule("America/New_York", post=post, reveal=reveal)
    day = date(2026, 3, 8)  # the clocks jump from 02:00 to 03:00
    assert s.post_at(day).astimezone(zone).time() == expected_post
    assert s.reveal_at(day).astimezone(zone).time() == expected_reveal
    assert s.reveal_at(day) - s.post_at(day) >= timedelta(minutes=30)
    assert s.local_date(s.reveal_at(day)) == day


@given(
    st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Sydney", "Pacific/Chatham"]),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=23 * 60 + 58),
    st.integers(min_value=1, max_value=23 * 60 + 59),
)
def test_every_study_day_has_its_post_before_its_reveal(
    zone: str, day: date, post_minute: int, window: int
) -> None:
    reveal_minute = min(post_minute + window, 23 * 60 + 59)
    s = schedule(
        zone,
        post=time(post_minute // 60, post_minute % 60),
        reveal=time(reveal_minute // 60, reveal_minute % 60),
    )
    assert s.reveal_at(day) > s.post_at(day)
