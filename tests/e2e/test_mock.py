"""Mock-exam nights end to end: organising, a timed private attempt, restart, debrief."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.core.custom_ids import MockAction, MockSelectKind
from bot.db.models import MockQuestion
from bot.devtools.fake_discord import (
    CommandUnavailable,
    FakeDiscord,
    FakeMessage,
    InteractionResult,
)
from tests.e2e.harness import (
    CHANNEL,
    GUILD,
    MEMBERS,
    ORGANISER,
    OUTSIDER,
    SETUP,
    Running,
    running_bot,
)

NIGHT = {"date": "2026-03-05", "time": "19:00", "questions": 10, "minutes": 30}


async def paper(run: Running, mock_id: int) -> list[list[str]]:
    """The right letters of each question of a mock, in order."""
    async with run.bot.services.database.unit_of_work() as session:
        rows = (
            await session.scalars(
                select(MockQuestion)
                .where(MockQuestion.mock_id == mock_id)
                .order_by(MockQuestion.position)
            )
        ).all()
    return [list(run.bot.services.bank.questions[r.question_id].answer) for r in rows]


async def answer(
    fake: FakeDiscord, user: int, message: FakeMessage, letters: list[str]
) -> InteractionResult:
    chooser = next(
        (
            c
            for c in message.custom_ids
            if custom_ids.MOCK_SELECT.value(c, "kind") == MockSelectKind.ANSWERS
        ),
        None,
    )
    if chooser:
        return await fake.select(user, message.id, chooser, letters)
    button = next(
        c
        for c in message.custom_ids
        if custom_ids.MOCK_BUTTON.value(c, "action") == MockAction.ANSWER
        and custom_ids.MOCK_BUTTON.value(c, "letter") == letters[0]
    )
    return await fake.click(user, message.id, button)


def button(message: FakeMessage, label: str) -> str:
    for row in message.components:
        for component in row.get("components", []):
            if component.get("label") == label:
                return str(component["custom_id"])
    raise AssertionError(f"no button {label!r} in {message.custom_ids}")


async def test_only_organisers_schedule_mock_nights_and_bad_input_is_explained(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock):
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        with pytest.raises(CommandUnavailable):  # members are not offered /mock at all
            await fake.slash(GUILD, CHANNEL, OUTSIDER, "mock", NIGHT, subcommand="schedule")
        fake.set_command_permission(GUILD, "mock", OUTSIDER)  # opened in Integrations
        refused = await fake.slash(GUILD, CHANNEL, OUTSIDER, "mock", NIGHT, subcommand="schedule")
        assert refused.ephemeral and "Only organisers" in refused.content, "the bot checks too"
        fake.set_command_permission(GUILD, "mock", OUTSIDER, allowed=None)
        bad = await fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "mock",
            {**NIGHT, "questions": 5, "time": "7pm"},
            subcommand="schedule",
        )
        assert "between 10 and 60" in bad.content and "HH:MM" in bad.content
        assert not fake.scheduled_events(GUILD), "nothing was scheduled"


async def schedule_night(run: Running) -> InteractionResult:
    """/setup, then mock night #1 on Thursday 5 March at 19:00 UTC (30 minutes, 10 questions)."""
    await run.fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
    return await run.fake.slash(GUILD, CHANNEL, ORGANISER, "mock", NIGHT, subcommand="schedule")


async def test_a_night_gets_an_event_and_reminders_and_a_cancelled_one_loses_its_event(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        made = await schedule_night(run)
        assert "Scheduled" in (await made.wait_followup()).text
        (event,) = fake.scheduled_events(GUILD)
        assert event.start_time == datetime(2026, 3, 5, 19, tzinfo=UTC)
        assert any("Mock-exam night scheduled" in m.text for m in run.public_messages())
        fake.subscribe_to_event(event.id, MEMBERS[0])
        await fake.slash(
            GUILD, CHANNEL, MEMBERS[1], "me", {"mock_reminders": False}, subcommand="set"
        )
        fake.subscribe_to_event(event.id, MEMBERS[1])

        # A second night, cancelled: its Discord event is cancelled too.
        other = await fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "mock",
            {**NIGHT, "date": "2026-03-12"},
            subcommand="schedule",
        )
        await other.wait_followup()
        second = max(fake.scheduled_events(GUILD), key=lambda e: e.start_time)
        cancelled = await fake.slash(
            GUILD, CHANNEL, ORGANISER, "mock", {"id": 2}, subcommand="cancel"
        )
        assert "Cancelled mock night #2" in (await cancelled.wait_followup()).text
        assert (
            fake.scheduled_events(GUILD, include_deleted=True)[-1].status == 4 or second.status == 4
        )

        listing = await fake.slash(GUILD, CHANNEL, MEMBERS[2], "mocks")
        assert "#1" in str(listing.embeds) and "#2" not in str(listing.embeds)

        clock.set(datetime(2026, 3, 4, 19, 30, tzinfo=UTC))  # 23.5 h before
        await run.run_due()
        await run.run_due()
        reminders = [m.text for m in run.public_messages() if "Mock exam tomorrow" in m.text]
        assert len(reminders) == 1, reminders
        assert any("starts tomorrow" in m.text for m in fake.dm_messages(MEMBERS[0]))
        assert not fake.dm_messages(MEMBERS[1]), "opted out of mock reminders"


