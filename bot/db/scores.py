"""Section scores: each member's revealed answers per exam section, kept up to date at
each reveal so that ``/stats`` and ``/leaderboard`` never scan a group's answers.

Only a finished reveal adds to them (see :func:`add_revealed`), so no count of right
answers can include an open question: the secrecy rule holds by construction.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Integer, Table, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, DailyQuestion, SectionScore

#: The ``start`` of the all-time span (the migration that made the table uses it too).
ALL_TIME = date(1970, 1, 1)


class Span(StrEnum):
    """What one row counts: all time, a calendar month, or one study date."""

    ALL = "all"
    MONTH = "month"
    DAY = "day"


def span_start(span: Span, study_date: date) -> date:
    """The first day of the ``span`` that holds ``study_date``."""
    if span == Span.ALL:
        return ALL_TIME
    return study_date.replace(day=1) if span == Span.MONTH else study_date


_SCORES = cast(Table, SectionScore.__table__)
_KEY = ["group_id", "span", "start", "domain", "member_id"]


async def add_revealed(session: AsyncSession, daily: DailyQuestion) -> None:
    """Count a just revealed question's answers into its group's section scores: one
    INSERT … SELECT … ON CONFLICT per span for the whole group."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for span in Span:
        rows = select(
            literal(daily.group_id),
            literal(span.value),
            literal(span_start(span, daily.study_date), SectionScore.start.type),
            literal(daily.domain),
            Answer.member_id,
            literal(1),
            Answer.is_correct.cast(Integer),
        ).where(Answer.daily_question_id == daily.id)
        statement: Any = dialect.insert(_SCORES).from_select([*_KEY, "answered", "correct"], rows)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=_KEY,
                set_={
                    "answered": _SCORES.c.answered + statement.excluded.answered,
                    "correct": _SCORES.c.correct + statement.excluded.correct,
                },
            )
        )
