"""Claiming many groups' posts together: one question per group and day, whatever happened
before the pass (a crash after the claims, another process claiming the same day)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.db.models import DailyQuestion
from bot.devtools.statements import StatementTimer
from bot.services.daily import DailyService, QuestionCard
from bot.services.groups import GroupService
from tests.services.helpers import RecordingPublisher, make_group, runner_for

GROUPS = 6


class CountingPublisher(RecordingPublisher):
    """Counts every question post per group (the recording one merges repeats)."""

    def __init__(self) -> None:
        super().__init__()
        self.posts: Counter[str] = Counter()
        self.fresh: list[bool] = []

    async def publish_question(self, card: QuestionCard) -> str:
        self.posts[card.guild_id] += 1
        self.fresh.append(card.fresh_claim)
        return await super().publish_question(card)


@pytest.fixture
async def setup(database: Database, bank: Bank, clock: FakeClock):  # type: ignore[no-untyped-def]
    groups = GroupService(database)
    daily = DailyService(database, bank, "discord")
    publisher = CountingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    views = [await make_group(groups, clock, guild=str(100 + n)) for n in range(GROUPS)]
    return daily, publisher, runner, views


def monday(clock: FakeClock, hour: int = 9) -> None:
    clock.set(datetime(2026, 3, 2, hour, tzinfo=UTC))


async def test_every_due_group_gets_one_question_from_one_pass(setup, clock) -> None:
    _daily, publisher, runner, views = setup
    monday(clock)
    await runner.run_due()
    await runner.run_due()
    assert publisher.posts == Counter({view.external_id: 1 for view in views})
    assert all(publisher.fresh), "claimed by this pass: posted without looking first"


async def test_claims_left_by_a_crash_are_posted_once_by_the_next_pass(setup, clock) -> None:
    daily, publisher, runner, views = setup
    monday(clock)
    claimed = await daily.claim_posts([view.id for view in views], clock.now())
    assert set(claimed) == {view.id for view in views}  # ... and then the bot died
    clock.advance(timedelta(minutes=3))
    await runner.run_due()
    await runner.run_due()
    assert publisher.posts == Counter({view.external_id: 1 for view in views})
    assert set(publisher.questions) == {card.daily_id for card in claimed.values()}
    assert not any(publisher.fresh), "a claim from before the restart is looked for first"


async def test_a_day_another_process_claimed_is_left_to_it(setup, clock) -> None:
    daily, publisher, runner, views = setup
    monday(clock)
    theirs = await daily.claim_post(views[0].id, clock.now())
    assert theirs is not None
    ours = await daily.claim_posts([view.id for view in views], clock.now())
    assert set(ours) == {view.id for view in views[1:]}
    await runner.run_due()
    assert publisher.posts == Counter({view.external_id: 1 for view in views})
    assert theirs.daily_id in publisher.questions


async def test_the_same_question_is_chosen_as_one_group_at_a_time(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    """The scheduled pass and a group's own claim (catch-up, a post left to it) agree on a
    day's question, history included."""
    groups = GroupService(database)
    daily = DailyService(database, bank, "discord")
    views = [await make_group(groups, clock, guild=str(200 + n)) for n in range(GROUPS)]
    for offset in range(4):  # the draw depends on the days before
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=offset))
        bulk = await daily.claim_posts([view.id for view in views], clock.now())
        async with database.unit_of_work() as session:
            await session.execute(
                delete(DailyQuestion).where(
                    DailyQuestion.id.in_([card.daily_id for card in bulk.values()])
                )
            )
        one_by_one = {view.id: await daily.claim_post(view.id, clock.now()) for view in views}
        assert {gid: card.question.id for gid, card in bulk.items()} == {
            gid: card.question.id for gid, card in one_by_one.items() if card is not None
        }


async def test_a_sweep_with_nothing_due_asks_the_same_whatever_the_number_of_groups(
    setup, database, clock
) -> None:
    """Sweeps run every minute all day: before the post time nothing is claimed, and the
    pass must not open a transaction per group to find that out."""
    _daily, publisher, runner, _views = setup
    monday(clock, hour=6)  # the post is at 09:00
    timer = StatementTimer(database)
    with timer.measuring():
        await runner.run_due()
    few_groups = timer.statements
    for n in range(GROUPS):
        await make_group(GroupService(database), clock, guild=str(200 + n))
    with timer.measuring():
        await runner.run_due()
    assert timer.statements == few_groups, "statements grew with the number of groups"
    assert publisher.posts == Counter()


async def test_an_early_post_cut_short_is_finished_by_the_next_sweep(setup, clock) -> None:
    daily, publisher, runner, views = setup
    monday(clock, hour=7)
    early = await daily.claim_post(views[0].id, clock.now(), early=True)
    assert early is not None  # ... and the bot stopped before posting it
    clock.advance(timedelta(minutes=2))
    await runner.run_due()
    assert publisher.posts == Counter({views[0].external_id: 1})
    assert set(publisher.questions) == {early.daily_id}
