"""Discord failing: retried, or reported to organisers; the schedule and the process go on."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import TypeVar

import pytest
from sqlalchemy import event
from sqlalchemy.util import await_only

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.core.custom_ids import MockAction
from bot.core.group_settings import SetupRequest
from bot.devtools.fake_discord import FakeDiscord, FakeMessage, InteractionResult
from bot.discord import replies
from tests.e2e.harness import (
    CHANNEL,
    EVERY_DAY,
    GUILD,
    LOCKED_CHANNEL,
    MEMBERS,
    ORGANISER,
    Running,
    running_bot,
)

POSTS = rf"/channels/{CHANNEL}/messages$"
T = TypeVar("T")


def questions(run: Running) -> int:
    return sum("Question of the day" in m.text for m in run.public_messages())


async def test_server_errors_and_rate_limits_are_retried(fake: FakeDiscord, db_url: str) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        fake.fail_next("POST", POSTS, 500)
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        assert questions(run) == 1, "a 500 is retried"
        fake.fail_next("POST", POSTS, 429, retry_after=0.05)
        clock.set(datetime(2026, 3, 3, 9, tzinfo=UTC))
        await run.run_due()
        assert questions(run) == 2, "a 429 waits retry-after and goes through"
        assert not fake.bot_errors


async def test_lost_permissions_and_a_deleted_channel_are_reported_to_organisers(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        fake.fail_next("POST", POSTS, 403, json_code=50013, times=2)
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
        warnings = [m.text for m in fake.dm_messages(ORGANISER) if "⚠" in m.text]
        assert len(warnings) == 1 and "refused my post" in warnings[0]
        # An organiser fixed the permissions: the next pass posts the day's question.
        clock.set(datetime(2026, 3, 2, 9, 5, tzinfo=UTC))
        await run.run_due()
        assert questions(run) == 1, "posted once the permissions are back"

        fake.fail_next("*", rf"/channels/{CHANNEL}/messages", 404, json_code=10003, times=5)
        clock.set(datetime(2026, 3, 3, 9, tzinfo=UTC))
        await run.run_due()
        assert any("no longer exists" in m.text for m in fake.dm_messages(ORGANISER))
        help_reply = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "help")
        assert help_reply.ephemeral, "the bot keeps answering"


async def test_a_channel_without_send_permission_is_named_by_the_periodic_check(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        # Configured while the bot still could post; since then its permission was removed.
        await run.bot.services.groups.configure(
            "discord",
            str(GUILD),
            SetupRequest(channel_id=str(LOCKED_CHANNEL), timezone="UTC", rest_days="none"),
            clock.now(),
            clock.now().date(),
        )
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        (warning,) = [m.text for m in fake.dm_messages(ORGANISER) if "⚠" in m.text]
        assert "missing Send Messages" in warning
        assert fake.messages(LOCKED_CHANNEL) == []


NEW_CHANNEL = 900_000_000_000_000_012
REVEALS = "Time's up for the question"


def question_of(run: Running, channel: int = CHANNEL) -> FakeMessage:
    (message,) = [m for m in run.fake.messages(channel) if "Question of the day" in m.text]
    return message


async def answer_first_option(run: Running, user: int, message: FakeMessage) -> str:
    """Pick the first option (or options) the way a member would; the bot's reply text."""
    select = next(
        (c for c in message.custom_ids if c.startswith(custom_ids.ANSWER_SELECT.prefix)), None
    )
    if select:
        choose = int(next(c for row in message.components for c in row["components"])["min_values"])
        reply = await run.fake.select(user, message.id, select, list("ABCDE"[:choose]))
    else:
        button = next(c for c in message.custom_ids if c.startswith(custom_ids.ANSWER.prefix))
        reply = await run.fake.click(user, message.id, button)
    if reply.deferred:  # acknowledged first ("thinking…"): the answer follows
        return (await reply.wait_original_edit()).text
    return reply.content or ""


