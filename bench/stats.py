"""Benchmark: /stats and /leaderboard for a group of 1,000 members with 365 days of answers.

Builds the data on a fresh SQLite file (bulk inserts), then times the two services the
commands call. CPU time per call (median, this process: the SQLite thread included) is
printed beside the latencies, as it varies less than they do on a busy machine. Prints, as
its last line:
    stats_p95_ms=<n> leaderboard_p95_ms=<n> stats_cpu_ms=<n> leaderboard_cpu_ms=<n> rows=<n>
Run: python bench/stats.py [--members 1000] [--days 365] [--runs 60]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.content.loader import default_content_dir, load_bank
from bot.core.group_settings import SetupRequest
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from bot.db.models import Answer, DailyQuestion, Member
from bot.db.scores import add_revealed
from bot.services.groups import GroupService
from bot.services.stats import StatsService

START = date(2025, 11, 29)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def build(database: Database, members: int, days: int) -> int:
    bank = load_bank(default_content_dir())
    now = datetime.combine(START + timedelta(days=days), datetime.min.time(), tzinfo=UTC)
    group = await GroupService(database).configure(
        "discord",
        "1",
        SetupRequest(
            channel_id="2", timezone="UTC", rest_days="none", start_date=START.isoformat()
        ),
        now,
        now.date(),
    )
    rng = random.Random(1)
    questions = bank.active
    async with database.unit_of_work() as session:
        await session.execute(
            insert(Member),
            [
                {
                    "id": m + 1,
                    "platform": "discord",
                    "external_id": str(10_000 + m),
                    "display_name": f"m{m}",
                    "quote_anonymously": False,
                    "created_at": now,
                    "reminders": False,
                    "stats_public": False,
                }
                for m in range(members)
            ],
        )
        await session.execute(
            insert(DailyQuestion),
            [
                {
                    "id": d + 1,
                    "group_id": group.id,
                    "study_date": START + timedelta(days=d),
                    "timezone": "UTC",
                    "question_id": questions[d % len(questions)].id,
                    "domain": questions[d % len(questions)].domain,
                    "state": "revealed",
                    "channel_id": "2",
                    "message_id": str(d),
                    "claimed_at": now,
                    "reveal_at": now,
                    "revealed_at": now,
                    "revisit": False,
                }
                for d in range(days)
            ],
        )
    rows = 0
    for d in range(days):
        answered_at = datetime.combine(
            START + timedelta(days=d), datetime.min.time(), tzinfo=UTC
        ) + timedelta(hours=12)
        batch = [
            {
                "daily_question_id": d + 1,
                "member_id": m + 1,
                "pick": "A",
                "is_correct": rng.random() < 0.6 + (m % 10) / 40,
                "changes": 0,
                "first_answered_at": answered_at,
                "answered_at": answered_at,
                "reasoning": None,
                "confidence": rng.randint(1, 5),
            }
            for m in range(members)
            if rng.random() < 0.9
        ]
        async with database.unit_of_work() as session:
            await session.execute(insert(Answer), batch)
            revealed = await session.get(DailyQuestion, d + 1)
            assert revealed is not None
            await add_revealed(session, revealed)  # as the reveal does
        rows += len(batch)
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database.from_url(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await upgrade_to_head(database)
        started = time.perf_counter()
        rows = await build(database, args.members, args.days)
        print(f"built {rows} answers in {time.perf_counter() - started:.1f} s")
        stats = StatsService(database, load_bank(default_content_dir()), "discord")
        now = datetime.combine(START + timedelta(days=args.days), datetime.min.time(), tzinfo=UTC)
        rng = random.Random(2)
        domains = [None, *sorted(stats._bank.exam.weights)]
        stats_ms, board_ms, stats_cpu, board_cpu = [], [], [], []
        for _ in range(args.runs):
            member = str(10_000 + rng.randrange(args.members))
            t0, c0 = time.perf_counter(), time.process_time()
            await stats.member_stats("1", member, member, now)
            stats_ms.append((time.perf_counter() - t0) * 1000)
            stats_cpu.append((time.process_time() - c0) * 1000)
            t0, c0 = time.perf_counter(), time.process_time()
            await stats.leaderboard(
                "1", member, rng.choice(domains), rng.choice(["week", "month", "all"]), now
            )
            board_ms.append((time.perf_counter() - t0) * 1000)
            board_cpu.append((time.process_time() - c0) * 1000)
        await database.dispose()
    print(
        f"stats_p95_ms={p95(stats_ms):.1f} leaderboard_p95_ms={p95(board_ms):.1f} "
        f"stats_cpu_ms={statistics.median(stats_cpu):.1f} "
        f"leaderboard_cpu_ms={statistics.median(board_cpu):.1f} rows={rows}"
    )


if __name__ == "__main__":
    asyncio.run(main())
