"""The pinned overview on Discord: one message the bot pins and edits after each post,
reveal and change; it never shows the open question's key; after a restart it is found
again by its marker and never posted twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from bot.core.clock import FakeClock
from bot.db.models import Group
from bot.devtools.fake_discord import FakeDiscord, FakeMessage
from bot.devtools.fake_discord.pins import PIN_MESSAGES
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, SETUP, Running, answer
from tests.e2e.harness import running_bot as running
from tests.e2e.test_mock import NIGHT
from tests.e2e.test_organiser_controls import organiser


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))  # Monday, before the post


def overviews(run: Running) -> list[FakeMessage]:
    return run.overviews()


def the_overview(run: Running) -> str:
    [message] = overviews(run)
    return message.text


async def shown(run: Running, words: str) -> str:
    """The overview once it says ``words`` (it is edited just after the reply)."""
    await run.fake.wait_until(lambda: words in the_overview(run), what=f"“{words}”")
    return the_overview(run)


async def test_the_overview_follows_the_day_and_never_shows_the_key(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    guild = fake.guild(GUILD)
    guild.roles[guild.bot_role_id].permissions |= PIN_MESSAGES
    async with running(fake, db_url, clock) as run:
        await organiser(run, "configure", **SETUP)
        await fake.wait_until(
            lambda: [m for m in overviews(run) if m.pinned_at], what="the overview, pinned"
        )
        [message] = overviews(run)
        assert "No question yet today" in message.text
        assert "nobody yet" in message.text and "none scheduled" in message.text

        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        [question] = [m for m in run.public_messages() if "Question of the day" in m.text]
        daily_id = int(question.custom_ids[0].split(":")[2])
        card = await run.bot.services.daily.question_card(daily_id)
        await answer(run, MEMBERS[0], question, right=True)
        await answer(run, MEMBERS[1], question, right=False)
        text = the_overview(run)
        assert card.domain_name in text and "private until the reveal" in text
        key = card.question.answer
        for letter in key:  # nothing of the key: not the right option, not how anyone did
            assert card.question.options[letter] not in text
        assert "Answer:" not in text and " right" not in text.lower()

        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
        await run.run_due()
        text = the_overview(run)
        assert "is revealed" in text and "member1 1, member2 1" in text
        assert "member3" not in text, "who did not answer has no streak"

        scheduled = await fake.slash(GUILD, CHANNEL, ORGANISER, "mock", NIGHT, "schedule")
        await scheduled.wait_followup()
        await shown(run, "10 questions in 30 minutes")
        await organiser(run, "pause", until="2026-03-09")
        await shown(run, "Paused: questions come back on Monday 09 March")
    assert len(overviews(run)) == 1 and overviews(run)[0].edits >= 4

    async with running(fake, db_url, clock) as run:  # stopped after posting, before keeping its id
        async with run.bot.services.database.unit_of_work() as session:
            await session.execute(update(Group).values(overview_message_id=""))
        await organiser(run, "resume")
        await run.fake.wait_until(lambda: "Paused" not in the_overview(run), what="resumed")
        assert len(overviews(run)) == 1, "found again by its marker among the pins"
        assert "is revealed" in the_overview(run)

        clock.set(datetime(2026, 3, 5, 19, 5, tzinfo=UTC))  # the mock night is running
        await run.run_due()
        assert "Mock night on now: 10 questions in 30 minutes" in the_overview(run)
        clock.set(datetime(2026, 3, 5, 19, 45, tzinfo=UTC))  # ... and over
        await run.run_due()
        assert "Next mock night: none scheduled." in the_overview(run)


async def test_without_pin_permission_the_overview_is_still_posted_and_kept(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running(fake, db_url, clock) as run:
        await organiser(run, "configure", **SETUP)
        await fake.wait_until(lambda: fake.requests("PUT", "/pins/"), what="the pin asked")
        [message] = overviews(run)
        assert message.pinned_at is None, "Discord refused the pin (no Pin Messages)"
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        assert len(overviews(run)) == 1 and "private until the reveal" in the_overview(run)
