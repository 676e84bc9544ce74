"""Mock nights in the channel, as Slack messages: the announcement with its RSVP buttons, the
reminders, the "the exam is open" post and the debrief with its hardest questions.

Slack has no scheduled events: members answer "Going"/"Not going" on the announcement (kept
in our database), take the ``.ics`` file for their own calendar, and get our reminders.
Public text never mentions anyone (a mention on Slack always notifies)."""

from __future__ import annotations

import math
from typing import Any

from bot.content.schema import Question
from bot.core.calendar import CalendarEntry
from bot.core.text import plural
from bot.services.mock import Debrief, MockView
from bot.services.mock.rsvp import RsvpCount
from bot.services.mock.wording import (
    EXAM_CONDITIONS,
    NOBODY_TOOK_PART,
    band_label,
    group_pacing_lines,
    mock_size,
    pace_note,
    reminder_when,
    score_bands,
)
from bot.slack import ids
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    escape,
    header,
    local_time,
    section,
)

MOCKS_LISTED = 20
HISTOGRAM_WIDTH = 20


def mock_marker(event_type: str, mock_id: int, kind: str = "") -> dict[str, Any]:
    return {"event_type": event_type, "event_payload": {"mock_id": mock_id, "kind": kind}}


def marked_mock(message: dict[str, Any], event_type: str) -> tuple[int, str] | None:
    """The (mock id, kind) a message's metadata of ``event_type`` names, if any."""
    meta = message.get("metadata") or {}
    if meta.get("event_type") != event_type:
        return None
    payload = meta.get("event_payload") or {}
    mock_id = payload.get("mock_id")
    return (mock_id, str(payload.get("kind") or "")) if isinstance(mock_id, int) else None


def mock_line(mock: MockView, domain_names: dict[str, str] | None = None) -> str:
    """ "*#3* Thu 05 Mar at 19:00 · 50 questions · 120 min · focus …" (everyone's own time)."""
    return (
        f"*#{mock.id}* {local_time(mock.starts_at)} · "
        f"{plural(mock.question_count, 'question')} · {mock.duration_minutes} min"
        f"{_focus(mock, domain_names or {})}{pace_note(mock)}"
    )


def _focus(mock: MockView, domain_names: dict[str, str]) -> str:
    if not mock.focus_domain:
        return ""
    return f" · focus {escape(domain_names.get(mock.focus_domain, mock.focus_domain))}"


def mock_list_text(mocks: list[MockView], domain_names: dict[str, str]) -> str:
    lines = [mock_line(m, domain_names) for m in mocks[:MOCKS_LISTED]]
    if len(mocks) > MOCKS_LISTED:
        lines.append(f"…and {len(mocks) - MOCKS_LISTED} more later.")
    body = "\n".join(lines) or "None scheduled."
    return f"*Mock-exam nights*\n{body}"


def rsvp_line(count: RsvpCount) -> str:
    return f"{plural(count.going, 'member')} going · {count.not_going} not going"


def rsvp_buttons(mock_id: int) -> Block:
    value = str(mock_id)
    return actions(
        [
            button("✅ Going", ids.MOCK_GOING, value, "primary"),
            button("Not going", ids.MOCK_NOT_GOING, value),
            button("📅 Add to my calendar", ids.MOCK_CALENDAR, value),
        ],
        block_id="rsvp",
    )


def announcement_blocks(
    mock: MockView,
    count: RsvpCount,
    domain_names: dict[str, str],
    title: str,
    cancelled: bool = False,
) -> list[Block]:
    """The announcement under the night's ``title`` (from content): when, how long, exam
    conditions, who is coming, and the buttons (a cancelled night keeps its line, without
    buttons)."""
    if cancelled:
        return [
            header(f"{title} · cancelled"),
            section(f"~{mock_line(mock, domain_names)}~"),
            context("This night was cancelled. `/study mock list` shows the nights to come."),
        ]
    return [
        header(f"📝 {title}"),
        section(
            f"*{local_time(mock.starts_at)}* · {mock_size(mock)}{_focus(mock, domain_names)}\n"
            f"Together, each on their own. {EXAM_CONDITIONS} The Start button appears here "
            "at the start time."
        ),
        context(
            f"{rsvp_line(count)} · say whether you come for reminders by DM; "
            "the calendar file goes to you privately",
            block_id="count",
        ),
        rsvp_buttons(mock.id),
    ]


def announcement_fallback(mock: MockView, title: str) -> str:
    return f"{title} scheduled: {mock_size(mock)}"


