"""Selection follows the week's focus; the last two weeks revisit what the group missed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from bot.services.runner import Runner
from tests.services.helpers import RecordingPublisher, make_group, runner_for


async def run_days(runner: Runner, clock: FakeClock, first: date, days: int, answer=None) -> None:  # type: ignore[no-untyped-def]
    for offset in range(days):
        day = datetime.combine(first + timedelta(days=offset), datetime.min.time(), tzinfo=UTC)
        clock.set(day + timedelta(hours=9))
        await runner.run_due()
        if answer is not None:
            await answer()
        clock.set(day + timedelta(hours=20))
        await runner.run_due()


async def test_most_questions_of_a_week_come_from_its_focus_domains(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups, daily = GroupService(database), DailyService(database, bank, "discord")
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    # Week 5 (deployment, focus: serving) starts on 30 March for a plan starting 2 March.
    await make_group(groups, clock, rest_days="none", start_date="2026-03-02")
    await run_days(runner, clock, date(2026, 3, 30), 7)
    domains = Counter([(await daily.question_card(d)).question.domain for d in publisher.questions])
    assert domains["serving"] >= 4, domains
    assert sum(domains.values()) == 7


async def test_the_final_weeks_revisit_the_questions_the_group_missed(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups, daily = GroupService(database), DailyService(database, bank, "discord")
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    clock.set(datetime(2026, 3, 2, 6, tzinfo=UTC))
    # A two-week plan: both weeks are the final stretch.
    await make_group(
        groups, clock, rest_days="none", start_date="2026-03-02", exam_date="2026-03-13"
    )

    async def everyone_wrong() -> None:
        daily_id = max(publisher.questions)
        card = await daily.question_card(daily_id)
        wrong = [x for x in card.question.letters if x not in card.question.answer]
        await daily.record_answer(
            "100", "u1", "Ada", daily_id, wrong[: card.question.choose], clock.now()
        )

    await run_days(runner, clock, date(2026, 3, 2), 6, answer=everyone_wrong)
    cards = [await daily.question_card(d) for d in sorted(publisher.questions)]
    revisits = [c for c in cards if c.revisit]
    assert [c.revisit for c in cards] == [False, True, False, True, False, True]
    asked_first = [c.question.id for c in cards if not c.revisit]
    assert all(c.question.id in asked_first for c in revisits), "only missed ones come back"
    assert len({c.question.id for c in revisits}) == len(revisits), "each revisited once"
