"""Discord failing: retried, or reported to organisers; the schedule and the process go on."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import FakeClock
from bot.core.group_settings import SetupRequest
from bot.devtools.fake_discord import FakeDiscord
from tests.e2e.harness import (
    CHANNEL,
    GUILD,
    LOCKED_CHANNEL,
    MEMBERS,
    ORGANISER,
    Running,
    running_bot,
)

SETUP = {
    "channel": CHANNEL,
    "timezone": "UTC",
    "post_time": "09:00",
    "reveal_time": "20:00",
    "rest_days": "none",
    "start_date": "2026-03-02",
}
POSTS = rf"/channels/{CHANNEL}/messages$"


def questions(run: Running) -> int:
    return sum("Question of the day" in m.text for m in run.public_messages())


async def test_server_errors_and_rate_limits_are_retried(fake: FakeDiscord, db_url: str) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
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
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
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
