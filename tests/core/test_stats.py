import pytest

from bot.core.stats import (
    Trend,
    calibration,
    calibration_verdict,
    competition_ranks,
    readiness,
    strength,
    trend_mark,
    wilson_upper_bound,
)


def test_a_domain_with_two_answers_is_never_strong() -> None:
    assert strength(2, 2) == "too few answers"
    assert strength(5, 5) == "mixed", "five of five is promising, not proven"
    assert strength(19, 20) == "strong"
    assert strength(2, 10) == "weak"
    assert strength(6, 10) == "mixed"


def test_the_upper_bound_is_above_the_observed_accuracy() -> None:
    assert wilson_upper_bound(6, 10) > 0.6
    assert wilson_upper_bound(0, 0) == 1.0


def test_calibration_compares_stated_confidence_with_accuracy() -> None:
    # Says 5 (certain) four times and is right twice; says 1 (guess) four times, right twice.
    pairs = [
        (5, True),
        (5, True),
        (5, False),
        (5, False),
        (1, True),
        (1, True),
        (1, False),
        (1, False),
    ]
    rows, gap = calibration(pairs)
    by_level = {r.confidence: r for r in rows}
    assert by_level[5].accuracy == 0.5 and by_level[1].accuracy == 0.5
    assert by_level[3].answered == 0
    # Claimed 100% and 25%, got 50% and 50%: overconfident by (0.5 - 0.25) / 2 = 0.125.
    assert gap == pytest.approx(0.125)
    assert calibration([]) == (rows_without_answers(), None)


def rows_without_answers():  # type: ignore[no-untyped-def]
    return calibration([])[0]


def test_trend_needs_both_periods() -> None:
    assert Trend(8, 10, 5, 10).change == pytest.approx(0.3)
    assert Trend(8, 10, 0, 0).change is None


def test_readiness_weights_accuracy_by_the_exam_and_states_its_cover() -> None:
    weights = {"a": 20.0, "b": 30.0, "c": 50.0}
    figure, cover = readiness(weights, {"a": (10, 10), "b": (0, 10)})
    assert figure == pytest.approx(20 / 50)
    assert cover == pytest.approx(0.5)
    assert readiness(weights, {}) == (None, 0.0)


def test_ties_share_a_rank() -> None:
    ranked = competition_ranks([("ada", 9), ("bo", 7), ("cy", 7), ("di", 3)])
    assert [(r, k) for r, k, _s in ranked] == [(1, "ada"), (2, "bo"), (2, "cy"), (4, "di")]


@pytest.mark.parametrize(
    ("change", "mark"),
    [(None, ""), (0.06, " ↑"), (0.05, " →"), (-0.05, " →"), (-0.06, " ↓")],
)
def test_a_trend_within_five_points_reads_as_steady(change: float | None, mark: str) -> None:
    assert trend_mark(change) == mark


@pytest.mark.parametrize(
    ("gap", "verdict"),
    [(0.2, "overconfident"), (0.05, "well calibrated"), (-0.2, "underconfident")],
)
def test_calibration_verdict(gap: float, verdict: str) -> None:
    assert calibration_verdict(gap) == verdict
