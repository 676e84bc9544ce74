"""The study channel goes wrong: organisers hear of it by DM, once a day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from tests.slack_e2e.harness import ADMIN, STUDY, running_slack, set_up_group
from tests.slack_e2e.test_daily_loop import POST


@pytest.mark.parametrize(
    ("problem", "words"),
    [("not_in_channel", "/invite"), ("is_archived", "archived")],
)
async def test_a_channel_problem_is_reported_to_the_organiser(
    fake: FakeSlack, db_url: str, clock: FakeClock, problem: str, words: str
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        channel = fake.workspace.channel(STUDY)
        if problem == "not_in_channel":
            channel.members.discard(fake.bot_user_id)
        else:
            fake.archive(STUDY)
        clock.set(POST)
        await run.run_due()
        await run.run_due()  # retried on every pass, reported once

        [report] = await fake.wait_until(lambda: fake.dm_messages(ADMIN), what="the report")
        assert words in report.text and f"<#{STUDY}>" in report.text
        assert run.questions() == []

        if problem == "not_in_channel":
            channel.members.add(fake.bot_user_id)  # an organiser invites the bot
            await run.run_due()
            assert len(run.questions()) == 1


async def test_a_sweep_with_nothing_to_post_does_not_look_at_the_channel(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    """Every sweep (a minute apart) would otherwise ask Slack about every group's channel."""

    def lookups() -> int:
        return sum(1 for call in fake.api.calls if call.method == "conversations.info")

    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        clock.set(POST - timedelta(hours=1))
        before = lookups()
        await run.run_due()
        await run.run_due()
        assert lookups() == before
        assert run.questions() == []

        clock.set(POST)
        await run.run_due()
        assert lookups() == before + 1  # the post looks first
        assert len(run.questions()) == 1
        await run.run_due()  # posted: nothing left to do today
        assert lookups() == before + 1
