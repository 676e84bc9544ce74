"""Days an organiser takes off the schedule: a skipped study day, or a pause (holidays).

A day off has no question, like a rest weekday, so it neither breaks nor extends a streak
(streaks count only days with a question). The eight-week plan does not shift: its weeks
are calendar weeks from the plan start to the exam date, and the exam does not move for a
holiday. Days off are stored on the group as text (``2026-12-24`` for a skipped day,
``2026-12-21..2027-01-03`` for a pause), so every reader of the schedule sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

#: The longest pause an organiser can set in one go (a long holiday, not a shutdown).
MAX_PAUSE_DAYS = 92
#: Days off further back than this are forgotten (they no longer change anything).
KEEP_PAST_DAYS = 7


class DayOffKind(StrEnum):
    SKIP = "skip"
    PAUSE = "pause"


@dataclass(frozen=True)
class DayOff:
    """Days ``first`` to ``last`` (both included) without a question."""

    kind: DayOffKind
    first: date
    last: date

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


def parse_days_off(text: str) -> tuple[DayOff, ...]:
    """The stored text back as days off (empty text: none)."""
    found: list[DayOff] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if ".." in part:
            first, last = part.split("..")
            found.append(
                DayOff(DayOffKind.PAUSE, date.fromisoformat(first), date.fromisoformat(last))
            )
        else:
            day = date.fromisoformat(part)
            found.append(DayOff(DayOffKind.SKIP, day, day))
    return tuple(found)


def format_days_off(days_off: tuple[DayOff, ...]) -> str:
    """The text stored on the group (the inverse of :func:`parse_days_off`)."""
    return ",".join(
        f"{d.first.isoformat()}..{d.last.isoformat()}"
        if d.kind == DayOffKind.PAUSE
        else d.first.isoformat()
        for d in sorted(days_off, key=lambda d: (d.first, d.kind))
    )


def is_day_off(days_off: tuple[DayOff, ...], day: date) -> bool:
    return any(d.covers(day) for d in days_off)


def _recent(days_off: tuple[DayOff, ...], today: date) -> tuple[DayOff, ...]:
    horizon = today - timedelta(days=KEEP_PAST_DAYS)
    return tuple(d for d in days_off if d.last >= horizon)


def active_pause(days_off: tuple[DayOff, ...], today: date) -> DayOff | None:
    """The pause that covers today or starts later, if any."""
    return next((d for d in days_off if d.kind == DayOffKind.PAUSE and d.last >= today), None)


class Change(StrEnum):
    """What an organiser's request did; ``UNCHANGED`` when it was already so."""

    DONE = "done"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class DaysOffChange:
    days_off: tuple[DayOff, ...]
    change: Change


def skip_day(days_off: tuple[DayOff, ...], day: date, today: date) -> DaysOffChange:
    """Take one day off (again is harmless)."""
    if is_day_off(days_off, day):
        return DaysOffChange(days_off, Change.UNCHANGED)
    kept = _recent(days_off, today)
    return DaysOffChange((*kept, DayOff(DayOffKind.SKIP, day, day)), Change.DONE)


def pause_until(days_off: tuple[DayOff, ...], back_on: date, today: date) -> DaysOffChange:
    """Pause from today until ``back_on`` (the first day with a question again); a pause
    under way is lengthened or shortened to end there."""
    last = back_on - timedelta(days=1)
    current = active_pause(days_off, today)
    others = tuple(d for d in _recent(days_off, today) if d is not current)
    if current is not None:
        if current.last == last:
            return DaysOffChange(days_off, Change.UNCHANGED)
        return DaysOffChange((*others, replace(current, last=last)), Change.DONE)
    return DaysOffChange((*others, DayOff(DayOffKind.PAUSE, today, last)), Change.DONE)


def resume(days_off: tuple[DayOff, ...], today: date) -> DaysOffChange:
    """End the pause under way: today is a study day again (unless a rest weekday or a
    skipped day). Without a pause nothing changes."""
    current = active_pause(days_off, today)
    if current is None:
        return DaysOffChange(days_off, Change.UNCHANGED)
    others = tuple(d for d in _recent(days_off, today) if d is not current)
    if current.first >= today:
        return DaysOffChange(others, Change.DONE)
    return DaysOffChange((*others, replace(current, last=today - timedelta(days=1))), Change.DONE)
