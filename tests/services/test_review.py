"""Grading a review card: a showing of a card is graded once, however many answers race."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.review import new_card
from bot.db.engine import Database
from bot.db.models import ReviewCard
from bot.services.members import get_or_create_member
from bot.services.review import AlreadyReviewed, ReviewResult, ReviewService


async def due_card(database: Database, bank: Bank, clock: FakeClock) -> int:
    """A member ``u1`` with one card that is due now; its id."""
    now = clock.now()
    async with database.unit_of_work() as session:
        member = await get_or_create_member(session, "slack", "u1", "ada", now)
        state, _due = new_card(now - timedelta(days=2))
        card = ReviewCard(
            member_id=member.id,
            question_id=bank.active[0].id,
            state=state,
            due=now - timedelta(days=1),
            misses=1,
            reviews=0,
            created_at=now - timedelta(days=2),
        )
        session.add(card)
        await session.flush()
        return card.id


async def test_two_answers_to_one_showing_of_a_card_grade_it_once(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    card_id = await due_card(database, bank, clock)
    review = ReviewService(database, bank, "slack")
    shown = await review.next_due("u1", clock.now())
    assert shown is not None and (shown.card_id, shown.reviews) == (card_id, 0)
    letters = list(bank.active[0].answer)

    outcomes = await asyncio.gather(
        review.answer("u1", card_id, letters, clock.now(), shown.reviews),
        review.answer("u1", card_id, letters, clock.now(), shown.reviews),
        return_exceptions=True,
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyReviewed", "ReviewResult"]
    [graded] = [o for o in outcomes if isinstance(o, ReviewResult)]
    assert graded.correct and graded.next_due > clock.now()
    async with database.unit_of_work() as session:
        card = await session.scalar(select(ReviewCard).where(ReviewCard.id == card_id))
        assert card is not None and (card.reviews, card.misses) == (1, 1)
    with pytest.raises(AlreadyReviewed):  # a click from before a restart
        await review.answer("u1", card_id, letters, clock.now(), 0)