def reminder_blocks(mock: MockView, kind: str, domain_names: dict[str, str]) -> list[Block]:
    return [
        header(f"📝 Mock exam {reminder_when(kind)}"),
        section(
            f"{mock_line(mock, domain_names)}\n{EXAM_CONDITIONS} "
            "The Start button appears here at the start time."
        ),
        rsvp_buttons(mock.id),
    ]


def reminder_fallback(mock: MockView, kind: str) -> str:
    return f"Mock exam #{mock.id} {reminder_when(kind)}"


def reminder_dm_text(mock: MockView, kind: str) -> str:
    return (
        f"📝 The mock exam you are going to starts {reminder_when(kind)}: "
        f"{local_time(mock.starts_at)}. {mock_size(mock)}. (Answer *Not going* on the "
        "announcement in the study channel to stop these.)"
    )


def changed_dm_text(mock: MockView, domain_names: dict[str, str]) -> str:
    return (
        f"📝 The mock night you are going to has changed: {mock_line(mock, domain_names)}. "
        "Get the calendar file again from the announcement to update your calendar."
    )


def cancelled_dm_text(mock: MockView) -> str:
    return f"📝 Mock night #{mock.id} on {local_time(mock.starts_at)} is cancelled."


def start_blocks(mock: MockView) -> list[Block]:
    return [
        header("📝 The mock exam is open"),
        section(
            f"{plural(mock.question_count, 'question')}, ends "
            f"{local_time(mock.ends_at, '{time}')}. Press *Start my exam*: it is private, one "
            "question at a time, with flags and a submit check. Closed the window? Press the "
            "button again to resume exactly where you were."
        ),
        actions(
            [button("📝 Start my exam / Resume", ids.MOCK_START, str(mock.id), "primary")],
            block_id="start",
        ),
    ]


def start_fallback(mock: MockView) -> str:
    return f"The mock exam #{mock.id} is open: {mock_size(mock)}"


def debrief_blocks(debrief: Debrief) -> list[Block]:
    """Scores as a histogram (no names: nobody's result is shown to the group), the group's
    accuracy by section, and a pointer to the hardest questions in the thread."""
    mock = debrief.mock
    blocks: list[Block] = [header(f"📊 Mock night debrief · {mock.starts_at:%d %b}")]
    if not debrief.participants:
        blocks.append(section(NOBODY_TOOK_PART))
        return blocks
    scores = debrief.scores
    bands = score_bands(scores)
    widest = max(bands)
    histogram = "\n".join(
        f"`{band_label(i)}` {'█' * math.ceil(HISTOGRAM_WIDTH * n / widest)} {n}"
        for i, n in enumerate(bands)
    )
    median = scores[len(scores) // 2]
    blocks.append(
        section(
            f"{plural(debrief.participants, 'member')} took part · median {median:.0%}\n{histogram}"
        )
    )
    accuracy = "\n".join(
        f"{escape(name)}: {right}/{asked} ({right / asked:.0%})"
        for name, right, asked in debrief.per_domain
        if asked
    )
    blocks.append(section(f"*Group accuracy by section*\n{accuracy or '–'}"))
    if debrief.pacing is not None:
        blocks.append(section("*Group pacing*\n" + "\n".join(group_pacing_lines(debrief.pacing))))
    if debrief.hardest:
        blocks.append(context("The hardest questions are in the thread, with explanations 🧵"))
    return blocks


def debrief_fallback(debrief: Debrief) -> str:
    return f"Mock night debrief · {debrief.mock.starts_at:%d %b}"


def hard_question_blocks(number: int, question: Question, right: int, asked: int) -> list[Block]:
    q = question
    return [
        section(f"*Hard question {number} · {right} of {asked} right*"),
        section(escape(q.scenario)),
        section(f"*{escape(q.question)}*"),
        section("\n".join(f"*{x}.* {escape(q.options[x])}" for x in q.letters)),
        section(f"*Answer:* {' and '.join(q.answer)}"),
        section(f"*The deciding phrase:* “{escape(q.constraint)}”"),
        section(f"*Why:* {escape(q.explanation)}"),
    ]


def calendar_entry(
    mock: MockView, domain_names: dict[str, str], title: str, sequence: int
) -> CalendarEntry:
    focus = (
        f" Focus: {domain_names.get(mock.focus_domain, mock.focus_domain)}."
        if mock.focus_domain
        else ""
    )
    return CalendarEntry(
        uid=f"mock-{mock.id}@study-group-bot",
        starts_at=mock.starts_at,
        ends_at=mock.ends_at,
        summary=title,
        description=(
            f"{mock_size(mock)}, under exam conditions.{focus} Press Start in the study "
            "channel when it opens."
        ),
        sequence=sequence,
    )
