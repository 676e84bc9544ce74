"""Organising mock-exam nights: scheduling, editing, cancelling, reminders and what is due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import InvalidInput
from bot.core.group_settings import parse_date, parse_time
from bot.core.mock import (
    DEFAULT_MINUTES,
    DEFAULT_QUESTIONS,
    MAX_MINUTES,
    MAX_QUESTIONS,
    MIN_MINUTES,
    MIN_QUESTIONS,
)
from bot.core.pacing import DEFAULT_PACE, MAX_PACE, MIN_PACE
from bot.core.schedule import local_instant
from bot.core.states import UPCOMING_STATUSES, MockStatus, NoticeKind
from bot.db.claims import insert_if_absent
from bot.db.models import (
    Announcement,
    Group,
    MockNight,
)
from bot.services.groups import settings_of
from bot.services.members import get_or_create_member
from bot.services.mock.debrief import Debriefs
from bot.services.mock.views import NO_FOCUS, MockDue, MockView, mock_view
from bot.services.notices import claim_dm
from bot.services.pings import subscribers

REMINDERS = (
    (NoticeKind.MOCK_DAY_BEFORE, timedelta(hours=24)),
    (NoticeKind.MOCK_HOUR_BEFORE, timedelta(hours=1)),
)


class MockService(Debriefs):
    """Mock-exam nights: organising, taking a timed private attempt, results and the debrief."""

    def _validate(
        self,
        day: str | None,
        at: str | None,
        questions: int | None,
        minutes: int | None,
        focus: str | None,
        zone_today: date,
        pace: int | None = None,
    ) -> tuple[date | None, time | None, list[str]]:
        problems = []
        if pace is not None and not MIN_PACE <= pace <= MAX_PACE:
            problems.append(
                f"The pacing limit must be between {MIN_PACE} and {MAX_PACE} minutes a question."
            )
        parsed_day = None
        if day is not None:
            try:
                parsed_day = parse_date(day)
            except ValueError:
                problems.append(f"Date “{day}” is not a date. Use YYYY-MM-DD.")
        parsed_time = None
        if at is not None:
            try:
                parsed_time = parse_time(at)
            except ValueError:
                problems.append(f"Time “{at}” is not a time. Use 24-hour HH:MM, e.g. 19:00.")
        if questions is not None and not MIN_QUESTIONS <= questions <= MAX_QUESTIONS:
            problems.append(f"Questions must be between {MIN_QUESTIONS} and {MAX_QUESTIONS}.")
        if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
            problems.append(f"Duration must be between {MIN_MINUTES} and {MAX_MINUTES} minutes.")
        if focus is not None and focus != NO_FOCUS and focus not in self._bank.exam.weights:
            problems.append(f"“{focus}” is not an exam section.")
        return parsed_day, parsed_time, problems

    async def schedule(
        self,
        guild_id: str,
        day: str,
        at: str,
        questions: int | None,
        minutes: int | None,
        focus: str | None,
        now: datetime,
        *,
        pace: int | None = None,
    ) -> MockView:
        """A new night; ``pace`` is the minutes one question may take before the results
        call it slow (default 3)."""
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            schedule = settings_of(group).schedule
            parsed_day, parsed_time, problems = self._validate(
                day, at, questions, minutes, focus, schedule.local_date(now), pace
            )
            starts_at = None
            if parsed_day and parsed_time:
                starts_at = local_instant(parsed_day, parsed_time, schedule.zone)
                if starts_at <= now:
                    problems.append("The start must be in the future (group's timezone).")
            if problems:
                raise InvalidInput(problems)
            assert starts_at is not None
            mock = MockNight(
                group_id=group.id,
                starts_at=starts_at,
                duration_minutes=minutes or DEFAULT_MINUTES,
                question_count=questions or DEFAULT_QUESTIONS,
                focus_domain=None if focus == NO_FOCUS else focus,
                pace_minutes=pace or DEFAULT_PACE,
                status=MockStatus.SCHEDULED,
                created_at=now,
            )
            session.add(mock)
            await session.flush()
            return mock_view(mock, group)

    async def set_event(self, mock_id: int, event_id: str | None) -> None:
        """Remember the night's scheduled event while the night is still to come."""
        await self.transition(
            MockNight, mock_id, [MockStatus.SCHEDULED], MockStatus.SCHEDULED, event_id=event_id
        )

    async def upcoming(self, guild_id: str, now: datetime) -> list[MockView]:
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            rows = (
                await session.scalars(
                    select(MockNight)
                    .where(MockNight.group_id == group.id, MockNight.status.in_(UPCOMING_STATUSES))
                    .order_by(MockNight.starts_at)
                )
            ).all()
            return [mock_view(m, group) for m in rows]

    async def next_for_group(self, guild_id: str, now: datetime) -> MockView | None:
        upcoming = [m for m in await self.upcoming(guild_id, now) if m.ends_at > now]
        return upcoming[0] if upcoming else None

    async def edit(
        self,
        guild_id: str,
        mock_id: int,
        day: str | None,
        at: str | None,
        questions: int | None,
        minutes: int | None,
        focus: str | None,
        now: datetime,
        *,
        pace: int | None = None,
    ) -> MockView:
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            mock = await self._own_mock(session, group, mock_id)
            if mock.status != MockStatus.SCHEDULED:
                raise InvalidInput(["Only a mock night that has not started can be changed."])
            schedule = settings_of(group).schedule
            local = mock.starts_at.astimezone(schedule.zone)
            parsed_day, parsed_time, problems = self._validate(
                day, at, questions, minutes, focus, schedule.local_date(now), pace
            )
            starts_at = local_instant(
                parsed_day or local.date(),
                parsed_time or local.time(),
                schedule.zone,
            )
            if starts_at <= now:
                problems.append("The start must be in the future (group's timezone).")
            if problems:
                raise InvalidInput(problems)
            mock.starts_at = starts_at
            mock.question_count = questions or mock.question_count
            mock.duration_minutes = minutes or mock.duration_minutes
            mock.pace_minutes = pace or mock.pace_minutes
            if focus is not None:
                mock.focus_domain = None if focus == NO_FOCUS else focus
            return mock_view(mock, group)

    async def cancel(self, guild_id: str, mock_id: int) -> MockView:
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            mock = await self._own_mock(session, group, mock_id)
            if mock.status not in UPCOMING_STATUSES:
                raise InvalidInput([f"Mock night #{mock_id} is already {mock.status}."])
            mock.status = MockStatus.CANCELLED
            return mock_view(mock, group)

    async def due(self, group_ids: set[int], now: datetime) -> list[MockDue]:
        """Reminders due, nights to open (paper drawn once), nights to close (attempts
        submitted, debrief computed). The caller posts and then confirms each step."""
        work: list[MockDue] = []
        async with self._db.unit_of_work() as session:
            mocks = (
                await session.scalars(
                    select(MockNight)
                    .where(
                        MockNight.group_id.in_(group_ids),
                        MockNight.status.in_(UPCOMING_STATUSES)
                        | (
                            (MockNight.status == MockStatus.CLOSED)
                            & MockNight.debrief_message_id.is_(None)
                        ),
                    )
                    .order_by(MockNight.starts_at)
                )
            ).all()
            for mock in mocks:
                group = await session.get(Group, mock.group_id)
                assert group is not None
                item = MockDue(mock_view(mock, group))
                ends_at = mock.starts_at + timedelta(minutes=mock.duration_minutes)
                if mock.status == MockStatus.SCHEDULED:
                    if now < mock.starts_at:
                        item.reminders.extend(await self._claim_reminders(session, mock, now))
                        if item.reminders:  # a reminder pings who opted in, like every post
                            pinged = tuple(await subscribers(session, group.id))
                            item = replace(item, mock=replace(item.mock, ping_members=pinged))
                    else:
                        await self._draw(session, mock)
                        mock.status = MockStatus.OPEN
                        item = MockDue(mock_view(mock, group), opened=True)
                elif (
                    mock.status == MockStatus.OPEN
                    and mock.start_message_id is None
                    and now < ends_at
                ):
                    item = MockDue(mock_view(mock, group), opened=True)  # the post was interrupted
                if mock.status == MockStatus.OPEN and now >= ends_at:
                    await self._submit_all(session, mock, ends_at)
                    mock.status = MockStatus.CLOSED
                if (
                    mock.status == MockStatus.CLOSED
                ):  # its debrief is not posted yet (or was cut off)
                    item = MockDue(
                        mock_view(mock, group), debrief=await self._debrief(session, mock, group)
                    )
                if item.reminders or item.opened or item.debrief:
                    work.append(item)
        return work

    @staticmethod
    async def _claim_reminders(
        session: AsyncSession, mock: MockNight, now: datetime
    ) -> list[NoticeKind]:
        """The reminder to post now, claimed once; an earlier one not yet sent is dropped
        when a later one is due (a night scheduled 30 minutes ahead gets only "1 h")."""
        due = [kind for kind, ahead in REMINDERS if mock.starts_at - ahead <= now]
        fresh = []
        for kind in due:
            claimed = await insert_if_absent(
                session,
                Announcement,
                {
                    "group_id": mock.group_id,
                    "kind": kind,
                    "key": f"mock-{mock.id}",
                    "created_at": now,
                },
                ["group_id", "kind", "key"],
            )
            if claimed:
                fresh.append(kind)
        return fresh[-1:] if fresh and fresh[-1] == due[-1] else []

    async def reminder_dms(
        self, mock_id: int, kind: NoticeKind, interested: list[str], now: datetime
    ) -> list[str]:
        """Interested members who get a DM for this reminder (once; not if opted out)."""
        chosen = []
        async with self._db.unit_of_work() as session:
            for external_id in interested:
                member = await get_or_create_member(session, self._platform, external_id, "", now)
                if not member.mock_reminders:
                    continue
                if await claim_dm(session, member.id, kind, f"mock-{mock_id}", now) is not None:
                    chosen.append(external_id)
        return chosen
