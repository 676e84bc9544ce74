"""Section scores: kept at each finished reveal, and filled by their migration from the
answers of questions revealed before it, to the same figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.db.migrate import alembic_config
from bot.db.models import SectionScore
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from bot.services.stats import MemberStats, StatsService
from tests.services.helpers import RecordingPublisher, make_group, runner_for

BEFORE = "b3e8f1a4c6d2"  # the revision before the section scores


async def migrate(database: Database, revision: str, *, down: bool = False) -> None:
    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)


async def figures(stats: StatsService, now: datetime) -> list[object]:
    """Everything /stats and /leaderboard show for the group's members."""
    shown: list[object] = []
    for user in ("u1", "u2", "u3"):
        shown.append(await stats.member_stats("100", user, user, now))
    for period in ("week", "month", "all"):
        for domain in (None, *sorted(stats._bank.exam.weights)):
            shown.append(await stats.leaderboard("100", "u1", domain, period, now))
    return shown


def without_streaks(shown: list[object]) -> list[object]:
    return [
        replace(item, streak_current=0, streak_best=0) if isinstance(item, MemberStats) else item
        for item in shown
    ]


async def test_the_migration_fills_the_scores_the_reveals_kept(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups = GroupService(database)
    daily = DailyService(database, bank, "discord")
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    stats = StatsService(database, bank, "discord")
    await make_group(groups, clock, rest_days="none", start_date="2026-02-23")
    # Across a month's end, so the week, month and all-time counts differ.
    days = [(2, d) for d in (24, 25, 26, 27, 28)] + [(3, d) for d in (1, 2, 3)]
    for month, day in days:
        clock.set(datetime(2026, month, day, 9, tzinfo=UTC))
        await runner.run_due()
        daily_id = max(publisher.questions)
        question = (await daily.question_card(daily_id)).question
        wrong = [x for x in question.letters if x not in question.answer][: question.choose]
        for n, user in enumerate(("u1", "u2", "u3")):
            letters = list(question.answer) if (day + n) % 3 else wrong
            if (day + n) % 4:
                await daily.record_answer("100", user, user, daily_id, letters, clock.now())
        clock.set(datetime(2026, month, day, 20, tzinfo=UTC))
        await runner.run_due()
    clock.set(datetime(2026, 3, 4, 9, tzinfo=UTC))  # today's question is open and answered
    await runner.run_due()
    open_id = max(publisher.questions)
    key = list((await daily.question_card(open_id)).question.answer)
    await daily.record_answer("100", "u1", "u1", open_id, key, clock.now())
    now = clock.now()
    kept = await figures(stats, now)
    assert any(row.points for board in kept[3:] for row in board.top), "figures to compare"  # type: ignore[attr-defined]

    await migrate(database, BEFORE, down=True)
    await migrate(database, "head")

    assert await figures(stats, now) == kept
    async with database.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(SectionScore)) > 0


async def test_a_reveal_counts_only_once_it_is_done(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    """Begun is not done: a reveal that stopped before its post (a crash, a channel problem)
    has shown nobody the key, so /stats and /leaderboard do not count it yet, nor twice."""
    groups = GroupService(database)
    daily = DailyService(database, bank, "discord")
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    stats = StatsService(database, bank, "discord")
    await make_group(groups, clock)
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    await runner.run_due()
    (daily_id,) = publisher.questions
    key = list((await daily.question_card(daily_id)).question.answer)
    await daily.record_answer("100", "u1", "u1", daily_id, key, clock.now())
    clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
    before = await figures(stats, clock.now())

    assert await daily.begin_reveal(daily_id, clock.now()) is not None  # then the bot stopped
    # (The streak settles when the reveal begins: it tells whether one answered, not how.)
    assert without_streaks(await figures(stats, clock.now())) == without_streaks(before)

    await runner.run_due()
    await runner.run_due()
    board = await stats.leaderboard("100", "u1", None, "all", clock.now())
    assert [(r.member_external_id, r.points, r.answered) for r in board.top] == [("u1", 1, 1)]
    assert (await stats.member_stats("100", "u1", "u1", clock.now())).answered == 1
