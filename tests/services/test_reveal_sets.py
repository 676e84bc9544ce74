"""The reveal settles a whole group at once: streaks and review cards come out as if each
member had been settled on their own (``Streak.settle``, ``grade_or_create``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.review import new_card
from bot.core.streaks import streak_over
from bot.db.engine import Database
from bot.db.models import ReviewCard
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from bot.services.members import get_or_create_member
from tests.services.helpers import RecordingPublisher, make_group, runner_for

# Who answers on each of eight study days (Monday 2 March to Monday 9 March, Sunday rest).
PATTERNS = {
    "u1": [True] * 8,
    "u2": [True, False] * 4,
    "u3": [False, False, False, True, True, True, True, True],  # joins on Thursday
    "u4": [True, True, True, False, False, False, False, False],
    "u5": [True, True, True, False, True, True, True, True],
}
STUDY_DAYS = [2, 3, 4, 5, 6, 7, 9, 10]


async def test_every_members_streak_is_settled_as_on_its_own(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups = GroupService(database)
    daily = DailyService(database, bank, "discord")
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    await make_group(groups, clock)
    for index, day in enumerate(STUDY_DAYS):
        clock.set(datetime(2026, 3, day, 9, tzinfo=UTC))
        await runner.run_due()
        daily_id = max(publisher.questions)
        key = list((await daily.question_card(daily_id)).question.answer)
        for user, answered in PATTERNS.items():
            if answered[index]:
                await daily.record_answer("100", user, user, daily_id, key, clock.now())
        clock.set(datetime(2026, 3, day, 20, tzinfo=UTC))
        await runner.run_due()
        for user, answered in PATTERNS.items():
            expected = streak_over(answered[: index + 1])
            streak = await daily.streak("100", user)
            assert (streak.current, streak.best) == (expected.current, expected.best), (user, day)
    milestones = {m.days for r in publisher.reveals.values() for m in r.milestones}
    assert milestones == {3, 7}, "u1 reached 3 and 7 days; u4/u5 reached 3 on the same day"


async def test_review_cards_are_graded_or_created_for_everyone_at_once(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups = GroupService(database)
    daily = DailyService(database, bank, "discord")
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    await make_group(groups, clock)
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    await runner.run_due()
    (daily_id,) = publisher.questions
    question = (await daily.question_card(daily_id)).question
    right = list(question.answer)
    wrong = [x for x in question.letters if x not in question.answer][: question.choose]
    async with database.unit_of_work() as session:  # u1 met the question before
        member = await get_or_create_member(session, "discord", "u1", "u1", clock.now())
        state, due = new_card(clock.now() - timedelta(days=5))
        session.add(
            ReviewCard(
                member_id=member.id,
                question_id=question.id,
                state=state,
                due=due,
                misses=1,
                reviews=0,
                created_at=clock.now() - timedelta(days=5),
            )
        )
    for user, letters in {"u1": wrong, "u2": wrong, "u3": right, "u4": right}.items():
        await daily.record_answer("100", user, user, daily_id, letters, clock.now())
    await daily.add_reasoning("100", "u4", daily_id, "A guess.", "1", clock.now())
    reveal_at = datetime(2026, 3, 2, 20, tzinfo=UTC)
    clock.set(reveal_at)
    await runner.run_due()

    async with database.unit_of_work() as session:
        rows = await session.execute(
            select(ReviewCard.member_id, ReviewCard.misses, ReviewCard.reviews, ReviewCard.due)
            .where(ReviewCard.question_id == question.id)
            .order_by(ReviewCard.member_id)
        )
        cards = {member_id: (misses, reviews, due) for member_id, misses, reviews, due in rows}
    ids = await member_ids(database, ["u1", "u2", "u3", "u4"])
    assert cards[ids["u1"]][:2] == (2, 1), "an existing card is graded: one more miss"
    assert cards[ids["u1"]][2] > reveal_at
    assert cards[ids["u2"]] == (1, 0, reveal_at + timedelta(days=1)), "a miss makes a card"
    assert ids["u3"] not in cards, "a sure right answer needs no review"
    assert cards[ids["u4"]] == (0, 0, reveal_at + timedelta(days=1)), "right but unsure"


async def member_ids(database: Database, users: list[str]) -> dict[str, int]:
    async with database.unit_of_work() as session:
        return {
            user: (await get_or_create_member(session, "discord", user, user, datetime.now(UTC))).id
            for user in users
        }
