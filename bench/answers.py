"""Benchmark: a burst of members answering through the real discord.py client.

The bot runs in its own process (``bot.devtools.bot_process``), as it would against the real,
remote Discord; this process runs the fake Discord and fires the clicks: 500 members
(configurable) click an answer at the same moment, and each click is timed until the bot's
private reply arrives. Compared with the same database's raw rate of single-row
insert-and-commit measured in the same run. Last line:
    answers_per_s=<n> p50_ms=<n> p99_ms=<n> raw_commits_per_s=<n> ratio=<n> db=<sqlite|postgresql>
Run: python bench/answers.py [--members 500] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bot.db.engine import Database
from bot.devtools.bot_process import BotProcess
from bot.devtools.fake_discord import FakeDiscord

GUILD, CHANNEL, ORGANISER = (
    920_000_000_000_000_001,
    920_000_000_000_000_010,
    920_000_000_000_000_100,
)


async def raw_commit_rate(url: str, rows: int) -> tuple[float, str]:
    database = Database.from_url(url)
    async with database.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE IF NOT EXISTS bench_raw (id integer)"))
    started = time.perf_counter()
    for n in range(rows):
        async with database.engine.begin() as connection:
            await connection.execute(text("INSERT INTO bench_raw (id) VALUES (:n)"), {"n": n})
    elapsed = time.perf_counter() - started
    async with database.engine.begin() as connection:
        await connection.execute(text("DROP TABLE bench_raw"))
    await database.dispose()
    return rows / elapsed, database.backend


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    members = [920_000_000_000_100_000 + n for n in range(args.members)]
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        clock = Path(folder) / "clock.txt"
        clock.write_text(datetime(2026, 3, 2, 8, tzinfo=UTC).isoformat(), encoding="utf-8")
        fake = FakeDiscord(timeout=60)
        fake.add_guild(GUILD, "bench", owner_id=ORGANISER)
        fake.add_channel(GUILD, CHANNEL, "daily")
        fake.add_member(GUILD, ORGANISER, "organiser", manage_guild=True)
        for number, member in enumerate(members):
            fake.add_member(GUILD, member, f"m{number}")
        await fake.start()
        bot = BotProcess(fake.api_url, fake.gateway_url, url, clock, GUILD)
        try:
            await bot.start()
            await fake.slash(
                GUILD,
                CHANNEL,
                ORGANISER,
                "setup",
                {
                    "channel": CHANNEL,
                    "timezone": "UTC",
                    "rest_days": "none",
                    "start_date": "2026-03-02",
                },
                subcommand="configure",
            )
            await bot.set_time(datetime(2026, 3, 2, 9, tzinfo=UTC))
            (message,) = [m for m in fake.messages(CHANNEL) if "Question of the day" in m.text]
            first = message.custom_ids[0]
            latencies: list[float] = []

            async def click(member: int) -> None:
                started = time.perf_counter()
                if first.startswith("sb:multi:"):
                    await fake.select(member, message.id, first, ["A", "B"])
                else:
                    await fake.click(member, message.id, first)
                latencies.append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            await asyncio.gather(*(click(m) for m in members))
            burst = time.perf_counter() - started
        finally:
            await bot.stop()
            await fake.stop()
        raw, backend = await raw_commit_rate(url, 500)
    latencies.sort()
    rate = len(members) / burst
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    print(f"burst of {len(members)} answers in {burst:.2f} s (bot in its own process)")
    print(
        f"answers_per_s={rate:.0f} p50_ms={p50:.1f} p99_ms={p99:.1f} "
        f"raw_commits_per_s={raw:.0f} ratio={rate / raw:.2f} db={backend}"
    )


if __name__ == "__main__":
    asyncio.run(main())