def answer_buttons_enabled(message: FakeMessage) -> bool:
    return any(
        not c.get("disabled")
        for row in message.components
        for c in row.get("components", [])
        if str(c.get("custom_id", "")).startswith(
            (custom_ids.ANSWER.prefix, custom_ids.ANSWER_SELECT.prefix)
        )
    )


def organiser_warnings(fake: FakeDiscord) -> list[str]:
    return [m.text for m in fake.dm_messages(ORGANISER) if "⚠" in m.text]


async def test_a_reveal_whose_channel_was_deleted_is_posted_in_the_new_channel(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        await answer_first_option(run, MEMBERS[0], question_of(run))
        fake.delete_channel(CHANNEL)
        await fake.flush_gateway()

        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
        await run.run_due()
        assert any("no longer exists" in text for text in organiser_warnings(fake)), (
            "organisers hear that the reveal has nowhere to go"
        )
        fake.add_channel(GUILD, NEW_CHANNEL, "study-room")
        await fake.flush_gateway()
        await fake.slash(
            GUILD, NEW_CHANNEL, ORGANISER, "setup", {"channel": NEW_CHANNEL}, subcommand="configure"
        )
        clock.set(datetime(2026, 3, 2, 20, 5, tzinfo=UTC))
        await run.run_due()
        (reveal,) = [m for m in fake.messages(NEW_CHANNEL) if REVEALS in m.text]
        assert "1 answer" in reveal.text or "1 of 1" in reveal.text or reveal.embeds
        assert "discord.com/channels" not in reveal.content, "no link to a deleted question"
        assert any(
            "no longer exists" in text and f"<#{NEW_CHANNEL}>" in text
            for text in organiser_warnings(fake)
        ), "organisers are told where the reveal went"
        assert await run.bot.services.daily.due_reveals(clock.now()) == []

        clock.set(datetime(2026, 3, 3, 9, tzinfo=UTC))
        await run.run_due()
        question_of(run, NEW_CHANNEL)  # the next day goes on in the new channel
        assert not fake.bot_errors


async def test_a_reveal_after_the_channel_changed_goes_to_the_new_channel_linking_back(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    fake.add_channel(GUILD, NEW_CHANNEL, "study-room")
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        question = question_of(run)
        await answer_first_option(run, MEMBERS[0], question)
        await fake.slash(
            GUILD, NEW_CHANNEL, ORGANISER, "setup", {"channel": NEW_CHANNEL}, subcommand="configure"
        )

        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
        await run.run_due()
        assert [m for m in fake.messages(CHANNEL) if REVEALS in m.text] == []
        (reveal,) = [m for m in fake.messages(NEW_CHANNEL) if REVEALS in m.text]
        assert f"/{CHANNEL}/{question.id}" in reveal.content, "the reveal links to its question"
        assert not answer_buttons_enabled(fake.message(question.id)), "the question is closed"
        (warning,) = organiser_warnings(fake)
        assert "no longer the study channel" in warning and f"<#{NEW_CHANNEL}>" in warning
        links = [
            c.get("url", "")
            for row in fake.message(question.id).components
            for c in row["components"]
        ]
        assert any(f"/{NEW_CHANNEL}/{reveal.id}" in url for url in links), "and links to it"


async def test_a_post_or_reveal_that_discord_refuses_is_reported_and_never_stuck(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        question = question_of(run)
        await answer_first_option(run, MEMBERS[0], question)

        fake.fail_next("POST", POSTS, 400, json_code=50035)  # the reveal: Invalid Form Body
        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
        await run.run_due()
        (warning,) = organiser_warnings(fake)
        assert "refused the reveal of the question of Mon 02 Mar" in warning
        assert await run.bot.services.daily.due_reveals(clock.now()) == [], "not stuck"
        assert not answer_buttons_enabled(fake.message(question.id)), "answering is closed"
        await run.run_due()
        assert [m for m in run.public_messages() if REVEALS in m.text] == [], "no retry storm"

        fake.fail_next("POST", POSTS, 400, json_code=50035)  # Tuesday's question
        clock.set(datetime(2026, 3, 3, 9, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
        assert "refused the question of Tue 03 Mar" in organiser_warnings(fake)[-1]
        assert questions(run) == 1, "the refused day is skipped, not retried every pass"

        clock.set(datetime(2026, 3, 4, 9, tzinfo=UTC))
        await run.run_due()
        assert questions(run) == 2, "the next study day goes on"
        fake.fail_next("POST", rf"/channels/{CHANNEL}/messages/\d+/threads$", 400)
        fake.fail_next("PATCH", rf"/channels/{CHANNEL}/messages/\d+$", 400)  # closing it
        clock.set(datetime(2026, 3, 4, 20, tzinfo=UTC))
        await run.run_due()
        assert len([m for m in run.public_messages() if REVEALS in m.text]) == 1
        assert await run.bot.services.daily.due_reveals(clock.now()) == [], "no thread, done"

        # Monday of week 2: the week's announcements come first; one of them is refused.
        fake.fail_next("POST", POSTS, 400, json_code=50035)
        clock.set(datetime(2026, 3, 9, 9, tzinfo=UTC))
        await run.run_due()
        assert questions(run) == 3, "a refused announcement does not hold the question back"
        assert "Discord refused" in organiser_warnings(fake)[-1]


class StallClock:
    """Discord's clock for its 3-s interaction deadline: real elapsed time plus the
    simulated length of a database stall."""

    def __init__(self) -> None:
        self.stalled = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.stalled


async def during_stall(run: Running, stall: StallClock, action: Awaitable[T]) -> T:
    """Do ``action`` while every unit of work hangs for 5 s (by Discord's clock): the bot
    has to acknowledge the interaction within the deadline without the database."""
    database = run.bot.services.database
    released = asyncio.Event()
    database.before_work = released.wait
    task = asyncio.ensure_future(action)
    # Whatever is not acknowledged within Discord's deadline (3 s) has failed by then.
    await asyncio.wait({task}, timeout=run.fake.interaction_deadline)
    stall.stalled += 5.0
    database.before_work = None
    released.set()
    return await task


async def test_a_database_stall_of_five_seconds_fails_no_click_and_loses_no_answer(
    fake: FakeDiscord, db_url: str
) -> None:
    fake.interaction_clock = stall = StallClock()
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        question = question_of(run)

        replies = await during_stall(
            run,
            stall,
            asyncio.gather(*(answer_first_option(run, member, question) for member in MEMBERS)),
        )
        assert all("You picked" in reply for reply in replies), replies
        daily_id = int(question.custom_ids[0].split(":")[2])
        card = await run.bot.services.daily.question_card(daily_id)
        assert card.answer_count == len(MEMBERS), "every confirmed answer is stored"

        # The reasoning form opens at once (it is checked again when sent) and is saved.
        why = next(c for c in fake.ephemeral_messages(MEMBERS[0])[-1].custom_ids if ":why:" in c)
        opened = await during_stall(
            run, stall, fake.click(MEMBERS[0], fake.ephemeral_messages(MEMBERS[0])[-1].id, why)
        )
        assert opened.modal is not None
        saved = await during_stall(
            run,
            stall,
            fake.submit_modal(
                MEMBERS[0], opened.modal["custom_id"], {"reasoning": "Latency.", "confidence": "3"}
            ),
        )
        assert saved.deferred and "Saved your reasoning" in (await saved.wait_original_edit()).text

        # Slash commands too: acknowledged privately, then answered.
        streak = await during_stall(run, stall, fake.slash(GUILD, CHANNEL, MEMBERS[0], "streak"))
        assert streak.deferred and "Current streak" in (await streak.wait_original_edit()).text
        export = await during_stall(
            run, stall, fake.slash(GUILD, CHANNEL, MEMBERS[0], "me", subcommand="export")
        )
        filled = await export.wait_original_edit()
        assert "as JSON" in filled.text and filled.attachments

        # A mock-exam answer: the exam message is updated once the database is back.
        await fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "mock",
            {"date": "2026-03-02", "time": "10:00", "questions": 10, "minutes": 30},
            subcommand="schedule",
        )
        clock.set(datetime(2026, 3, 2, 10, tzinfo=UTC))
        await run.run_due()
        (start,) = [m for m in run.public_messages() if "The mock exam is open" in m.text]
        exam = (await fake.click(MEMBERS[1], start.id, custom_ids.MOCK_START.build(mock=1))).message
        assert exam is not None
        button = next(
            c
            for c in exam.custom_ids
            if custom_ids.MOCK_BUTTON.value(c, "action") == MockAction.ANSWER
            or c.startswith(custom_ids.MOCK_SELECT.prefix)
        )
        if button.startswith(custom_ids.MOCK_SELECT.prefix):
            step = fake.select(MEMBERS[1], exam.id, button, ["A", "B"])
        else:
            step = fake.click(MEMBERS[1], exam.id, button)
        answered = await during_stall(run, stall, step)
        assert answered.deferred
        assert "1/10 answered" in (await answered.wait_original_edit()).text
        assert not fake.bot_errors


async def test_me_forget_while_answers_are_being_stored_fails_no_one_else(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        question = question_of(run)
        for member in MEMBERS:
            await answer_first_option(run, member, question)
        confirm = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "me", subcommand="forget")
        assert confirm.message is not None

        # The moment a batch of answers starts writing, member 2 confirms /me forget.
        forgetting: list[asyncio.Future[InteractionResult]] = []
        forgotten_first: list[bool] = []

        def forget_now(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
            writes = ("INSERT INTO memberships", "INSERT INTO answers", "UPDATE answers")
            if forgetting or not statement.lstrip().startswith(writes):
                return
            click = asyncio.ensure_future(
                fake.click(MEMBERS[1], confirm.message.id, custom_ids.FORGET.build())
            )
            forgetting.append(click)
            await_only(asyncio.wait({click}, timeout=0.5))  # it must wait for the batch
            forgotten_first.append(click.done())

        engine = run.bot.services.database.engine.sync_engine
        event.listen(engine, "before_cursor_execute", forget_now)
        try:
            replies = await asyncio.gather(
                *(answer_first_option(run, member, question) for member in MEMBERS)
            )
            done = await forgetting[0]
        finally:
            event.remove(engine, "before_cursor_execute", forget_now)

        assert "everything stored about you is deleted" in (
            (await done.wait_original_edit()).text if done.deferred else done.content or ""
        )
        assert "You picked" in replies[0] and "You picked" in replies[2], replies
        card = await run.bot.services.daily.question_card(int(question.custom_ids[0].split(":")[2]))
        if forgotten_first[0]:  # then member 2's click came after: told only what was stored
            assert "You picked" not in replies[1] or card.answer_count == 3, replies[1]
        assert card.answer_count in (2, 3)
        assert not fake.bot_errors


async def test_a_reply_that_crosses_the_slow_database_acknowledgement_still_arrives(
    fake: FakeDiscord, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command's reply and the acknowledgement sent because it seemed slow may cross, in
    either order (acknowledging after 0–16 ms makes them race): the member gets the answer
    as the reply or in the "thinking…" message, and the one Discord refuses is no error."""
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock):
        for delay in (0.0, 0.001, 0.002, 0.004, 0.008, 0.016):
            monkeypatch.setattr(replies, "ACKNOWLEDGE_AFTER", delay)
            for command, expected in (("help", "/review"), ("streak", "streak")):
                reply = await fake.slash(GUILD, CHANNEL, MEMBERS[0], command)
                message = await reply.wait_original_edit() if reply.deferred else reply.message
                assert message is not None and expected in message.text, reply.type
        monkeypatch.setattr(replies, "ACKNOWLEDGE_AFTER", 5.0)
        await fake.slash(GUILD, CHANNEL, MEMBERS[0], "help")  # the last refusals are in
        assert not fake.bot_errors
