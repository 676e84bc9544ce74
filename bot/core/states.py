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


class NoticeKind(StrEnum):
    """What a notice is (stored as the ``kind`` of its announcement or direct-message row)."""

    # Channel posts.
    WEEK = "week"  # a week's theme, on its first study day
    REST = "rest"  # a rest day, with a light-review suggestion
    RECAP = "recap"  # last week in numbers
    # Mock-night reminders: in the channel, and by DM to members interested in the event.
    MOCK_DAY_BEFORE = "mock-24h"
    MOCK_HOUR_BEFORE = "mock-1h"
    # Direct messages.
    CLOSING = "closing"  # today's question closes soon and you have not answered
    WEEKLY = "weekly"  # this week's theme
    REVIEW = "review"  # review cards are due
    EXAM_EVE = "exam-eve"
    EXAM_AFTER = "exam-after"
    # Organisers heard of a channel problem (claimed once a day per problem).
    PROBLEM = "problem"
