"""Pacing in a mock exam: time on each question, the group's limit, and what coming back to a
flagged question did.

Rules (documented in README, "Pacing in mocks"):
- A question's time runs from the moment the member arrives at it until they move to another
  question, submit, or the deadline passes, summed over every visit. Time away from the exam
  while it stays open counts for the question left on screen, as in the real exam.
- No question deserves more than a few minutes: one that took longer than the night's limit
  (default 3 minutes, chosen by the organiser per mock night) is called slow.
- A flagged question the member came back to "turned out" by comparing the first answer they
  gave with the one they submitted.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MIN_PACE, MAX_PACE, DEFAULT_PACE = 1, 10, 3


def seconds_between(since: datetime | None, now: datetime, deadline: datetime) -> int:
    """Whole seconds from ``since`` to ``now``, never past the deadline and never negative."""
    if since is None:
        return 0
    return max(int((min(now, deadline) - since).total_seconds()), 0)


class FlagReturn(StrEnum):
    """How a flagged question the member came back to turned out."""

    KEPT_RIGHT = "kept right"  # the first answer was right and stayed
    FIXED = "fixed"  # changed from a wrong (or no) first answer to the right one
    SPOILED = "spoiled"  # changed a right first answer to a wrong one
    STILL_WRONG = "still wrong"


def flag_return(first_correct: bool, final_correct: bool) -> FlagReturn:
    if first_correct:
        return FlagReturn.KEPT_RIGHT if final_correct else FlagReturn.SPOILED
    return FlagReturn.FIXED if final_correct else FlagReturn.STILL_WRONG


@dataclass(frozen=True)
class Pacing:
    """One attempt's pacing, as its results show it."""

    seconds: list[int]  # time on each question, in paper order
    limit_minutes: int
    seconds_left: int  # time left on the clock at submit
    returns: dict[FlagReturn, int]  # flagged questions come back to, by outcome

    @property
    def slow(self) -> list[int]:
        """Question numbers (1-based) that took longer than the limit."""
        return [i for i, s in enumerate(self.seconds, start=1) if s > self.limit_minutes * 60]


def pacing(
    seconds: Sequence[int],
    limit_minutes: int,
    seconds_left: int,
    returns: Iterable[FlagReturn],
) -> Pacing:
    counted = Counter(returns)
    return Pacing(
        list(seconds), limit_minutes, max(seconds_left, 0), {r: counted[r] for r in FlagReturn}
    )


@dataclass(frozen=True)
class GroupPacing:
    """A night's pacing across everyone who took part, with no names."""

    limit_minutes: int
    median_seconds: int  # median time on a question someone spent time on
    slow_share: float  # of the questions someone spent time on, the share over the limit
    median_left_seconds: int  # median time left at submit
    ran_out: int  # attempts still open at the deadline
    returns: dict[FlagReturn, int]


def group_pacing(attempts: Sequence[tuple[Pacing, bool]]) -> GroupPacing | None:
    """``attempts``: each attempt's pacing and whether the clock submitted it."""
    if not attempts:
        return None
    spent = [s for p, _ in attempts for s in p.seconds if s > 0]
    limit = attempts[0][0].limit_minutes
    total = Counter[FlagReturn]()
    for p, _ in attempts:
        total.update(p.returns)
    return GroupPacing(
        limit_minutes=limit,
        median_seconds=int(statistics.median(spent)) if spent else 0,
        slow_share=sum(1 for s in spent if s > limit * 60) / len(spent) if spent else 0.0,
        median_left_seconds=int(statistics.median(p.seconds_left for p, _ in attempts)),
        ran_out=sum(1 for _, auto in attempts if auto),
        returns={r: total[r] for r in FlagReturn},
    )


def clock(seconds: int) -> str:
    """ "2:05" for 125 seconds; "1:02:05" past an hour."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
