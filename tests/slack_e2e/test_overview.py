"""The pinned overview on Slack: one message the bot pins (``pins.add``, which needs the
manifest's ``pins:write``) and edits after each post, reveal and change; it never shows the
open question's key; after a restart it is found again by its metadata, never duplicated."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import update

from bot.core.clock import FakeClock
from bot.db.models import Group
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.services.overview import TITLE
from bot.slack.manifest import BOT_SCOPES
from tests.slack_e2e.harness import ADMIN, MEMBERS, STUDY, block_text, running_slack
from tests.slack_e2e.harness import set_up_group as set_up
from tests.slack_e2e.test_daily_loop import POST, REVEAL, pick, posted_question
from tests.slack_e2e.test_mock import SCHEDULE
from tests.slack_e2e.test_organisers import say


def overviews(fake: FakeSlack) -> list[SlackMessage]:
    return [m for m in fake.messages(STUDY) if m.text == TITLE]


def the_overview(fake: FakeSlack) -> str:
    [message] = overviews(fake)
    return block_text(message)


async def test_the_overview_follows_the_day_and_never_shows_the_key(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    assert "pins:write" in BOT_SCOPES
    async with running_slack(fake, db_url, clock) as run:
        await set_up(fake)
        await fake.wait_until(
            lambda: [m for m in overviews(fake) if m.pinned], what="the overview, pinned"
        )
        [message] = overviews(fake)
        assert "No question yet today" in block_text(message)

        clock.set(POST)
        await run.run_due()
        question, card = await posted_question(run)
        await pick(fake, MEMBERS[0], question, list(card.question.answer))
        text = the_overview(fake)
        assert card.domain_name in text and "private until the reveal" in text
        for letter in card.question.answer:
            assert card.question.options[letter] not in text, "nothing of the key"
        assert "Answer:" not in text

        clock.set(REVEAL)
        await run.run_due()
        text = the_overview(fake)
        # By name (the username until Slack's display name is looked up), never a mention.
        assert "is revealed" in text and re.search(r"[Mm]ember ?1 1", text)
        assert f"<@{MEMBERS[0]}>" not in text
        await say(fake, ADMIN, SCHEDULE)
        await fake.wait_until(
            lambda: "10 questions in 15 minutes" in the_overview(fake), what="the mock night"
        )

    async with running_slack(
        fake, db_url, clock
    ) as run:  # stopped after posting, before keeping its ts
        async with run.bot.services.database.unit_of_work() as session:
            await session.execute(update(Group).values(overview_message_id=""))
        await say(fake, ADMIN, "pause 2026-03-09")
        await fake.wait_until(lambda: "Paused" in the_overview(fake), what="the pause shown")
        assert len(overviews(fake)) == 1, "found again by its metadata"
        assert "Paused: questions come back on Monday 09 March" in the_overview(fake)

        clock.set(datetime(2026, 3, 4, 18, 5, tzinfo=UTC))  # 19:05 in Berlin: the mock is on
        await run.run_due()
        assert "Mock night on now: 10 questions in 15 minutes" in the_overview(fake)
        clock.set(datetime(2026, 3, 4, 18, 30, tzinfo=UTC))  # ... and over
        await run.run_due()
        assert "Next mock night: none scheduled." in the_overview(fake)


async def test_without_pins_write_the_overview_is_posted_unpinned(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    fake.api.scopes = set(BOT_SCOPES) - {"pins:write"}
    async with running_slack(fake, db_url, clock):
        await set_up(fake)
        await fake.wait_until(
            lambda: [c for c in fake.api.calls if c.method == "pins.add"], what="the pin asked"
        )
        [message] = overviews(fake)
        assert not message.pinned
        [refused] = [c for c in fake.api.calls if c.method == "pins.add"]
        assert refused.error == "missing_scope"
