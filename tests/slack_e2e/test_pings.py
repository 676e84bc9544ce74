"""Opt-in pings on Slack: members choose with ``/study me set pings on|off``; the daily post
the mock-night announcement and its reminders mention those members, and nobody else is ever notified
(the fake records whom each post's mentions notify, in its text and its blocks)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.slack.ids import MOCK_ANNOUNCE_EVENT, MOCK_REMINDER_EVENT
from tests.slack_e2e.harness import ADMIN, MEMBERS, OWNER, STUDY, running_slack, set_up_group
from tests.slack_e2e.test_daily_loop import POST
from tests.slack_e2e.test_mock import SCHEDULE
from tests.slack_e2e.test_organisers import say

ADA, BOB, CEC = MEMBERS


async def test_only_members_who_opted_in_are_mentioned(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        assert "no study group yet" in await say(fake, ADA, "me set pings on")
        await set_up_group(fake)
        assert "You will be pinged" in await say(fake, ADA, "me set pings on")
        assert "already pinged" in await say(fake, ADA, "me set pings on")
        assert "You will be pinged" in await say(fake, BOB, "me set pings on")
        assert "No more pings" in await say(fake, BOB, "me set pings off")
        assert "not being pinged" in await say(fake, CEC, "me set pings off")
        assert "is on or off" in await say(fake, CEC, "me set pings loud")

        clock.set(POST)
        await run.run_due()
        [question] = run.questions()
        assert question.notified == {ADA}

        await say(fake, ADMIN, SCHEDULE)
        [announcement] = run.posts(MOCK_ANNOUNCE_EVENT)
        assert announcement.notified == {ADA}

        clock.set(datetime(2026, 3, 4, 17, 5, tzinfo=UTC))  # 18:05 in Berlin: an hour to go
        await run.run_due()
        reminders = run.posts(MOCK_REMINDER_EVENT)
        assert reminders and all(m.notified == {ADA} for m in reminders), "reminders ping too"

        everyone_else = {ADMIN, OWNER, BOB, CEC}
        assert not any(m.notified & everyone_else for m in fake.messages(STUDY))

    async with running_slack(fake, db_url, clock) as run:  # kept across a restart
        exported = await run.bot.services.privacy.export(ADA)  # what /study me export sends
        assert [row["pings"] for row in exported["memberships"]] == [True]
        await run.bot.services.privacy.forget(ADA)  # /study me forget deletes the choice
        assert await run.bot.services.pings.subscribers(1) == []
