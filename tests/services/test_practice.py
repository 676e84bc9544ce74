"""Practice drills in the service: a question that opens in the group after it was shown is
refused and replaced, an answer counts once however many race, weak sections weigh more."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.errors import AnsweringClosed, InvalidInput
from bot.core.states import DailyState
from bot.db.engine import Database
from bot.db.models import DailyQuestion, Group, PracticeAnswer
from bot.services.groups import GroupService
from bot.services.plan import PlanService
from bot.services.practice import AlreadyAnswered, PracticeFeedback, PracticeService, PracticeStep
from bot.services.privacy import PrivacyService
from tests.services.helpers import make_group


async def open_daily(database: Database, question_id: str, domain: str, clock: FakeClock) -> None:
    """Make ``question_id`` the group's open daily question (as the claim would)."""
    now = clock.now()
    async with database.unit_of_work() as session:
        group = await session.scalar(select(Group))
        assert group is not None
        session.add(
            DailyQuestion(
                group_id=group.id,
                study_date=now.date(),
                timezone="UTC",
                question_id=question_id,
                domain=domain,
                state=DailyState.POSTED,
                channel_id="555",
                claimed_at=now,
                posted_at=now,
                reveal_at=now + timedelta(hours=10),
            )
        )


async def test_a_question_that_opens_in_the_group_after_it_was_shown_is_refused_and_replaced(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    await make_group(GroupService(database), clock)
    practice = PracticeService(database, bank, "discord")
    step = await practice.start("100", "u1", "ada", None, 5, clock.now())
    q = step.question
    await open_daily(database, q.id, q.domain, clock)

    with pytest.raises(AnsweringClosed):
        await practice.answer("u1", step.drill_id, 1, list(q.answer), clock.now())
    replaced = await practice.next("u1", step.drill_id, clock.now())
    assert isinstance(replaced, PracticeStep)
    assert replaced.position == 1 and replaced.question.id != q.id
    graded = await practice.answer(
        "u1", step.drill_id, 1, list(replaced.question.answer), clock.now()
    )
    assert graded.correct and graded.answered == 1
    async with database.unit_of_work() as session:
        asked = (await session.scalars(select(PracticeAnswer.question_id))).all()
    assert q.id not in asked, "the open question is nowhere in the drill"


async def test_two_answers_to_one_question_count_once_and_bad_input_loses_nothing(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    await make_group(GroupService(database), clock)
    practice = PracticeService(database, bank, "discord")
    with pytest.raises(InvalidInput, match="1 to 20"):
        await practice.start("100", "u1", "ada", None, 21, clock.now())
    with pytest.raises(InvalidInput, match="not an exam section"):
        await practice.start("100", "u1", "ada", "cooking", 3, clock.now())
    step = await practice.start("100", "u1", "ada", "serving", 3, clock.now())
    assert step.question.domain == "serving" and step.count == 3
    with pytest.raises(InvalidInput):
        await practice.answer("u1", step.drill_id, 1, ["Z"], clock.now())
    letters = list(step.question.answer)

    outcomes = await asyncio.gather(
        practice.answer("u1", step.drill_id, 1, letters, clock.now()),
        practice.answer("u1", step.drill_id, 1, letters, clock.now()),
        return_exceptions=True,
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyAnswered", "PracticeFeedback"]
    [graded] = [o for o in outcomes if isinstance(o, PracticeFeedback)]
    assert (graded.answered, graded.right, graded.finished) == (1, 1, False)
    with pytest.raises(AlreadyAnswered):
        await practice.answer("u1", step.drill_id, 1, letters, clock.now())


async def test_a_mixed_drill_leans_to_the_members_weak_section(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    await make_group(GroupService(database), clock)
    await PlanService(database, bank, "discord").assess(
        "100", "u1", "ada", "monitoring", 1, clock.now()
    )
    practice = PracticeService(database, bank, "discord")
    step = await practice.start("100", "u1", "ada", None, 20, clock.now())
    domains: Counter[str] = Counter()
    shown: PracticeStep | object = step
    while isinstance(shown, PracticeStep):
        domains[shown.question.domain] += 1
        await practice.answer(
            "u1", step.drill_id, shown.position, list(shown.question.answer), clock.now()
        )
        shown = await practice.next("u1", step.drill_id, clock.now())
    weights = bank.exam.weights
    share = weights["monitoring"] / sum(weights.values())
    assert sum(domains.values()) == 20
    # By exam weight alone monitoring would be about 20 × 0.13 ≈ 3 of 20.
    assert domains["monitoring"] >= 2 * 20 * share, domains


async def test_the_export_hides_right_or_wrong_of_a_practised_question_while_it_is_open(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    await make_group(GroupService(database), clock)
    practice = PracticeService(database, bank, "discord")
    step = await practice.start("100", "u1", "ada", None, 2, clock.now())
    q = step.question
    await practice.answer("u1", step.drill_id, 1, list(q.answer), clock.now())
    privacy = PrivacyService(database, "discord")
    [before] = (await privacy.export("u1"))["practice_answers"]
    assert (before["question_id"], before["is_correct"]) == (q.id, True)

    await open_daily(database, q.id, q.domain, clock)  # later the group's question of the day
    [during] = (await privacy.export("u1"))["practice_answers"]
    assert during["question_id"] == q.id and during["is_correct"] is None
