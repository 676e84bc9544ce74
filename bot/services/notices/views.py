"""What the notice services return: channel notices (with a weekly recap) and direct messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.content.schema import PlanTheme
from bot.core.markers import Marker, Post
from bot.core.miss_reasons import MissPattern
from bot.core.plan import PlanWeek
from bot.core.states import NoticeKind
from bot.services.hands_on import HandsOnTally


@dataclass(frozen=True)
class HardQuestion:
    channel_id: str
    message_id: str
    accuracy: float


@dataclass(frozen=True)
class Recap:
    """Last week in numbers, for the weekly recap post (no individual picks are shown)."""

    week_number: int
    questions: int
    answers: int
    per_domain: list[tuple[str, int, int]]  # domain name, right, answered
    top_per_domain: list[tuple[str, str, int]]  # domain name, member external id, points
    hardest: HardQuestion | None
    most_missed: list[tuple[str, int, int]]  # question id, wrong, answered
    hands_on: list[HandsOnTally] = field(default_factory=list)  # counts only, no names
    miss_pattern: MissPattern | None = None  # why members say they missed (no names)


@dataclass(frozen=True)
class Notice:
    """A post in the group's channel: ``kind`` is WEEK (theme), REST (rest day) or RECAP
    (last week's recap)."""

    announcement_id: int
    kind: NoticeKind
    group_id: int
    guild_id: str
    channel_id: str
    day: date
    week: PlanWeek
    themes: list[PlanTheme]
    focus: list[str]  # domain names
    hardest: HardQuestion | None
    message_id: str | None
    recap: Recap | None = None
    fresh: bool = False  # claimed in this very pass: nothing can have been posted yet

    @property
    def marker(self) -> Marker:
        return Marker(Post.NOTICE, self.announcement_id)


@dataclass(frozen=True)
class DirectNotice:
    """A DM to a member; ``kind`` is CLOSING, WEEKLY, REVIEW, EXAM_EVE or EXAM_AFTER."""

    dm_id: int
    kind: NoticeKind
    member_external_id: str
    guild_id: str | None
    channel_id: str | None
    message_id: str | None
    closes_at: datetime | None
    week: PlanWeek | None
    themes: list[PlanTheme]
    review_due: int = 0
