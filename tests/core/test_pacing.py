from datetime import UTC, datetime, timedelta

import pytest

from bot.core.pacing import FlagReturn, clock, flag_return, group_pacing, pacing, seconds_between

T0 = datetime(2026, 3, 5, 19, tzinfo=UTC)


def test_time_stops_at_the_deadline_and_never_runs_backwards() -> None:
    deadline = T0 + timedelta(minutes=30)
    assert seconds_between(T0, T0 + timedelta(minutes=2), deadline) == 120
    assert seconds_between(T0, T0 + timedelta(hours=2), deadline) == 1800
    assert seconds_between(T0 + timedelta(minutes=1), T0, deadline) == 0
    assert seconds_between(None, T0, deadline) == 0


@pytest.mark.parametrize(
    ("first", "final", "outcome"),
    [
        (True, True, FlagReturn.KEPT_RIGHT),
        (False, True, FlagReturn.FIXED),
        (True, False, FlagReturn.SPOILED),
        (False, False, FlagReturn.STILL_WRONG),
    ],
)
def test_a_flag_come_back_to_is_judged_against_the_first_answer(
    first: bool, final: bool, outcome: FlagReturn
) -> None:
    assert flag_return(first, final) is outcome


def test_slow_questions_are_those_strictly_over_the_limit() -> None:
    p = pacing([180, 181, 0, 400], 3, 60, [FlagReturn.FIXED])
    assert p.slow == [2, 4]
    assert p.returns[FlagReturn.FIXED] == 1 and p.returns[FlagReturn.SPOILED] == 0


def test_group_pacing_ignores_untouched_questions_and_counts_who_ran_out() -> None:
    a = pacing([60, 240, 0], 3, 600, [])
    b = pacing([120, 0, 0], 3, 0, [FlagReturn.SPOILED])
    g = group_pacing([(a, False), (b, True)])
    assert g is not None
    assert g.median_seconds == 120 and g.slow_share == pytest.approx(1 / 3)
    assert g.median_left_seconds == 300 and g.ran_out == 1
    assert g.returns[FlagReturn.SPOILED] == 1
    assert group_pacing([]) is None


def test_clock_reads_like_a_stopwatch() -> None:
    assert [clock(5), clock(125), clock(3725)] == ["0:05", "2:05", "1:02:05"]
