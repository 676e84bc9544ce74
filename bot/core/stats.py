"""Statistics rules: strength with evidence, trend, calibration, readiness, ranking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.readiness import Z, wilson_interval, wilson_lower_bound

MIN_EVIDENCE = 5  # fewer answers than this: "too few answers to tell"
STRENGTH_Z = 1.645  # one-sided 95%: "strong" and "weak" are claims we want to be sure of
STRONG_AT = 0.70  # lower bound at or above: strong
WEAK_BELOW = 0.70  # upper bound below: weak
# What a stated confidence claims, as a chance of being right: 1 = a guess among four
# options, 5 = certain.
CONFIDENCE_MEANS = {1: 0.25, 2: 0.45, 3: 0.65, 4: 0.85, 5: 1.0}
CHANGE_SHOWN = 0.05  # a trend or calibration gap within this many points is "steady"
#: The leaderboard's periods, as members read them.
PERIOD_NAMES = {"week": "this week", "month": "this month", "all": "all time"}


def wilson_upper_bound(correct: int, answered: int, z: float = Z) -> float:
    return wilson_interval(correct, answered, z)[1]


def strength(correct: int, answered: int) -> str:
    """ "strong", "weak", "mixed" or "too few answers", judged with the evidence in mind."""
    if answered < MIN_EVIDENCE:
        return "too few answers"
    if wilson_lower_bound(correct, answered, STRENGTH_Z) >= STRONG_AT:
        return "strong"
    if wilson_upper_bound(correct, answered, STRENGTH_Z) < WEAK_BELOW:
        return "weak"
    return "mixed"


@dataclass(frozen=True)
class Trend:
    recent_correct: int
    recent_answered: int
    before_correct: int
    before_answered: int

    @property
    def change(self) -> float | None:
        """Recent accuracy minus earlier accuracy, when both periods have answers."""
        if not self.recent_answered or not self.before_answered:
            return None
        return (
            self.recent_correct / self.recent_answered - self.before_correct / self.before_answered
        )


def trend_mark(change: float | None) -> str:
    """An arrow for a trend (recent accuracy minus earlier), or nothing without one."""
    if change is None:
        return ""
    return " ↑" if change > CHANGE_SHOWN else " ↓" if change < -CHANGE_SHOWN else " →"


@dataclass(frozen=True)
class CalibrationRow:
    confidence: int
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def claimed(self) -> float:
        return CONFIDENCE_MEANS[self.confidence]


def calibration(pairs: Sequence[tuple[int, bool]]) -> tuple[list[CalibrationRow], float | None]:
    """Rows per stated confidence (1–5) and the overall gap: how much more sure the member
    says they are than they turn out to be (positive = overconfident), in accuracy points."""
    rows = []
    for level in range(1, 6):
        answers = [ok for c, ok in pairs if c == level]
        rows.append(CalibrationRow(level, len(answers), sum(answers)))
    answered = sum(r.answered for r in rows)
    if answered == 0:
        return rows, None
    gap = sum(r.answered * (r.claimed - r.accuracy) for r in rows) / answered
    return rows, gap


def calibration_verdict(gap: float) -> str:
    """How a calibration gap reads (positive: more sure than right)."""
    if gap > CHANGE_SHOWN:
        return "overconfident"
    return "underconfident" if gap < -CHANGE_SHOWN else "well calibrated"


def readiness(
    weights: Mapping[str, float], results: Mapping[str, tuple[int, int]]
) -> tuple[float | None, float]:
    """Accuracy weighted by the exam weights over the domains with answers, and the share of
    the exam weight those domains cover (a readiness figure is only as good as its cover)."""
    covered = {d: w for d, w in weights.items() if results.get(d, (0, 0))[1] > 0}
    total_weight = sum(weights.values()) or 1.0
    if not covered:
        return None, 0.0
    weighted = sum(w * results[d][0] / results[d][1] for d, w in covered.items())
    return weighted / sum(covered.values()), sum(covered.values()) / total_weight


def competition_ranks(scores: Sequence[tuple[str, float]]) -> list[tuple[int, str, float]]:
    """Standard competition ranking ("1, 2, 2, 4"): equal scores share a rank.

    ``scores`` must already be sorted best first; ties keep their given order.
    """
    ranked = []
    previous: float | None = None
    rank = 0
    for position, (key, score) in enumerate(scores, start=1):
        if score != previous:
            rank = position
            previous = score
        ranked.append((rank, key, score))
    return ranked
