"""The calendar file of a mock night (RFC 5545)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from bot.core.calendar import CalendarEntry, ics

NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def test_times_are_utc_and_text_is_escaped_and_folded() -> None:
    berlin = timezone(timedelta(hours=1))
    entry = CalendarEntry(
        uid="mock-7@study-group-bot",
        starts_at=datetime(2026, 3, 4, 19, 0, tzinfo=berlin),
        ends_at=datetime(2026, 3, 4, 21, 0, tzinfo=berlin),
        summary="PMLE mock exam #7",
        description="50 questions; bring water, and focus.\nSecond line " + "x" * 120,
        sequence=3,
    )
    text = ics(entry, NOW)
    lines = text.split("\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert "DTSTART:20260304T180000Z" in lines and "DTEND:20260304T200000Z" in lines
    assert "UID:mock-7@study-group-bot" in lines and "SEQUENCE:3" in lines
    assert "TRIGGER:-PT60M" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:50 questions\\; bring water\\, and focus.\\nSecond line" in unfolded
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"


def test_a_long_non_ascii_line_folds_between_characters() -> None:
    entry = CalendarEntry("u", NOW, NOW + timedelta(hours=1), "é" * 60, "–" * 40, 0, None)
    text = ics(entry, NOW)
    assert "VALARM" not in text
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    assert text.replace("\r\n ", "").count("é") == 60
