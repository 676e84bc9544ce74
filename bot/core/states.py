"""The states a day's question and a mock night go through (stored as their values)."""

from __future__ import annotations

from enum import StrEnum


class DailyState(StrEnum):
    """A day's question: claimed → posted → revealing → revealed, or skipped."""

    CLAIMED = "claimed"
    POSTED = "posted"
    REVEALING = "revealing"
    REVEALED = "revealed"
    SKIPPED = "skipped"


#: Members may still answer (until the reveal time).
OPEN_STATES = (DailyState.CLAIMED, DailyState.POSTED)
#: The key of the question must stay secret.
UNREVEALED_STATES = (DailyState.CLAIMED, DailyState.POSTED, DailyState.REVEALING)


class MockStatus(StrEnum):
    """A mock night: scheduled → open → closed, or cancelled."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


#: Nights that have not ended.
UPCOMING_STATUSES = (MockStatus.SCHEDULED, MockStatus.OPEN)
