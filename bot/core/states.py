"""The states a day's question, a mock night and a notice go through (stored as their values)."""

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


class SendState(StrEnum):
    """A channel notice or a direct message, claimed before it is sent: claimed → sent.

    Not a stored column: a notice is sent once its message id is recorded, a direct
    message once it was delivered (``bot.db.transitions`` reads and writes it so)."""

    CLAIMED = "claimed"
    SENT = "sent"
