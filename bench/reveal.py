"""Benchmark: the reveal of a large group's question, measured in the database.

Each run reveals one group's open question (``DailyService.begin_reveal``: close answering,
settle every member's streak, grade or create review cards, read the reveal card) for a
group of ``--members`` members with ``--days`` revealed days behind it; 40% of the members
already hold a review card for the question (it comes back), 90% answered it. Every SQL
statement's time is summed through the engine's cursor events.

The floor is one bare ``INSERT … SELECT`` copying the question's answers (one row per
member) into a scratch table, committed, on the same engine: a reveal that writes a row per
member cannot take less. Last line (medians over the runs):
    members=<n> reveal_db_ms=<n> reveal_ms=<n> statements=<n> floor_ms=<n> db=<sqlite|postgresql>
Run: python bench/reveal.py [--members 1000] [--days 30] [--runs 5] [--database-url URL]
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

from sqlalchemy import insert, text

from bot.content.loader import default_content_dir, load_bank
from bot.core.group_settings import SetupRequest
from bot.core.review import new_card
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from bot.db.models import Answer, DailyQuestion, Member, Membership, ReviewCard, Streak
from bot.devtools.scratch_database import fresh_database
from bot.devtools.statements import StatementTimer
from bot.services.daily import DailyService
from bot.services.groups import GroupService

START = date(2026, 1, 5)


async def build_group(
    database: Database, run: int, members: int, days: int, rng: random.Random
) -> int:
    """A group of ``members`` with ``days`` revealed days and an open question due now;
    returns the open question's id."""
    bank = load_bank(default_content_dir())
    today = START + timedelta(days=days)
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)
    group = await GroupService(database).configure(
        "discord",
        str(run + 1),
        SetupRequest(
            channel_id="2", timezone="UTC", rest_days="none", start_date=START.isoformat()
        ),
        now,
        today,
    )
    questions = bank.active
    first_member = run * members + 1
    ids = range(first_member, first_member + members)
    base_daily = run * (days + 1) + 1
    async with database.unit_of_work() as session:
        await session.execute(
            insert(Member),
            [
                {
                    "id": m,
                    "platform": "discord",
                    "external_id": str(10_000 + m),
                    "display_name": f"m{m}",
                    "quote_anonymously": False,
                    "created_at": now,
                    "reminders": False,
                    "stats_public": False,
                }
                for m in ids
            ],
        )
        await session.execute(
            insert(Membership),
            [{"group_id": group.id, "member_id": m, "joined_at": now} for m in ids],
        )
        await session.execute(
            insert(DailyQuestion),
            [
                {
                    "id": base_daily + d,
                    "group_id": group.id,
                    "study_date": START + timedelta(days=d),
                    "timezone": "UTC",
                    "question_id": questions[(run + d) % len(questions)].id,
                    "domain": questions[(run + d) % len(questions)].domain,
                    "state": "revealed" if d < days else "posted",
                    "channel_id": "2",
                    "message_id": str(base_daily + d),
                    "claimed_at": now,
                    "posted_at": now,
                    "reveal_at": now if d == days else now - timedelta(days=days - d),
                    "revealed_at": None if d == days else now,
                    "revisit": d == days,
                }
                for d in range(days + 1)
            ],
        )
        for d in range(days + 1):
            answered_at = datetime.combine(
                START + timedelta(days=d), datetime.min.time(), tzinfo=UTC
            ) + timedelta(hours=12)
            await session.execute(
                insert(Answer),
                [
                    {
                        "daily_question_id": base_daily + d,
                        "member_id": m,
                        "pick": "A",
                        "is_correct": rng.random() < 0.6,
                        "changes": 0,
                        "first_answered_at": answered_at,
                        "answered_at": answered_at,
                        "reasoning": "Because of the constraint." if m % 7 == 0 else None,
                        "confidence": rng.randint(1, 5),
                    }
                    for m in ids
                    if rng.random() < 0.9
                ],
            )
        await session.execute(
            insert(Streak),
            [
                {
                    "group_id": group.id,
                    "member_id": m,
                    "current": (c := rng.randint(0, days)),
                    "best": c + rng.randint(0, 5),
                    "last_study_date": START + timedelta(days=days - 1),
                }
                for m in ids
            ],
        )
        state, due = new_card(now - timedelta(days=days))
        await session.execute(
            insert(ReviewCard),
            [
                {
                    "member_id": m,
                    "question_id": questions[(run + days) % len(questions)].id,
                    "state": state,
                    "due": due,
                    "misses": 1,
                    "reviews": 0,
                    "created_at": now - timedelta(days=days),
                }
                for m in ids
                if rng.random() < 0.4
            ],
        )
    return base_daily + days


async def floor_seconds(database: Database, daily_id: int) -> float:
    """One committed INSERT … SELECT of the question's answers into a scratch table."""
    async with database.engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE IF NOT EXISTS bench_floor (member_id integer, correct boolean)")
        )
    started = time.perf_counter()
    async with database.engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO bench_floor (member_id, correct) "
                "SELECT member_id, is_correct FROM answers WHERE daily_question_id = :d"
            ),
            {"d": daily_id},
        )
    seconds = time.perf_counter() - started
    async with database.engine.begin() as connection:
        await connection.execute(text("DROP TABLE bench_floor"))
    return seconds


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    rng = random.Random(1)
    db_ms, wall_ms, statements, floor_ms = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        async with fresh_database(args.database_url, Path(folder), "bench_reveal") as url:
            database = Database.from_url(url)
            await upgrade_to_head(database)
            bank = load_bank(default_content_dir())
            daily = DailyService(database, bank, "discord")
            timer = StatementTimer(database)
            for run in range(args.runs):
                daily_id = await build_group(database, run, args.members, args.days, rng)
                now = datetime.combine(
                    START + timedelta(days=args.days), datetime.min.time(), tzinfo=UTC
                ) + timedelta(hours=18)
                started = time.perf_counter()
                with timer.measuring():
                    card = await daily.begin_reveal(daily_id, now)
                wall_ms.append((time.perf_counter() - started) * 1000)
                assert card is not None and card.fresh_reveal
                db_ms.append(timer.seconds * 1000)
                statements.append(timer.statements)
                floor_ms.append(await floor_seconds(database, daily_id) * 1000)
                print(
                    f"run {run + 1}: {card.answer_count} answers, reveal {wall_ms[-1]:.0f} ms "
                    f"({db_ms[-1]:.0f} ms in {statements[-1]} statements), "
                    f"floor {floor_ms[-1]:.1f} ms"
                )
            backend = database.backend
            await database.dispose()
    print(
        f"members={args.members} reveal_db_ms={statistics.median(db_ms):.1f} "
        f"reveal_ms={statistics.median(wall_ms):.1f} statements={statistics.median(statements):.0f} "
        f"floor_ms={statistics.median(floor_ms):.1f} db={backend}"
    )


if __name__ == "__main__":
    asyncio.run(main())
