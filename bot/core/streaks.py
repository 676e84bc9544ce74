"""Streaks: consecutive study-day questions a member answered.

Only days on which a question was posted count; rest days (and a day the bot skipped)
have no question, so they neither break nor extend a streak. A streak is settled when a
question is revealed: members who answered go up by one, everybody else drops to zero.
"""

from __future__ import annotations

from dataclasses import dataclass

MILESTONES = (3, 7, 14, 21, 30, 50, 75, 100, 150, 200, 365)


@dataclass(frozen=True)
class Streak:
    current: int = 0
    best: int = 0

    def settle(self, answered: bool) -> Streak:
        """The streak after a question closes, given whether the member answered it."""
        if not answered:
            return Streak(0, self.best)
        current = self.current + 1
        return Streak(current, max(self.best, current))


def is_milestone(current: int) -> bool:
    """Whether a streak that just reached ``current`` deserves a mention at the reveal."""
    return current in MILESTONES


def streak_over(answered_in_order: list[bool]) -> Streak:
    """Replay a whole history (oldest first); equals settling one question at a time."""
    streak = Streak()
    for answered in answered_in_order:
        streak = streak.settle(answered)
    return streak
