"""The daily loop end to end: the real discord.py client against the fake Discord."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_discord import CommandUnavailable, FakeDiscord, FakeMessage
from bot.services.daily import QuestionCard
from tests.e2e.harness import (
    CHANNEL,
    GUILD,
    LOCKED_CHANNEL,
    MEMBERS,
    ORGANISER,
    OUTSIDER,
    Running,
    running_bot,
)

SETUP = {
    "channel": CHANNEL,
    "timezone": "Europe/Berlin",
    "post_time": "09:00",
    "reveal_time": "20:00",
    "rest_days": "sun",
    "start_date": "2026-03-02",
}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))  # Monday, 07:00 in Berlin


def question_message(run: Running) -> FakeMessage:
    (message,) = [m for m in run.public_messages() if "Question of the day" in m.text]
    return message


async def pick(run: Running, user: int, message: FakeMessage, letters: list[str]):  # type: ignore[no-untyped-def]
    """Answer the way a member would: a button, or the menu for several answers."""
    select = next(
        (c for c in message.custom_ids if c.startswith(custom_ids.ANSWER_SELECT.prefix)), None
    )
    if select:
        return await run.fake.select(user, message.id, select, letters)
    button = next(c for c in message.custom_ids if c.endswith(f":{letters[0]}"))
    return await run.fake.click(user, message.id, button)


async def test_setup_refuses_members_and_bad_input_and_saves_nothing_half_way(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running_bot(fake, db_url, clock):
        with pytest.raises(CommandUnavailable):  # members are not offered /setup at all
            await fake.slash(GUILD, CHANNEL, OUTSIDER, "setup", SETUP, subcommand="configure")
        fake.set_command_permission(GUILD, "setup", OUTSIDER)  # opened in Integrations
        refused = await fake.slash(GUILD, CHANNEL, OUTSIDER, "setup", SETUP, subcommand="configure")
        assert refused.ephemeral and "Only organisers" in (refused.content or "")
        assert "`/group` shows them" in (refused.content or "")

        bad = await fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "setup",
            {**SETUP, "timezone": "Mars/Olympus", "reveal_time": "08:00"},
            subcommand="configure",
        )
        assert bad.ephemeral
        assert "not a timezone I know" in bad.content and "must be later" in bad.content
        show = await fake.slash(GUILD, CHANNEL, ORGANISER, "group")
        assert "no study group yet" in (show.content or ""), "nothing was saved half-way"

        locked = await fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "setup",
            {**SETUP, "channel": LOCKED_CHANNEL},
            subcommand="configure",
        )
        assert "Send Messages" in (locked.content or "")

        choices = await fake.autocomplete(
            GUILD, CHANNEL, ORGANISER, "setup", "timezone", "berl", subcommand="configure"
        )
        assert choices[0]["value"] == "Europe/Berlin"

        done = await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        assert done.ephemeral and "Study group created" in done.embeds[0]["title"]
        assert "<t:" in str(done.embeds[0]), "times are shown as Discord timestamps"


@dataclass
class Morning:
    """A study morning in Berlin: the question posted at 09:00, then MEMBERS[0] right,
    MEMBERS[1] wrong then right (with a reasoning, after one too long), MEMBERS[2] wrong."""

    card: QuestionCard
    right: list[str]
    wrong: list[str]
    posted_text: str  # the question message as first posted
    first: Any  # MEMBERS[0]'s pick
    second: Any  # MEMBERS[1]'s first pick: its private confirmation has the Why? button
    changed: Any  # MEMBERS[1]'s changed pick
    why_button: str
    opened: Any  # the reasoning form opening
    too_long: Any
    saved: Any


async def study_morning(run: Running, clock: FakeClock) -> Morning:
    await run.fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
    clock.set(datetime(2026, 3, 2, 7, 59, tzinfo=UTC))  # 08:59 in Berlin
    await run.run_due()
    assert run.public_messages() == [], "nothing before the post time"
    clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # 09:00 in Berlin
    await run.run_due()
    message = question_message(run)
    daily_id = int(message.custom_ids[0].split(":")[2])
    card = await run.bot.services.daily.question_card(daily_id)
    right = list(card.question.answer)
    wrong = [x for x in card.question.letters if x not in right][: card.question.choose]
    posted_text = message.text  # the message object follows later edits

    first = await pick(run, MEMBERS[0], message, right)
    second = await pick(run, MEMBERS[1], message, wrong)
    await pick(run, MEMBERS[2], message, wrong)
    changed = await pick(run, MEMBERS[1], message, right)
    why_button = next(
        c for c in second.message.custom_ids if c.startswith(custom_ids.REASONING.prefix)
    )
    opened = await run.fake.click(MEMBERS[1], second.message.id, why_button)
    assert opened.modal is not None
    too_long = await run.fake.submit_modal(
        MEMBERS[1], opened.modal["custom_id"], {"reasoning": "x" * 1001, "confidence": "4"}
    )
    saved = await run.fake.submit_modal(
        MEMBERS[1],
        opened.modal["custom_id"],
        {"reasoning": "The deciding phrase rules out the others.", "confidence": "4"},
    )
    await run.bot.counts.drain()
    return Morning(
        card,
        right,
        wrong,
        posted_text,
        first,
        second,
        changed,
        why_button,
        opened,
        too_long,
        saved,
    )


async def test_the_question_is_posted_at_the_local_time_and_every_answer_stays_private(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running_bot(fake, db_url, clock) as run:
        morning = await study_morning(run, clock)
        assert "Reveal <t:" in morning.posted_text and "0 answers so far" in morning.posted_text
        assert morning.first.ephemeral and "You picked" in morning.first.content
        assert "changed your pick" in morning.changed.content
        assert morning.too_long.ephemeral and "the limit is 1,000" in morning.too_long.content
        assert "x" * 1001 in str(morning.too_long.embeds), "the member's text is given back"
        assert morning.saved.ephemeral and "Saved your reasoning" in morning.saved.content

        assert "3 answers so far" in question_message(run).text
        replies = [r for r in fake.interaction_responses if r.type in (4, 5)]
        assert replies and all(r.ephemeral for r in replies), "every reply is private"
        public_text = "\n".join(m.text for m in run.public_messages())
        for member in MEMBERS:
            assert str(member) not in public_text, "no pick is visible before the reveal"


async def test_after_a_restart_the_buttons_work_and_the_reveal_is_posted_once(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running_bot(fake, db_url, clock) as run:
        morning = await study_morning(run, clock)
    card, right, wrong = morning.card, morning.right, morning.wrong

    # A restart: a new client on the same database.
    async with running_bot(fake, db_url, clock) as run:
        assert len([m for m in run.public_messages() if "Question of the day" in m.text]) == 1
        late = await pick(run, MEMBERS[2], question_message(run), right)
        assert late.ephemeral and "changed your pick" in late.content, "buttons survive"

        clock.set(datetime(2026, 3, 2, 19, 0, tzinfo=UTC))  # 20:00 in Berlin
        # A click that races the reveal (the message is not closed yet) is refused.
        racing = await pick(run, MEMBERS[0], question_message(run), wrong)
        assert racing.ephemeral and "Answering is closed" in racing.content
        await run.run_due()
        await run.run_due()
        reveals = [m for m in run.public_messages() if "How the group reasoned" in m.text]
        assert len(reveals) == 1
        reveal = reveals[0]
        assert f"Answer: {' and '.join(right)}" in reveal.text
        assert card.question.constraint in reveal.text
        for letter in card.question.why_not:
            assert f"Why not {letter}" in reveal.text
        assert "Right (3 of 3)" in reveal.text
        assert all(f"<@{m}>" in reveal.text for m in MEMBERS)
        assert "The deciding phrase rules out the others." in reveal.text
        assert reveal.thread_id is not None
        (thread,) = fake.threads(CHANNEL)
        assert thread.id == reveal.thread_id
        assert fake.messages(thread.id), "the thread is opened with a prompt"

        closed = question_message(run)
        assert "Closed" in closed.text and "3 answers" in closed.text
        assert all(c.get("disabled") for c in _answer_components(closed))

        # The buttons on a member's earlier private confirmation still work: they now say
        # answering is closed and link to the reveal.
        after = await fake.click(MEMBERS[1], morning.second.message.id, morning.why_button)
        assert after.ephemeral and "Answering is closed" in after.content
        assert f"/{reveal.id}" in after.content, "the refusal links to the reveal"

        streak = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "streak")
        assert streak.ephemeral and "Current streak: **1**" in streak.content


def _answer_components(message: FakeMessage) -> list[dict]:  # type: ignore[type-arg]
    return [
        c
        for row in message.components
        for c in row.get("components", [])
        if str(c.get("custom_id", "")).startswith(
            (custom_ids.ANSWER.prefix, custom_ids.ANSWER_SELECT.prefix)
        )
    ]


async def test_help_and_group_settings_for_everyone(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running_bot(fake, db_url, clock):
        help_reply = await fake.slash(GUILD, CHANNEL, OUTSIDER, "help")
        text = str(help_reply.embeds)
        assert help_reply.ephemeral
        for command in ("/streak", "/setup configure", "/group", "/mocks", "/mock schedule"):
            assert command in text
        assert "Rest days" in text and "private" in text

        await fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "setup",
            {**SETUP, "exam_date": "2026-05-20"},
            subcommand="configure",
        )
        shown = await fake.slash(GUILD, CHANNEL, OUTSIDER, "group")
        summary = str(shown.embeds[0])
        assert shown.ephemeral and "Europe/Berlin" in summary and "2026-05-20" in summary
        next_post = int(datetime(2026, 3, 2, 8, 0, tzinfo=UTC).timestamp())
        assert f"<t:{next_post}:f>" in summary, "the next post as a Discord timestamp"

        registered = {c["name"] for c in fake.commands(GUILD)}
        assert {"setup", "group", "streak", "help"} <= registered
        setup = fake.get_command("setup", GUILD)
        assert setup is not None and setup["default_member_permissions"] == str(1 << 5)
