"""Validating what an organiser types into ``/setup``.

Every value is checked and every problem reported at once, each with what would be valid,
so the organiser can fix everything in one go; nothing is applied unless all are valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.days_off import DayOff
from bot.core.errors import InvalidInput
from bot.core.schedule import StudySchedule, parse_weekdays

_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")
DEFAULT_POST_TIME = time(9, 0)
DEFAULT_REVEAL_TIME = time(20, 0)
DEFAULT_REST_DAYS = frozenset({6})  # Sunday


@dataclass(frozen=True)
class GroupSettings:
    """A group's validated configuration."""

    channel_id: str
    timezone: str
    post_time: time
    reveal_time: time
    rest_weekdays: frozenset[int]
    plan_start: date
    exam_date: date | None
    days_off: tuple[DayOff, ...] = ()

    @property
    def schedule(self) -> StudySchedule:
        return StudySchedule(
            timezone=self.timezone,
            post_time=self.post_time,
            reveal_time=self.reveal_time,
            rest_weekdays=self.rest_weekdays,
            plan_start=self.plan_start,
            days_off=self.days_off,
        )


@dataclass(frozen=True)
class SetupRequest:
    """Raw values from the organiser; ``None`` means "keep the current value"."""

    channel_id: str | None = None
    channel_missing_permissions: tuple[str, ...] = ()
    timezone: str | None = None
    post_time: str | None = None
    reveal_time: str | None = None
    rest_days: str | None = None
    start_date: str | None = None
    exam_date: str | None = None  # "none" clears it


def parse_time(text: str) -> time:
    """``"9:05"``, ``"09:05"`` or ``"09.05"`` → 09:05; raises ValueError otherwise."""
    match = _TIME.match(text)
    if not match:
        raise ValueError(text)
    return time(int(match.group(1)), int(match.group(2)))


def parse_date(text: str) -> date:
    return date.fromisoformat(text.strip())


@cache
def zone_names() -> frozenset[str]:
    """Every IANA timezone name this machine knows, read once: listing them scans the zone
    files (about 5 ms), and the name is checked on every /setup, group view and keystroke of
    the timezone field. A new tz database takes effect at the next start."""
    return frozenset(available_timezones())


def is_known_timezone(name: str) -> bool:
    if name not in zone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def timezone_suggestions(typed: str, limit: int = 25) -> list[str]:
    """Timezone names containing what was typed (case-insensitive), best matches first."""
    needle = typed.strip().lower().replace(" ", "_")
    names = sorted(n for n in zone_names() if "/" in n or n == "UTC")
    if not needle:
        popular = [
            "UTC",
            "Europe/London",
            "Europe/Berlin",
            "America/New_York",
            "America/Los_Angeles",
            "Asia/Kolkata",
            "Asia/Tokyo",
            "Australia/Sydney",
        ]
        return popular[:limit]
    hits = [n for n in names if needle in n.lower()]
    hits.sort(key=lambda n: (not n.lower().split("/")[-1].startswith(needle), len(n), n))
    return hits[:limit]


def apply_setup(current: GroupSettings | None, request: SetupRequest, today: date) -> GroupSettings:
    """Merge ``request`` into ``current`` and validate the result as a whole.

    ``today`` is the organiser's local date (the group's timezone when known). Raises
    :class:`InvalidInput` listing every problem.
    """
    problems: list[str] = []
    fields: list[str] = []  # the input each problem is about

    def problem(field: str, text: str) -> None:
        fields.append(field)
        problems.append(text)

    channel_id = request.channel_id or (current.channel_id if current else None)
    if channel_id is None:
        problem("channel", "Choose the channel where the daily question should be posted.")
    if request.channel_missing_permissions:
        missing = ", ".join(request.channel_missing_permissions)
        problem(
            "channel",
            f"I cannot work in that channel: I am missing {missing}. Give my role those "
            "permissions there, or pick another channel.",
        )

    timezone = request.timezone.strip() if request.timezone else None
    if timezone is not None and not is_known_timezone(timezone):
        problem(
            "timezone",
            f"“{timezone}” is not a timezone I know. Use an IANA name such as Europe/Berlin, "
            "America/New_York or Asia/Kolkata (start typing to see suggestions).",
        )
        timezone = None
    timezone = timezone or (current.timezone if current else None)
    if timezone is None and "timezone" not in fields:
        problem(
            "timezone", "Give the group's timezone, e.g. Europe/Berlin (start typing to search)."
        )

    post_time = _parsed_time(request.post_time, "post time", "post_time", problem)
    reveal_time = _parsed_time(request.reveal_time, "reveal time", "reveal_time", problem)
    post_time = post_time or (current.post_time if current else DEFAULT_POST_TIME)
    reveal_time = reveal_time or (current.reveal_time if current else DEFAULT_REVEAL_TIME)
    if reveal_time <= post_time:
        problem(
            "reveal_time",
            f"The reveal time ({reveal_time:%H:%M}) must be later on the same day than the "
            f"post time ({post_time:%H:%M}), e.g. post 09:00 and reveal 20:00.",
        )

    rest = current.rest_weekdays if current else DEFAULT_REST_DAYS
    if request.rest_days is not None:
        try:
            rest = parse_weekdays(request.rest_days)
        except ValueError as bad:
            problem(
                "rest_days",
                f"“{bad}” is not a weekday. Give rest days as names like sat,sun (or none).",
            )
        else:
            if len(rest) == 7:
                problem("rest_days", "At least one day a week must stay a study day.")

    plan_start = current.plan_start if current else today
    if request.start_date is not None:
        try:
            plan_start = parse_date(request.start_date)
        except ValueError:
            problem(
                "start_date",
                f"Start date “{request.start_date}” is not a date. Use YYYY-MM-DD, e.g. {today}.",
            )
        else:
            if plan_start < today - timedelta(days=365):
                problem(
                    "start_date",
                    f"The start date {plan_start} is more than a year ago; pick a date from "
                    f"{today - timedelta(days=365)} on.",
                )
            elif plan_start > today + timedelta(days=365):
                problem(
                    "start_date",
                    f"The start date {plan_start} is more than a year ahead; pick a date "
                    f"before {today + timedelta(days=366)}.",
                )

    exam_date = current.exam_date if current else None
    if request.exam_date is not None:
        if request.exam_date.strip().lower() in ("", "none", "-"):
            exam_date = None
        else:
            try:
                exam_date = parse_date(request.exam_date)
            except ValueError:
                problem(
                    "exam_date",
                    f"Exam date “{request.exam_date}” is not a date. Use YYYY-MM-DD, or none.",
                )
            else:
                if exam_date < today:
                    problem("exam_date", f"The exam date {exam_date} is in the past.")
                elif exam_date <= plan_start:
                    problem(
                        "exam_date",
                        f"The exam date {exam_date} must come after the start date {plan_start}.",
                    )

    if problems:
        raise InvalidInput(problems, fields=fields)
    assert channel_id is not None and timezone is not None
    return GroupSettings(
        channel_id=channel_id,
        timezone=timezone,
        post_time=post_time,
        reveal_time=reveal_time,
        rest_weekdays=rest,
        plan_start=plan_start,
        exam_date=exam_date,
        days_off=current.days_off if current else (),
    )


def _parsed_time(
    raw: str | None, label: str, field: str, problem: Callable[[str, str], None]
) -> time | None:
    if raw is None:
        return None
    try:
        return parse_time(raw)
    except ValueError:
        problem(field, f"The {label} “{raw}” is not a time. Use 24-hour HH:MM, e.g. 09:00.")
        return None
