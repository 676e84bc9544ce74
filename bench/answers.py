"""Benchmark: bursts of members answering through the real discord.py client.

The bot runs in its own process (``bot.devtools.bot_process``), as it would against the real,
remote Discord; this process runs the fake Discord and fires the clicks. On each of several
study days, 500 members (configurable) click an answer to that day's question at the same
moment (or, with ``--spread-ms``, at random moments within that window), and each click is
timed until the bot's private reply arrives. The first day is also every member's first
answer (members are created); later days are the everyday case.

``answers_per_s`` is the median over the bursts of answers / (first click → last reply);
p50/p99 pool every click. ``raw_commits_per_s`` is the same database's rate of single-row
insert-and-commit through the same engine, measured in the same run (median of three).
``bot_cpu_ms`` is the bot process's CPU time per answer, steadier than wall-clock figures on
a busy machine. With ``--floor`` the bot is replaced by a bare discord.py client that only
replies "recorded": the cost of discord.py itself, for comparison.
Last line:
    answers_per_s=<n> p50_ms=<n> p99_ms=<n> raw_commits_per_s=<n> ratio=<n> db=<sqlite|postgresql>
Run: python bench/answers.py [--members 500] [--bursts 5] [--spread-ms 0] [--floor]
                             [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.core import custom_ids
from bot.db.engine import Database
from bot.devtools.bot_process import BotProcess
from bot.devtools.fake_discord import FakeDiscord

GUILD, CHANNEL, ORGANISER = (
    920_000_000_000_000_001,
    920_000_000_000_000_010,
    920_000_000_000_000_100,
)
FIRST_DAY = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday; the group has no rest days


async def raw_commit_rate(url: str, rows: int) -> tuple[float, str]:
    database = Database.from_url(url)
    async with database.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE IF NOT EXISTS bench_raw (id integer)"))
    rates = []
    for _ in range(3):
        started = time.perf_counter()
        for n in range(rows):
            async with database.engine.begin() as connection:
                await connection.execute(text("INSERT INTO bench_raw (id) VALUES (:n)"), {"n": n})
        rates.append(rows / (time.perf_counter() - started))
    async with database.engine.begin() as connection:
        await connection.execute(text("DROP TABLE bench_raw"))
    await database.dispose()
    return statistics.median(rates), database.backend


@contextlib.asynccontextmanager
async def fresh_database(url: str | None, folder: Path) -> AsyncIterator[str]:
    """A new, empty database: a SQLite file, or a PostgreSQL database created next to the
    one named by ``url`` (and dropped afterwards), so earlier runs never interfere."""
    if url is None or not url.startswith("postgresql"):
        yield url or f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        return
    name = f"bench_answers_{uuid.uuid4().hex[:12]}"
    admin = make_url(url).set(drivername="postgresql+asyncpg")
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def burst(
    fake: FakeDiscord, members: list[int], spread_ms: float, rng: random.Random, marker: str
) -> tuple[float, list[float]]:
    """Every member answers today's question; returns (seconds, latencies in ms)."""
    message = [m for m in fake.messages(CHANNEL) if marker in m.text][-1]
    first = message.custom_ids[0]
    latencies: list[float] = []

    async def click(member: int, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        started = time.perf_counter()
        if first.startswith(custom_ids.ANSWER_SELECT.prefix):
            await fake.select(member, message.id, first, ["A", "B"])
        else:
            await fake.click(member, message.id, first)
        latencies.append((time.perf_counter() - started) * 1000)

    delays = [rng.uniform(0, spread_ms / 1000) for _ in members]
    started = time.perf_counter()
    await asyncio.gather(*(click(m, d) for m, d in zip(members, delays, strict=True)))
    return time.perf_counter() - started, latencies


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--bursts", type=int, default=5)
    parser.add_argument("--spread-ms", type=float, default=0.0)
    parser.add_argument("--floor", action="store_true")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    rng = random.Random(7)
    members = [920_000_000_000_100_000 + n for n in range(args.members)]
    rates: list[float] = []
    latencies: list[float] = []
    cpu: list[float] = []
    async with contextlib.AsyncExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        url = await stack.enter_async_context(fresh_database(args.database_url, Path(folder)))
        clock = Path(folder) / "clock.txt"
        clock.write_text((FIRST_DAY + timedelta(hours=8)).isoformat(), encoding="utf-8")
        fake = FakeDiscord(timeout=60)
        fake.add_guild(GUILD, "bench", owner_id=ORGANISER)
        fake.add_channel(GUILD, CHANNEL, "daily")
        fake.add_member(GUILD, ORGANISER, "organiser", manage_guild=True)
        for number, member in enumerate(members):
            fake.add_member(GUILD, member, f"m{number}")
        await fake.start()
        module = "bench.floor_bot" if args.floor else "bot.devtools.bot_process"
        bot = BotProcess(fake.api_url, fake.gateway_url, url, clock, GUILD, module=module)
        try:
            await bot.start()
            assert bot.process is not None
            if not args.floor:
                await fake.slash(
                    GUILD,
                    CHANNEL,
                    ORGANISER,
                    "setup",
                    {
                        "channel": CHANNEL,
                        "timezone": "UTC",
                        "rest_days": "none",
                        "start_date": FIRST_DAY.date().isoformat(),
                    },
                    subcommand="configure",
                )
            marker = "floor" if args.floor else "Question of the day"
            for day in range(args.bursts):
                await bot.set_time(FIRST_DAY + timedelta(days=day, hours=9))
                before = cpu_seconds(bot.process.pid)
                seconds, times = await burst(fake, members, args.spread_ms, rng, marker)
                cpu.append((cpu_seconds(bot.process.pid) - before) * 1000 / len(members))
                rates.append(len(members) / seconds)
                latencies += times
                times.sort()
                print(
                    f"burst {day + 1}: {len(members)} answers in {seconds:.2f} s, "
                    f"p50 {statistics.median(times):.0f} ms, "
                    f"p99 {times[int(0.99 * (len(times) - 1))]:.0f} ms, "
                    f"bot CPU {cpu[-1]:.2f} ms per answer"
                )
        finally:
            await bot.stop()
            await fake.stop()
        raw, backend = await raw_commit_rate(url, 500)
    latencies.sort()
    rate = statistics.median(rates)
    p50 = statistics.median(latencies)
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(
        f"{args.bursts} bursts of {len(members)} members (spread {args.spread_ms:.0f} ms), "
        f"{'a bare discord.py client' if args.floor else 'the bot'} in its own process, "
        f"bot_cpu_ms={statistics.median(cpu):.2f} per answer"
    )
    print(
        f"answers_per_s={rate:.0f} p50_ms={p50:.1f} p99_ms={p99:.1f} "
        f"raw_commits_per_s={raw:.0f} ratio={rate / raw:.2f} db={backend}"
    )


if __name__ == "__main__":
    asyncio.run(main())
