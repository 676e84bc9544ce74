"""Configuring a group (``/setup``) and reading its settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from bot.core.days_off import format_days_off, parse_days_off
from bot.core.group_settings import (
    GroupSettings,
    SetupRequest,
    apply_setup,
    is_known_timezone,
    parse_time,
)
from bot.core.schedule import StudySchedule
from bot.db.claims import insert_ignoring_conflicts
from bot.db.engine import Database
from bot.db.models import Group, GroupOrganiser
from bot.services.members import find_group


@dataclass(frozen=True)
class GroupView:
    """A group's settings plus what they mean for the next few days."""

    id: int
    platform: str
    external_id: str
    settings: GroupSettings
    next_post_at: datetime
    next_reveal_at: datetime
    created: bool = False
    #: The pinned overview's message id as read ("" while a first post is under way).
    overview_message_id: str | None = None

    @property
    def schedule(self) -> StudySchedule:
        return self.settings.schedule


def settings_of(group: Group) -> GroupSettings:
    """The validated settings stored on a group row."""
    rest = frozenset(int(d) for d in group.rest_weekdays.split(",") if d)
    return GroupSettings(
        channel_id=group.channel_id,
        timezone=group.timezone,
        post_time=parse_time(group.post_time),
        reveal_time=parse_time(group.reveal_time),
        rest_weekdays=rest,
        plan_start=group.plan_start,
        exam_date=group.exam_date,
        days_off=parse_days_off(group.days_off or ""),
    )


def view_of(group: Group, now: datetime, created: bool = False) -> GroupView:
    settings = settings_of(group)
    schedule = settings.schedule
    next_post = schedule.next_post_at(now)
    return GroupView(
        id=group.id,
        platform=group.platform,
        external_id=group.external_id,
        settings=settings,
        next_post_at=next_post,
        next_reveal_at=schedule.reveal_at(schedule.local_date(next_post)),
        created=created,
        overview_message_id=group.overview_message_id,
    )


class GroupService:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def configure(
        self,
        platform: str,
        external_id: str,
        request: SetupRequest,
        now: datetime,
        fallback_timezone_today: date,
    ) -> GroupView:
        """Create or update a group from ``/setup``; all values are valid or nothing changes.

        ``fallback_timezone_today`` is "today" for validating dates when the group has no
        timezone yet and the request gives none (the error then asks for one anyway).
        """
        async with self._db.unit_of_work() as session:
            group = await find_group(session, platform, external_id)
            current = settings_of(group) if group else None
            zone_name = request.timezone or (current.timezone if current else None)
            today = _today_in(zone_name, now) or fallback_timezone_today
            settings = apply_setup(current, request, today)
            created = group is None
            if group is None:
                group = Group(platform=platform, external_id=external_id, created_at=now)
                session.add(group)
            _store(group, settings, now)
            await session.flush()
            return view_of(group, now, created=created)

    async def get(self, platform: str, external_id: str, now: datetime) -> GroupView | None:
        async with self._db.unit_of_work() as session:
            group = await find_group(session, platform, external_id)
            return view_of(group, now) if group else None

    async def all(self, platform: str, now: datetime) -> list[GroupView]:
        """The groups of one platform (each platform's runner posts only its own)."""
        async with self._db.unit_of_work() as session:
            groups = (
                await session.scalars(
                    select(Group).where(Group.platform == platform).order_by(Group.id)
                )
            ).all()
            return [view_of(g, now) for g in groups]

    async def add_organiser(self, group_id: int, external_id: str, now: datetime) -> None:
        """Remember someone as an organiser of the group (again is harmless)."""
        async with self._db.unit_of_work() as session:
            await insert_ignoring_conflicts(
                session,
                GroupOrganiser,
                [{"group_id": group_id, "external_id": external_id, "added_at": now}],
                ["group_id", "external_id"],
            )

    async def remove_organiser(self, platform: str, external_id: str, member_id: str) -> bool:
        """Take someone off the group's organiser list; whether they were on it."""
        async with self._db.unit_of_work() as session:
            group = await find_group(session, platform, external_id)
            if group is None:
                return False
            result = await session.execute(
                delete(GroupOrganiser).where(
                    GroupOrganiser.group_id == group.id, GroupOrganiser.external_id == member_id
                )
            )
            return bool(getattr(result, "rowcount", 0))

    async def organisers(self, platform: str, external_id: str) -> list[str]:
        """The platform ids of the group's recorded organisers, first added first."""
        async with self._db.unit_of_work() as session:
            group = await find_group(session, platform, external_id)
            if group is None:
                return []
            rows = await session.scalars(
                select(GroupOrganiser.external_id)
                .where(GroupOrganiser.group_id == group.id)
                .order_by(GroupOrganiser.added_at, GroupOrganiser.external_id)
            )
            return list(rows.all())

    async def by_id(self, group_id: int, now: datetime) -> GroupView | None:
        async with self._db.unit_of_work() as session:
            group = await session.get(Group, group_id)
            return view_of(group, now) if group else None


def _store(group: Group, settings: GroupSettings, now: datetime) -> None:
    group.channel_id = settings.channel_id
    group.timezone = settings.timezone
    group.post_time = f"{settings.post_time:%H:%M}"
    group.reveal_time = f"{settings.reveal_time:%H:%M}"
    group.rest_weekdays = ",".join(str(d) for d in sorted(settings.rest_weekdays))
    group.plan_start = settings.plan_start
    group.exam_date = settings.exam_date
    group.days_off = format_days_off(settings.days_off)
    group.updated_at = now


def _today_in(zone_name: str | None, now: datetime) -> date | None:
    if zone_name and is_known_timezone(zone_name):
        return now.astimezone(ZoneInfo(zone_name)).date()
    return None
