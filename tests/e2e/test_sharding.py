"""Two bot processes share the servers by shard and one database: each server's question is
posted exactly once, by the process that owns its shard."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import UTC, datetime

from bot.app import build_services
from bot.config import Settings
from bot.core.clock import FakeClock
from bot.core.group_settings import SetupRequest
from bot.devtools.fake_discord import FakeDiscord
from bot.discord.client import StudyBot
from bot.services.daily import QuestionCard

GUILDS = [(k << 22) + 7 for k in range(1, 7)]  # shard (id >> 22) % 2 alternates 1, 0, 1, …


async def test_two_processes_split_the_work_by_shard(fake: FakeDiscord, db_url: str) -> None:
    for number, guild in enumerate(GUILDS):
        fake.add_guild(guild, f"group {number}", owner_id=guild + 1)
        fake.add_channel(guild, guild + 2, "daily-question")
        fake.add_member(guild, guild + 1, f"owner {number}", manage_guild=True)
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    posted_by: dict[int, list[str]] = {0: [], 1: []}
    async with AsyncExitStack() as stack:
        bots = []
        for shard in (0, 1):
            settings = Settings(
                discord_token="fake-token",  # type: ignore[arg-type]
                database_url=db_url,
                catch_up_interval_seconds=3600,
            )
            services = await build_services(settings, clock, platform="discord")
            stack.push_async_callback(services.close)
            bot = StudyBot(services, shard_count=2, shard_ids=[shard], guild_ready_timeout=0.05)
            original = bot.publisher.publish_question

            async def recording(card: QuestionCard, shard: int = shard, original=original) -> str:  # type: ignore[no-untyped-def]
                posted_by[shard].append(card.guild_id)
                return await original(card)

            bot.publisher.publish_question = recording  # type: ignore[method-assign]
            await stack.enter_async_context(fake.run_client(bot))
            bots.append(bot)
        for guild in GUILDS:
            await bots[0].services.groups.configure(
                "discord",
                str(guild),
                SetupRequest(
                    channel_id=str(guild + 2),
                    timezone="UTC",
                    rest_days="none",
                    start_date="2026-03-02",
                ),
                clock.now(),
                clock.now().date(),
            )
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        for _ in range(2):
            for bot in bots:
                await bot.services.runner.run_due()

        for guild in GUILDS:
            posts = [m for m in fake.messages(guild + 2) if "Question of the day" in m.text]
            assert len(posts) == 1, f"server {guild}: {len(posts)} posts"
        for shard, guilds in posted_by.items():
            assert guilds and all((int(g) >> 22) % 2 == shard for g in guilds)
