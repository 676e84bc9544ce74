"""A Slack workspace and a Discord server with the same id never see each other's group."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.core.group_settings import SetupRequest
from bot.devtools.fake_slack import FakeSlack
from tests.slack_e2e.harness import MEMBERS, STUDY, TEAM, running_slack, set_up_group
from tests.slack_e2e.test_daily_loop import POST


async def test_a_discord_server_with_the_same_id_is_another_group(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        groups = run.bot.services.groups
        discord_group = await groups.configure(
            "discord",
            TEAM,
            SetupRequest(channel_id="555", timezone="UTC", start_date="2026-03-02"),
            clock.now(),
            clock.now().date(),
        )

        shown = await fake.slash(MEMBERS[0], STUDY, "/study", "group")
        assert "no study group yet" in (await shown.wait_ephemeral()).text

        await set_up_group(fake)
        clock.set(POST)
        await run.run_due()

        assert len(run.questions()) == 1
        assert {c.args.get("channel") for c in fake.calls("chat.postMessage")} == {STUDY}
        still = await groups.by_id(discord_group.id, clock.now())
        assert still is not None and (still.settings.channel_id, still.settings.timezone) == (
            "555",
            "UTC",
        )
        slack_group = await groups.get("slack", TEAM, clock.now())
        assert slack_group is not None and slack_group.id != discord_group.id
