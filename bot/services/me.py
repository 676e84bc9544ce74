"""``/me``: a member's own timezone, exam date, reminders and quiet hours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import update

from bot.core.errors import InvalidInput
from bot.core.group_settings import is_known_timezone, parse_date, parse_time
from bot.db.claims import insert_ignoring_conflicts
from bot.db.engine import Database
from bot.db.models import Member
from bot.services.members import ensure_membership, find_group, get_or_create_member

_QUIET = re.compile(r"^\s*(\S+)\s*[-–to]+\s*(\S+)\s*$")


@dataclass(frozen=True)
class MySettings:
    timezone: str | None
    exam_date: date | None
    reminders: bool
    quiet_start: time | None
    quiet_end: time | None
    quote_anonymously: bool
    stats_public: bool = False
    mock_reminders: bool = True


def my_settings(member: Member) -> MySettings:
    return MySettings(
        timezone=member.timezone,
        exam_date=member.exam_date,
        reminders=member.reminders,
        quiet_start=parse_time(member.quiet_start) if member.quiet_start else None,
        quiet_end=parse_time(member.quiet_end) if member.quiet_end else None,
        quote_anonymously=member.quote_anonymously,
        stats_public=member.stats_public,
        mock_reminders=member.mock_reminders,
    )


def settings_lines(settings: MySettings) -> list[tuple[str, str]]:
    """Each setting as (label, value), in the order both platforms show them."""
    quiet = (
        f"{settings.quiet_start:%H:%M}–{settings.quiet_end:%H:%M}"
        if settings.quiet_start and settings.quiet_end
        else "none"
    )
    return [
        ("Timezone", settings.timezone or "the group’s"),
        ("Exam date", str(settings.exam_date or "not set")),
        (
            "Reminder DMs",
            f"{'on' if settings.reminders else 'off'} (question closing in 2 h, weekly theme, "
            "review due, exam eve and the day after)",
        ),
        ("Quiet hours", quiet),
        (
            "Reasoning quoted",
            "anonymously" if settings.quote_anonymously else "with your name",
        ),
        ("Statistics", "public" if settings.stats_public else "private"),
        ("Mock-night reminder DMs", "on" if settings.mock_reminders else "off"),
    ]


class MeService:
    def __init__(self, database: Database, platform: str) -> None:
        self._db = database
        self._platform = platform

    async def rename(self, user_id: str, display_name: str, now: datetime) -> None:
        """Store a member's display name (the name reveals and boards show). May run before
        the member's first answer is saved, so it creates the member row when missing; the
        answer then finds it and, carrying no name of its own, leaves the name alone."""
        name = display_name[:100]
        if not name:
            return
        async with self._db.unit_of_work() as session:
            await insert_ignoring_conflicts(
                session,
                Member,
                [
                    {
                        "platform": self._platform,
                        "external_id": user_id,
                        "display_name": name,
                        "quote_anonymously": False,
                        "created_at": now,
                    }
                ],
                ["platform", "external_id"],
            )
            await session.execute(
                update(Member)
                .where(Member.platform == self._platform, Member.external_id == user_id)
                .values(display_name=name)
            )

    async def update(
        self,
        guild_id: str | None,
        user_id: str,
        display_name: str,
        now: datetime,
        timezone: str | None = None,
        exam_date: str | None = None,
        reminders: bool | None = None,
        quiet_hours: str | None = None,
        stats_public: bool | None = None,
        mock_reminders: bool | None = None,
    ) -> MySettings:
        """Change the given settings (None keeps a value); all valid or nothing changes."""
        problems: list[str] = []
        zone = timezone.strip() if timezone else None
        if zone and zone.lower() != "none" and not is_known_timezone(zone):
            problems.append(
                f"“{zone}” is not a timezone I know. Use an IANA name such as "
                "Europe/Berlin (start typing to see suggestions), or none."
            )
        exam: date | str | None = "keep"
        if exam_date is not None:
            if exam_date.strip().lower() in ("", "none", "-"):
                exam = None
            else:
                try:
                    exam = parse_date(exam_date)
                except ValueError:
                    problems.append(
                        f"Exam date “{exam_date}” is not a date. Use YYYY-MM-DD, or none."
                    )
                else:
                    if exam < now.date():
                        problems.append(f"Your exam date {exam} is in the past.")
        quiet: tuple[time, time] | str | None = "keep"
        if quiet_hours is not None:
            if quiet_hours.strip().lower() in ("", "none", "-"):
                quiet = None
            else:
                match = _QUIET.match(quiet_hours)
                try:
                    if not match:
                        raise ValueError(quiet_hours)
                    quiet = (parse_time(match.group(1)), parse_time(match.group(2)))
                except ValueError:
                    problems.append(
                        f"Quiet hours “{quiet_hours}” should look like 22:00-07:00 "
                        "(your own timezone), or none."
                    )
        if problems:
            raise InvalidInput(problems)
        async with self._db.unit_of_work() as session:
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            if guild_id is not None:
                group = await find_group(session, self._platform, guild_id)
                if group is not None:
                    await ensure_membership(session, group, member, now)
            if zone is not None:
                member.timezone = None if zone.lower() == "none" else zone
            if not isinstance(exam, str):
                member.exam_date = exam
            if reminders is not None:
                member.reminders = reminders
            if stats_public is not None:
                member.stats_public = stats_public
            if mock_reminders is not None:
                member.mock_reminders = mock_reminders
            if not isinstance(quiet, str):
                member.quiet_start = f"{quiet[0]:%H:%M}" if quiet else None
                member.quiet_end = f"{quiet[1]:%H:%M}" if quiet else None
            return my_settings(member)

    async def show(self, user_id: str, display_name: str, now: datetime) -> MySettings:
        async with self._db.unit_of_work() as session:
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            return my_settings(member)