@dataclass
class Evening:
    """Night #1 open at 19:00: MEMBERS[0] answers question 1, flags 2, jumps to 5 and
    answers it, looks at Submit… and goes back; MEMBERS[1] clicks on MEMBERS[0]'s exam, then
    starts their own and answers question 1."""

    start: FakeMessage  # the channel's "Start my exam" post
    keys: list[list[str]]  # the right letters of each question, in order
    # What the private exam message read after each step (it is one message, edited).
    opened: str
    first_answer: str
    flagged: str
    jumped: str
    check: str
    back: str
    opened_privately: bool
    crafted: InteractionResult  # MEMBERS[1]'s click on MEMBERS[0]'s exam


async def exam_evening(run: Running, clock: FakeClock) -> Evening:
    fake = run.fake
    await (await schedule_night(run)).wait_followup()
    clock.set(datetime(2026, 3, 5, 19, 0, tzinfo=UTC))
    await run.run_due()
    (start,) = [m for m in run.public_messages() if "The mock exam is open" in m.text]
    opened = await fake.click(MEMBERS[0], start.id, custom_ids.MOCK_START.build(mock=1))
    exam = opened.message
    texts = [exam.text]
    keys = await paper(run, 1)
    await answer(fake, MEMBERS[0], exam, keys[0])
    texts.append(exam.text)
    await fake.click(MEMBERS[0], exam.id, button(exam, "Next ▶"))
    await fake.click(MEMBERS[0], exam.id, button(exam, "🚩 Flag"))
    texts.append(exam.text)
    jump = next(c for c in exam.custom_ids if ":j:" in c)
    await fake.select(MEMBERS[0], exam.id, jump, ["5"])
    texts.append(exam.text)
    await answer(fake, MEMBERS[0], exam, keys[4])
    await fake.click(MEMBERS[0], exam.id, button(exam, "Submit…"))
    texts.append(exam.text)
    await fake.click(MEMBERS[0], exam.id, button(exam, "Back to the exam"))
    texts.append(exam.text)
    crafted = await fake.click(MEMBERS[1], exam.id, button(exam, "Next ▶"))
    other_start = await fake.click(MEMBERS[1], start.id, custom_ids.MOCK_START.build(mock=1))
    await answer(fake, MEMBERS[1], other_start.message, keys[0])
    return Evening(start, keys, *texts, opened.ephemeral, crafted)


async def test_a_member_moves_through_a_private_exam_that_only_they_can_use(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        evening = await exam_evening(run, clock)
        plan = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "plan")
        assert "Next mock-exam night" in str(plan.embeds) and "#1" in str(plan.embeds)

        assert evening.opened_privately and "Question 1 of 10" in evening.opened
        assert "Question 1 of 10" in evening.first_answer
        assert "1/10 answered" in evening.first_answer
        assert "🚩 flagged" in evening.flagged
        assert "Question 5 of 10" in evening.jumped
        assert "Unanswered: 2, 3, 4, 6, 7, 8, 9, 10" in evening.check
        assert "Flagged for review: 2" in evening.check
        assert "Question 5 of 10" in evening.back
        assert evening.crafted.ephemeral and "not yours" in evening.crafted.content


async def test_after_a_restart_resume_returns_to_the_same_question_and_the_clock_submits(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        evening = await exam_evening(run, clock)
    start, keys = evening.start, evening.keys

    # A restart in the middle: Resume brings the member back exactly where they were.
    async with running_bot(fake, db_url, clock) as run:
        resumed = await fake.click(MEMBERS[0], start.id, custom_ids.MOCK_START.build(mock=1))
        assert "Question 5 of 10" in resumed.message.text
        assert "2/10 answered" in resumed.message.text

        clock.set(datetime(2026, 3, 5, 19, 31, tzinfo=UTC))  # the window closed at 19:30
        # (the member is on question 5: the late answer is for it)
        late = await answer(fake, MEMBERS[0], resumed.message, keys[4])
        assert late.ephemeral and "Time is up" in late.content
        await run.run_due()
        (debrief,) = [m for m in run.public_messages() if "Mock night debrief" in m.text]
        assert "2 members took part" in debrief.text
        assert debrief.thread_id is not None
        assert len(fake.messages(debrief.thread_id)) == 5, "the five hardest, explained"

        results = await fake.click(MEMBERS[0], start.id, custom_ids.MOCK_START.build(mock=1))
        text = results.message.text
        assert "Your mock: 2/10" in text and "submitted automatically" in text
        assert "Flagged questions" in text and "0 of 1 right" in text
        review = await fake.click(
            MEMBERS[0], results.message.id, button(results.message, "Review every question")
        )
        assert "Review 1 of 10 · ✅ right" in review.message.text

        # Mock answers are their own source in /stats.
        stats = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "stats")
        assert "Mock exams" in (await stats.wait_original_edit()).text
        assert "2/10" in (await stats.wait_original_edit()).text
        assert not fake.bot_errors
