"""The pinned overview: one message per group the bot pins in the channel and edits after
each post, reveal and change (settings, days off, a mock night scheduled, opening or
ending).

It shows today's question (its section and reveal time, never its key or how anyone
answered before the reveal), the longest current streaks (names, no mentions) and the next
mock night. The wording is the same on every platform; adapters give the time markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, select, update

from bot.content.loader import Bank
from bot.core.days_off import active_pause
from bot.core.markers import Marker, Post
from bot.core.states import UPCOMING_STATUSES, DailyState, MockStatus
from bot.db.engine import Database
from bot.db.models import DailyQuestion, Group, Member, MockNight, Streak
from bot.services.groups import GroupView, view_of

TOP_STREAKS = 5
TITLE = "📌 Study group overview"


@dataclass(frozen=True)
class Overview:
    """What the pinned overview shows now."""

    group_id: int
    guild_id: str
    channel_id: str
    message_id: str | None
    today: date
    section: str | None  # today's question's section, when there is one
    revealed: bool
    reveal_at: datetime | None
    next_post_at: datetime
    paused_until: date | None  # the day questions come back
    day_off: bool
    streaks: list[tuple[str, int]]  # (name, current), longest first
    mock_at: datetime | None
    mock_questions: int = 0
    mock_minutes: int = 0
    mock_open: bool = False  # the night is running now

    @property
    def marker(self) -> Marker:
        return Marker(Post.OVERVIEW, self.group_id)

    @property
    def fresh(self) -> bool:
        """Never posted: nothing to look for. (An empty id marks a post that was begun and
        may have gone out before a stop: the publisher looks for it by its marker.)"""
        return self.message_id is None


def overview_lines(
    overview: Overview, when: Callable[[datetime], str], name: Callable[[str], str]
) -> list[str]:
    """The overview's lines; ``when`` writes a time and ``name`` escapes a member's name in
    the platform's markup."""
    if overview.paused_until is not None:
        today = f"Paused: questions come back on {overview.paused_until:%A %d %B}."
    elif overview.day_off:
        today = "No question today (an organiser took the day off)."
    elif overview.section is None:
        today = f"No question yet today. Next question: {when(overview.next_post_at)}."
    elif overview.revealed:
        today = f"Today's question ({overview.section}) is revealed: see the reveal below."
    else:
        assert overview.reveal_at is not None
        today = (
            f"Today's question: {overview.section}. Answers are private until the reveal "
            f"at {when(overview.reveal_at)}."
        )
    if overview.streaks:
        streaks = "Longest streaks: " + ", ".join(
            f"{name(member)} {days}" for member, days in overview.streaks
        )
    else:
        streaks = "Longest streaks: nobody yet. Answer today's question to start one."
    if overview.mock_at is not None and overview.mock_open:
        ends = overview.mock_at + timedelta(minutes=overview.mock_minutes)
        mock = (
            f"Mock night on now: {overview.mock_questions} questions in "
            f"{overview.mock_minutes} minutes, until {when(ends)}."
        )
    elif overview.mock_at is not None:
        mock = (
            f"Next mock night: {when(overview.mock_at)}, {overview.mock_questions} questions "
            f"in {overview.mock_minutes} minutes."
        )
    else:
        mock = "Next mock night: none scheduled."
    return [today, streaks, mock]


class OverviewService:
    def __init__(self, database: Database, bank: Bank) -> None:
        self._db = database
        self._bank = bank

    async def build(
        self, group_id: int, now: datetime, view: GroupView | None = None
    ) -> Overview | None:
        """What the group's overview shows now (``view``: the group as the caller's pass
        read it, else read here). A group with no overview yet is marked as having one
        begun (an empty id), in the same transaction, so that a stop between here and the
        post makes the next pass look for it instead of posting a second one; the returned
        overview is still ``fresh``."""
        # Columns, not ORM objects: this runs after every post and reveal of every group.
        async with self._db.unit_of_work() as session:
            if view is None:
                group = await session.get(Group, group_id)
                if group is None:
                    return None
                view = view_of(group, now)
            message_id = view.overview_message_id
            if message_id is None:
                claimed = await session.execute(
                    update(Group)
                    .where(Group.id == group_id, Group.overview_message_id.is_(None))
                    .values(overview_message_id="")
                )
                if getattr(claimed, "rowcount", 1) != 1:  # begun since ``view`` was read
                    message_id = await session.scalar(
                        select(Group.overview_message_id).where(Group.id == group_id)
                    )
            schedule = view.schedule
            today = schedule.local_date(now)
            # Today's question and the next mock night in one statement: each side is at
            # most a row or two, and every row of the join carries the same ones in front.
            daily_and_mock = (
                await session.execute(
                    select(
                        DailyQuestion.domain,
                        DailyQuestion.state,
                        DailyQuestion.reveal_at,
                        MockNight.starts_at,
                        MockNight.question_count,
                        MockNight.duration_minutes,
                        MockNight.status,
                    )
                    .select_from(Group)
                    .outerjoin(
                        DailyQuestion,
                        and_(
                            DailyQuestion.group_id == Group.id,
                            DailyQuestion.study_date == today,
                            DailyQuestion.state != DailyState.SKIPPED,
                        ),
                    )
                    .outerjoin(
                        MockNight,
                        and_(
                            MockNight.group_id == Group.id,
                            MockNight.status.in_(UPCOMING_STATUSES),
                        ),
                    )
                    .where(Group.id == group_id)
                    .order_by(DailyQuestion.id.desc(), MockNight.starts_at)
                    .limit(1)
                )
            ).first()
            streaks = (
                await session.execute(
                    select(Member.display_name, Streak.current)
                    .join(Member, Member.id == Streak.member_id)
                    .where(Streak.group_id == group_id, Streak.current > 0)
                    .order_by(Streak.current.desc(), Member.display_name)
                    .limit(TOP_STREAKS)
                )
            ).all()
            daily = mock = None
            if daily_and_mock is not None and daily_and_mock.domain is not None:
                daily = daily_and_mock
            if daily_and_mock is not None and daily_and_mock.starts_at is not None:
                mock = daily_and_mock
            pause = active_pause(schedule.days_off, today)
            section = None
            if daily is not None:
                section = self._bank.exam.domain(daily.domain).name
            return Overview(
                group_id=view.id,
                guild_id=view.external_id,
                channel_id=view.settings.channel_id,
                message_id=message_id,
                today=today,
                section=section,
                revealed=daily is not None and daily.state == DailyState.REVEALED,
                reveal_at=daily.reveal_at if daily is not None else None,
                next_post_at=schedule.next_post_at(now),
                paused_until=pause.last + timedelta(days=1)
                if pause is not None and pause.first <= today
                else None,
                day_off=schedule.is_day_off(today),
                streaks=[(name, int(current)) for name, current in streaks],
                mock_at=mock.starts_at if mock is not None else None,
                mock_questions=mock.question_count if mock is not None else 0,
                mock_minutes=mock.duration_minutes if mock is not None else 0,
                mock_open=mock is not None and mock.status == MockStatus.OPEN,
            )

    async def remember(self, group_id: int, message_id: str) -> None:
        """Keep the overview's message id (found again by its marker when this was lost)."""
        await self._db.group_commit(
            lambda session: session.execute(
                update(Group).where(Group.id == group_id).values(overview_message_id=message_id)
            )
        )
