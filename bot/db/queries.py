"""Queries and SQL expressions that several services share."""

from __future__ import annotations

from sqlalchemy import Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer

#: 1 for a right answer, 0 for a wrong one: summed, the right answers; averaged, accuracy.
ANSWER_IS_RIGHT = func.cast(Answer.is_correct, Integer)


async def answer_count(session: AsyncSession, daily_id: int) -> int:
    """How many members answered a day's question."""
    count = await session.scalar(
        select(func.count(Answer.id)).where(Answer.daily_question_id == daily_id)
    )
    return count or 0
