"""A calendar entry (iCalendar, RFC 5545) a member can add to their own calendar.

Times are written in UTC (``...Z``) so every calendar shows them in its owner's zone; the
UID is stable per entry, so importing the file again after a change updates the entry
(with a higher SEQUENCE) instead of adding a second one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

LINE_LIMIT = 75  # octets per content line before folding


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    sequence: int = 0
    reminder_minutes: int | None = 60


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on lines that start with a space."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = LINE_LIMIT if not out else LINE_LIMIT - 1
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def ics(entry: CalendarEntry, now: datetime) -> str:
    """The ``.ics`` file text (CRLF line ends, as the format requires)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//study-group-bot//mock nights//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"SEQUENCE:{entry.sequence}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(entry.starts_at)}",
        f"DTEND:{_stamp(entry.ends_at)}",
        f"SUMMARY:{_escape(entry.summary)}",
        f"DESCRIPTION:{_escape(entry.description)}",
    ]
    if entry.reminder_minutes is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(entry.summary)}",
            f"TRIGGER:-PT{entry.reminder_minutes}M",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"
