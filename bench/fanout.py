"""Benchmark: 1,000 groups due in the same minute, Discord limiting the bot to 50 requests/s.

The fake Discord enforces a global limit of 50 requests per second with real rate-limit
headers (429, Retry-After, X-RateLimit-Global). The floor is the time the requests made
would need at exactly 50/s. Last line:
    groups=<n> seconds=<n> floor_seconds=<n> ratio=<n>
Run: python bench/fanout.py [--groups 1000] [--limit 50]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_services
from bot.config import Settings
from bot.core.clock import FakeClock
from bot.core.group_settings import SetupRequest
from bot.devtools.fake_discord import FakeDiscord
from bot.discord.client import StudyBot

BASE = 930_000_000_000_000_000


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--limit", type=float, default=50.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
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
                fake.set_global_limit(args.limit)
                before = len(fake.request_log)
                clock.set(datetime(2026, 3, 4, 9, tzinfo=UTC))
                started = time.perf_counter()
                await services.runner.run_due()
                seconds = time.perf_counter() - started
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
        f"ratio={seconds / floor:.2f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
