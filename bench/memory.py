"""Benchmark: memory of the bot for 1,000 groups × 50 members after 30 simulated days.

Builds the database first (bulk inserts: 50,000 members, 30,000 daily questions, 1.5 million
answers), then measures in a fresh process: the bot connects to the fake Discord (1,000
servers), runs a catch-up pass that posts 1,000 questions, and reports its resident memory
(the fake Discord lives in the same process and is included). Last line:
    rss_mb=<n>
Run: python bench/memory.py [--groups 1000] [--members 50] [--days 30]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.app import build_services
from bot.config import Settings
from bot.content.loader import default_content_dir, load_bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from bot.db.models import Answer, DailyQuestion, Group, Member, Membership
from bot.devtools.fake_discord import FakeDiscord
from bot.discord.client import StudyBot

BASE = 940_000_000_000_000_000
START = date(2026, 3, 2)


async def build(url: str, groups: int, members: int, days: int) -> None:
    database = Database.from_url(url)
    await upgrade_to_head(database)
    bank = load_bank(default_content_dir())
    questions = bank.active
    now = datetime.combine(START, datetime.min.time(), tzinfo=UTC)
    async with database.unit_of_work() as session:
        await session.execute(
            insert(Group),
            [
                {
                    "id": g + 1,
                    "platform": "discord",
                    "external_id": str(BASE + 1000 * g),
                    "channel_id": str(BASE + 1000 * g + 2),
                    "timezone": "UTC",
                    "post_time": "09:00",
                    "reveal_time": "20:00",
                    "rest_weekdays": "",
                    "plan_start": START,
                    "created_at": now,
                    "updated_at": now,
                }
                for g in range(groups)
            ],
        )
        await session.execute(
            insert(Member),
            [
                {
                    "id": m + 1,
                    "platform": "discord",
                    "external_id": str(BASE + 10_000_000 + m),
                    "display_name": f"m{m}",
                    "quote_anonymously": False,
                    "created_at": now,
                    "reminders": False,
                    "stats_public": False,
                    "mock_reminders": True,
                }
                for m in range(groups * members)
            ],
        )
        await session.execute(
            insert(Membership),
            [
                {"group_id": m // members + 1, "member_id": m + 1, "joined_at": now}
                for m in range(groups * members)
            ],
        )
    for day in range(days):
        when = now + timedelta(days=day, hours=12)
        async with database.unit_of_work() as session:
            await session.execute(
                insert(DailyQuestion),
                [
                    {
                        "id": day * groups + g + 1,
                        "group_id": g + 1,
                        "study_date": START + timedelta(days=day),
                        "timezone": "UTC",
                        "question_id": questions[(day + g) % len(questions)].id,
                        "domain": questions[(day + g) % len(questions)].domain,
                        "state": "revealed",
                        "channel_id": str(BASE + 1000 * g + 2),
                        "message_id": "1",
                        "claimed_at": when,
                        "reveal_at": when,
                        "revealed_at": when,
                        "revisit": False,
                    }
                    for g in range(groups)
                ],
            )
            await session.execute(
                insert(Answer),
                [
                    {
                        "daily_question_id": day * groups + m // members + 1,
                        "member_id": m + 1,
                        "pick": "A",
                        "is_correct": m % 3 != 0,
                        "changes": 0,
                        "first_answered_at": when,
                        "answered_at": when,
                    }
                    for m in range(groups * members)
                ],
            )
    await database.dispose()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def measure(url: str, groups: int, days: int) -> None:
    logging.basicConfig(level=logging.ERROR)
    fake = FakeDiscord(timeout=60)
    for g in range(groups):
        guild = BASE + 1000 * g
        fake.add_guild(guild, f"g{g}", owner_id=guild + 1)
        fake.add_channel(guild, guild + 2, "daily")
    await fake.start()
    clock = FakeClock(
        datetime.combine(START + timedelta(days=days), datetime.min.time(), tzinfo=UTC)
        + timedelta(hours=9)
    )
    services = await build_services(
        Settings(
            discord_token="bench",
            database_url=url,  # type: ignore[arg-type]
            catch_up_interval_seconds=3600,
        ),
        clock,
        platform="discord",
    )
    bot = StudyBot(services, guild_ready_timeout=0.5)
    try:
        async with fake.run_client(bot):
            await services.runner.run_due()
            posted = sum(1 for g in range(groups) if fake.messages(BASE + 1000 * g + 2))
            print(f"{posted} questions posted; bot and fake Discord in one process")
            print(f"rss_mb={rss_mb():.0f}")
    finally:
        await fake.stop()
        await services.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--measure", metavar="DATABASE_URL")
    args = parser.parse_args()
    if args.measure:
        asyncio.run(measure(args.measure, args.groups, args.days))
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'memory.db'}"
        asyncio.run(build(url, args.groups, args.members, args.days))
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                url,
                "--groups",
                str(args.groups),
                "--days",
                str(args.days),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
