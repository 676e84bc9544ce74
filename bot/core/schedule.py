"""Calendar arithmetic for a group: study days, local post and reveal instants.

All returned instants are aware UTC. Local wall-clock times are resolved with ``zoneinfo``:
a time that does not exist on a daylight-saving day (the clock jumps over it) is moved
forward by the size of the jump, and a time that happens twice is taken at its first
occurrence, so every study day has exactly one post and one reveal. When the post time is
the one that does not exist, the reveal moves with it and the answering window keeps its
usual length (post 02:30 and reveal 03:00 become 03:30 and 04:00), so a study day never
loses its window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.days_off import DayOff, is_day_off

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class StudySchedule:
    """When a group studies: its timezone, daily post and reveal times, and rest weekdays."""

    timezone: str
    post_time: time
    reveal_time: time
    rest_weekdays: frozenset[int]  # 0 = Monday … 6 = Sunday
    plan_start: date
    days_off: tuple[DayOff, ...] = ()  # skipped days and pauses (bot.core.days_off)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_study_day(self, day: date) -> bool:
        """A study day is on or after the plan start, not a rest weekday and not a day
        an organiser took off."""
        return not self.is_rest_day(day) and not self.is_day_off(day)

    def is_rest_day(self, day: date) -> bool:
        """A rest weekday of the plan (a day off an organiser chose is not one)."""
        return day < self.plan_start or day.weekday() in self.rest_weekdays

    def is_day_off(self, day: date) -> bool:
        """A day an organiser skipped or paused."""
        return is_day_off(self.days_off, day)

    def post_at(self, day: date) -> datetime:
        return local_instant(day, self.post_time, self.zone)

    def reveal_at(self, day: date) -> datetime:
        if not wall_time_exists(day, self.post_time, self.zone):
            window = datetime.combine(day, self.reveal_time) - datetime.combine(day, self.post_time)
            return self.post_at(day) + window
        return local_instant(day, self.reveal_time, self.zone)

    def local_date(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    def next_study_day(self, after: date) -> date:
        """The first study day strictly after ``after`` (a week past the days off always
        has one)."""
        day = max(after + timedelta(days=1), self.plan_start)
        off = sum((d.last - d.first).days + 1 for d in self.days_off)
        for _ in range(8 + off):
            if self.is_study_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("a schedule must keep at least one study weekday")

    def next_post_at(self, now: datetime) -> datetime:
        """The next post instant at or after ``now``."""
        today = self.local_date(now)
        if self.is_study_day(today) and self.post_at(today) >= now:
            return self.post_at(today)
        return self.post_at(self.next_study_day(today))


def local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant at which the clocks in ``zone`` show ``wall`` on ``day``.

    ``fold=0`` (PEP 495) gives both documented rules: a skipped wall time is read with the
    offset before the jump, which lands the same distance after it, and a repeated wall time
    is its first occurrence.
    """
    return datetime.combine(day, wall).replace(tzinfo=zone, fold=0).astimezone(UTC)


def wall_time_exists(day: date, wall: time, zone: ZoneInfo) -> bool:
    """False when the clocks in ``zone`` jump over ``wall`` on ``day`` (spring forward)."""
    local = local_instant(day, wall, zone).astimezone(zone)
    return (local.date(), local.time()) == (day, wall)


def parse_weekdays(text: str) -> frozenset[int]:
    """Parse rest weekdays such as ``"sat,sun"`` or ``"none"``; raises ValueError."""
    cleaned = text.strip().lower()
    if cleaned in ("", "none", "-"):
        return frozenset()
    days: set[int] = set()
    for part in cleaned.replace(" ", ",").split(","):
        if not part:
            continue
        key = part[:3]
        if key not in WEEKDAY_NAMES:
            raise ValueError(part)
        days.add(WEEKDAY_NAMES.index(key))
    return frozenset(days)


def format_weekdays(days: frozenset[int]) -> str:
    """``frozenset({5, 6})`` → ``"sat, sun"``; the empty set → ``"none"``."""
    return ", ".join(WEEKDAY_NAMES[d] for d in sorted(days)) or "none"
