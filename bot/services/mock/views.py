"""What the mock-exam services return: nights, attempts, results, review steps, debriefs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.content.schema import Question
from bot.core.markers import Marker, Post
from bot.core.miss_reasons import MissReason
from bot.core.mock import (
    Verdict,
)
from bot.core.pacing import DEFAULT_PACE, GroupPacing, Pacing
from bot.core.states import NoticeKind
from bot.db.models import (
    Group,
    MockNight,
)

#: What ``/mock edit focus:`` takes to remove a night's focus section.
NO_FOCUS = "none"


@dataclass(frozen=True)
class MockView:
    id: int
    guild_id: str
    channel_id: str
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    question_count: int
    focus_domain: str | None
    status: str
    event_id: str | None
    start_message_id: str | None
    pace_minutes: int = DEFAULT_PACE  # minutes a question may take before it counts as slow
    group_id: int = 0  # the study group's row
    ping_role_id: str | None = None  # Discord: the role of members who opted in to pings
    ping_members: tuple[str, ...] = ()  # Slack: who opted in (read for reminders only)

    def marker(self, part: str) -> Marker:
        """The marker of the night's ``part`` post: "start", "debrief" or a reminder kind."""
        return Marker(Post.MOCK, self.id, part)


@dataclass(frozen=True)
class AttemptView:
    """What the member's private exam message shows."""

    attempt_id: int
    mock_id: int
    position: int
    total: int
    question: Question
    pick: str | None
    flagged: bool
    deadline: datetime
    answered: int
    flagged_positions: list[int]
    unanswered_positions: list[int]
    submitted: bool


@dataclass(frozen=True)
class ResultView:
    attempt_id: int
    correct: int
    total: int
    per_domain: list[tuple[str, str, int, int, float]]  # slug, name, right, asked, weight
    minutes_used: int
    flagged_right: int
    flagged_total: int
    verdict: Verdict
    auto_submitted: bool
    pacing: Pacing


@dataclass(frozen=True)
class ReviewStep:
    attempt_id: int
    position: int
    total: int
    question: Question
    pick: str | None
    correct: bool
    # The question is open as the group's daily question right now: no key, no verdict.
    key_hidden: bool = False
    seconds: int = 0  # the member's time on this question
    limit_minutes: int = DEFAULT_PACE
    tag: MissReason | None = None  # after a miss: why the member says they missed it

    @property
    def missed(self) -> bool:
        """A revealed miss (a wrong pick or a question left), which the member may tag."""
        return not self.correct and not self.key_hidden


@dataclass(frozen=True)
class Debrief:
    mock: MockView
    participants: int
    scores: list[float]
    per_domain: list[tuple[str, int, int]]  # name, right, asked
    hardest: list[tuple[Question, int, int]]  # question, right, attempts
    pacing: GroupPacing | None = None  # None when nobody took part


@dataclass(frozen=True)
class MockDue:
    """Clock work for one mock night."""

    mock: MockView
    reminders: list[NoticeKind] = field(default_factory=list)  # reminders due now
    opened: bool = False
    debrief: Debrief | None = None


def mock_view(mock: MockNight, group: Group) -> MockView:
    return MockView(
        id=mock.id,
        guild_id=group.external_id,
        channel_id=group.channel_id,
        starts_at=mock.starts_at,
        ends_at=mock.starts_at + timedelta(minutes=mock.duration_minutes),
        duration_minutes=mock.duration_minutes,
        question_count=mock.question_count,
        focus_domain=mock.focus_domain,
        pace_minutes=mock.pace_minutes,
        status=mock.status,
        event_id=mock.event_id,
        start_message_id=mock.start_message_id,
        group_id=group.id,
        ping_role_id=group.ping_role_id,
    )
