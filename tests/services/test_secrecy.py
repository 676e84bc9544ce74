"""The open daily question and mock-night papers never give each other's keys away."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.db.models import DailyQuestion, MockQuestion
from bot.services.groups import GroupService
from bot.services.mock import AttemptView, MockService
from bot.services.runner import Runner
from tests.services.helpers import RecordingPublisher, make_group, runner_for


def small_bank(bank: Bank, size: int = 12) -> Bank:
    """A bank of ``size`` serving questions: a 10-question paper then takes nearly all."""
    chosen = [q for q in bank.active if q.domain == "serving"][:size]
    return Bank(exam=bank.exam, questions={q.id: q for q in chosen}, plan=bank.plan)


async def small_group(
    database: Database, bank: Bank, clock: FakeClock
) -> tuple[Bank, MockService, Runner]:
    """A group on a 12-question bank, with its mock service and its clock's runner."""
    tiny = small_bank(bank)
    await make_group(GroupService(database), clock)
    return (
        tiny,
        MockService(database, tiny, "discord"),
        runner_for(database, tiny, clock, RecordingPublisher()),
    )


async def daily_question_of(database: Database, day: datetime) -> DailyQuestion:
    async with database.unit_of_work() as session:
        daily = await session.scalar(
            select(DailyQuestion).where(DailyQuestion.study_date == day.date())
        )
        assert daily is not None
        return daily


async def paper_of(database: Database, mock_id: int) -> list[str]:
    async with database.unit_of_work() as session:
        rows = await session.scalars(
            select(MockQuestion.question_id)
            .where(MockQuestion.mock_id == mock_id)
            .order_by(MockQuestion.position)
        )
        return list(rows.all())


async def test_a_paper_never_holds_the_open_daily_question(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    tiny, mocks, runner = await small_group(database, bank, clock)
    # A mock night at noon on a study day whose question is open until 20:00, asking for
    # every question the bank has.
    night = await mocks.schedule("100", "2026-03-02", "12:00", 12, 30, None, clock.now())
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await runner.run_due()
    open_daily = await daily_question_of(database, clock.now())
    assert open_daily.state == "posted"

    clock.set(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    await runner.run_due()
    paper = await paper_of(database, night.id)
    assert paper, "the mock opened with a paper"
    assert open_daily.question_id not in paper
    assert len(paper) == len(tiny.active) - 1, "every other question is used"


async def test_no_daily_question_comes_from_a_running_mock_paper(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    _tiny, mocks, runner = await small_group(database, bank, clock)
    # The mock runs across the post time (08:30–10:30), so the 09:00 question is chosen
    # while its paper is out.
    night = await mocks.schedule("100", "2026-03-02", "08:30", 10, 120, None, clock.now())
    clock.set(datetime(2026, 3, 2, 8, 30, tzinfo=UTC))
    await runner.run_due()
    paper = await paper_of(database, night.id)
    assert len(paper) == 10
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await runner.run_due()
    daily = await daily_question_of(database, clock.now())
    assert daily.question_id not in paper


async def test_the_mock_review_hides_the_key_of_a_question_open_as_the_daily(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    tiny, mocks, runner = await small_group(database, bank, clock)
    # An early mock with every question of the bank, then the day's question at 09:00
    # necessarily comes from its paper.
    night = await mocks.schedule("100", "2026-03-02", "06:30", 12, 30, None, clock.now())
    clock.set(datetime(2026, 3, 2, 6, 30, tzinfo=UTC))
    await runner.run_due()
    attempt = await mocks.start("100", "u1", "Ada", night.id, clock.now())
    assert isinstance(attempt, AttemptView)
    paper = await paper_of(database, night.id)
    for position, question_id in enumerate(paper, start=1):
        question = tiny.questions[question_id]
        await mocks.act(
            "u1", attempt.attempt_id, "answer", position, list(question.answer), clock.now()
        )
    await mocks.act("u1", attempt.attempt_id, "submit", 1, [], clock.now())
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await runner.run_due()
    daily = await daily_question_of(database, clock.now())
    assert daily.question_id in paper
    position = paper.index(daily.question_id) + 1
    step = await mocks.review("u1", attempt.attempt_id, position)
    assert step.key_hidden and not step.correct
    other = await mocks.review("u1", attempt.attempt_id, 1 if position != 1 else 2)
    assert not other.key_hidden and other.correct

    clock.set(datetime(2026, 3, 2, 20, 0, tzinfo=UTC))
    await runner.run_due()
    after = await mocks.review("u1", attempt.attempt_id, position)
    assert not after.key_hidden and after.correct, "the key shows once the daily is revealed"
