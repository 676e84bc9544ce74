"""Benchmark: 1,000 groups due in the same minute, against the platform's rate limits.

Discord (default): the fake Discord enforces a global limit of 50 requests per second with
real rate-limit headers (429, Retry-After, X-RateLimit-Global). The floor is the time the
requests made would need at exactly 50/s.

Slack (``--platform slack``): Slack limits each workspace on its own, and
``chat.postMessage`` to about one message per second per channel. The groups stand for
1,000 workspaces (one fake workspace, a channel per group; no tier limits) and the fake
enforces the pace strictly: a second post in a channel within a second is answered 429 with
``Retry-After: 1``. It is the first day of the groups' plan, so each channel gets the
week's theme, the question and the group's overview: three posts, a second apart at best. The
floor is measured: a
bare slack_sdk client (same session and retry handlers as the bot) replaying the same
accepted calls, every channel at once, each channel's calls in order.

Last line:
    groups=<n> seconds=<n> floor_seconds=<n> ratio=<n> cpu_seconds=<n> posted=<n>
    platform=<discord|slack>
(``cpu_seconds``: the process's CPU time during the bot's pass, fakes included; ``posted``:
the groups whose channel got the day's question, and on Slack the theme.) On Slack a line
before it gives the SQL statements per group during the pass and the CPU of one statement at
its cheapest on the same engine, measured in the same run: what the bot's own work per group
is made of.
Run: python bench/fanout.py [--groups 1000] [--limit 50] [--platform slack]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import Services, build_services
from bot.config import Settings
from bot.core.clock import FakeClock
from bot.core.group_settings import SetupRequest
from bot.db.engine import Database
from bot.db.models import Group
from bot.devtools.fake_discord import FakeDiscord
from bot.devtools.fake_slack import FakeSlack
from bot.devtools.fake_slack.web_api import ApiCall
from bot.devtools.statements import StatementTimer
from bot.discord.client import StudyBot
from bot.slack.app import SlackBot
from bot.slack.ids import QUESTION_EVENT
from bot.slack.publisher import NOTICE_EVENT

BASE = 930_000_000_000_000_000


async def start_up_pass_done(services: Services) -> None:
    """Wait for the start-up catch-up pass (a scheduler job run once the client is
    connected) to finish, so that the timed pass is the only one: otherwise it runs at the
    due instant too, and the bench times two passes where a running bot makes one."""
    scheduler = services.scheduler
    assert scheduler is not None
    # APScheduler announces a job's run only to listeners added before it, so look instead.
    while scheduler.scheduler.get_job("catch-up") is not None:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    await services.runner.wait_idle()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--limit", type=float, default=50.0)
    parser.add_argument("--platform", choices=["discord", "slack"], default="discord")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.platform == "slack":
        await slack(args.groups)
        return
    fake = FakeDiscord(timeout=60)
    guilds = [BASE + 1000 * n for n in range(args.groups)]
    for guild in guilds:
        fake.add_guild(guild, f"g{guild}", owner_id=guild + 1)
        fake.add_channel(guild, guild + 2, "daily")
    await fake.start()
    clock = FakeClock(datetime(2026, 3, 4, 8, tzinfo=UTC))  # a Wednesday
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            discord_token="bench",  # type: ignore[arg-type]
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'f.db'}",
            catch_up_interval_seconds=3600,
        )
        services = await build_services(settings, clock, platform="discord")
        for guild in guilds:  # plan started last week: no theme announcement today
            await services.groups.configure(
                "discord",
                str(guild),
                SetupRequest(
                    channel_id=str(guild + 2),
                    timezone="UTC",
                    rest_days="none",
                    start_date="2026-02-23",
                ),
                clock.now(),
                clock.now().date(),
            )
        bot = StudyBot(services, guild_ready_timeout=0.5)
        try:
            async with fake.run_client(bot):
                await start_up_pass_done(services)
                fake.set_global_limit(args.limit)
                before = len(fake.request_log)
                clock.set(datetime(2026, 3, 4, 9, tzinfo=UTC))
                started = time.perf_counter()
                cpu_started = time.process_time()
                await services.runner.run_due()
                seconds = time.perf_counter() - started
                cpu_seconds = time.process_time() - cpu_started
                requests = [r for r in fake.request_log[before:] if r.status != 429]
                posted = sum(1 for g in guilds if fake.messages(g + 2))
        finally:
            await fake.stop()
            await services.close()
    floor = len(requests) / args.limit
    print(
        f"{posted} of {len(guilds)} groups posted with {len(requests)} requests "
        f"({fake.rate_limited_count} answered 429)"
    )
    print(
        f"groups={len(guilds)} seconds={seconds:.1f} floor_seconds={floor:.1f} "
        f"ratio={seconds / floor:.2f} cpu_seconds={cpu_seconds:.1f} posted={posted} "
        "platform=discord"
    )


def _got_theme_and_question(fake: FakeSlack, channel: str) -> bool:
    events = [(m.metadata or {}).get("event_type") for m in fake.messages(channel)]
    return NOTICE_EVENT in events and QUESTION_EVENT in events


async def slack(groups: int) -> None:
    fake = FakeSlack(timeout=60)
    channels = [f"C{n:09d}" for n in range(groups)]
    for n, channel in enumerate(channels):
        fake.add_channel(channel, f"study-{n}")
    await fake.start()
    clock = FakeClock(datetime(2026, 3, 4, 8, tzinfo=UTC))  # a Wednesday
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            slack_bot_token=fake.bot_token,  # type: ignore[arg-type]
            slack_app_token=fake.app_token,  # type: ignore[arg-type]
            slack_api_url=fake.api_url,
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'f.db'}",
            catch_up_interval_seconds=3600,
        )
        services = await build_services(settings, clock, platform="slack")
        for n, channel in enumerate(channels):  # the plan starts today: a theme to announce
            await services.groups.configure(
                "slack",
                f"T{n:09d}",
                SetupRequest(
                    channel_id=channel, timezone="UTC", rest_days="none", start_date="2026-03-04"
                ),
                clock.now(),
                clock.now().date(),
            )
        bot = SlackBot(
            services, bot_token=fake.bot_token, app_token=fake.app_token, api_url=fake.api_url
        )
        try:
            await bot.start()
            await fake.wait_connected()
            await start_up_pass_done(services)
            fake.enforce_pace(1.0, retry_after=1)
            before = len(fake.api.calls)
            clock.set(datetime(2026, 3, 4, 9, tzinfo=UTC))
            started = time.perf_counter()
            cpu_started = time.process_time()
            timer = StatementTimer(services.database)
            with timer.measuring():
                await services.runner.run_due()
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
            statement_ms = await statement_cpu_ms(services.database)
            made = fake.api.calls[before:]
            calls = [c for c in made if c.status != 429]
            posted = sum(1 for c in channels if _got_theme_and_question(fake, c))
            await asyncio.sleep(1.0)  # every channel's pace starts afresh for the floor
            floor = await replay(fake, calls)
        finally:
            await bot.close()
            await fake.stop()
    print(
        f"statements_per_group={timer.statements / groups:.1f} "
        f"statement_floor_cpu_ms={statement_ms:.2f} (one SELECT by primary key in its own "
        "transaction, same engine, same run)"
    )
    print(
        f"{posted} of {groups} channels got the theme and the question with {len(calls)} "
        f"calls ({len(made) - len(calls)} answered 429)"
    )
    print(
        f"groups={groups} seconds={seconds:.1f} floor_seconds={floor:.1f} "
        f"ratio={seconds / floor:.2f} cpu_seconds={cpu_seconds:.1f} posted={posted} "
        "platform=slack"
    )


async def statement_cpu_ms(database: Database, times: int = 500) -> float:
    """CPU per statement at its cheapest through the same engine: the floor under each of
    the bot's statements (the driver's thread hop included)."""
    started = time.process_time()
    for n in range(times):
        async with database.unit_of_work() as session:
            await session.execute(select(Group.id).where(Group.id == n))
    return (time.process_time() - started) / times * 1000


async def replay(fake: FakeSlack, calls: list[ApiCall]) -> float:
    """Seconds a bare client needs for ``calls``: channels at once, each in order."""
    by_channel: dict[str, list[ApiCall]] = {}
    for call in calls:
        by_channel.setdefault(str(call.args.get("channel")), []).append(call)
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(
            token=fake.bot_token,
            base_url=fake.api_url,
            session=session,
            retry_handlers=[
                AsyncConnectionErrorRetryHandler(),
                AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            ],
        )

        async def channel_calls(made: list[ApiCall]) -> None:
            for call in made:
                # A call Slack refuses (pins.add of a pinned overview) is still a round trip.
                with contextlib.suppress(SlackApiError):
                    await client.api_call(call.method, json=call.args)

        started = time.perf_counter()
        await asyncio.gather(*(channel_calls(made) for made in by_channel.values()))
        return time.perf_counter() - started


if __name__ == "__main__":
    asyncio.run(main())
