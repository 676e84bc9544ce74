"""What may be known about a group's questions before their reveal: one place for the rule.

A daily question is *unrevealed* from the moment it is claimed until its reveal is done
(``claimed``, ``posted``, ``revealing``). Until then nothing may show whether a pick is right:
every count of right answers joins daily questions through :func:`revealed`, and every view that
shows a question's key first asks :func:`unrevealed_questions` for the group(s) involved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.states import UNREVEALED_STATES, UPCOMING_STATUSES, DailyState
from bot.db.models import DailyQuestion, Membership, MockNight, MockQuestion


def revealed() -> ColumnElement[bool]:
    """The condition on ``DailyQuestion`` under which its answers may be counted."""
    return DailyQuestion.state == DailyState.REVEALED


async def unrevealed_questions(session: AsyncSession, group_ids: Iterable[int]) -> set[str]:
    """Bank ids of the questions that are the open daily question of any of these groups."""
    ids = list(group_ids)
    if not ids:
        return set()
    rows = await session.scalars(
        select(DailyQuestion.question_id).where(
            DailyQuestion.group_id.in_(ids), DailyQuestion.state.in_(UNREVEALED_STATES)
        )
    )
    return set(rows.all())


async def unrevealed_for_member(session: AsyncSession, member_id: int) -> set[str]:
    """The open daily questions of every group the member takes part in."""
    groups = await session.scalars(
        select(Membership.group_id).where(Membership.member_id == member_id)
    )
    return await unrevealed_questions(session, groups.all())


async def questions_on_running_papers(
    session: AsyncSession, group_id: int, now: datetime
) -> set[str]:
    """Questions on the paper of a mock night of the group whose window has not ended.

    A daily question is not drawn from these: its reveal would show the key to members who
    are still sitting the mock."""
    rows = await session.execute(
        select(MockQuestion.question_id, MockNight.starts_at, MockNight.duration_minutes)
        .join(MockNight, MockNight.id == MockQuestion.mock_id)
        .where(MockNight.group_id == group_id, MockNight.status.in_(UPCOMING_STATUSES))
    )
    return {
        question_id
        for question_id, starts_at, minutes in rows
        if now < starts_at + timedelta(minutes=minutes)
    }


async def kept_from_practice(session: AsyncSession, member_id: int, now: datetime) -> set[str]:
    """Questions a private practice drill must not ask the member: the open daily question
    of each of their groups, and every question on a paper of those groups' mock nights that
    have not ended (practice shows the key at once)."""
    groups = list(
        (
            await session.scalars(
                select(Membership.group_id).where(Membership.member_id == member_id)
            )
        ).all()
    )
    hidden = await unrevealed_questions(session, groups)
    for group_id in groups:
        hidden |= await questions_on_running_papers(session, group_id, now)
    return hidden


async def kept_secret_anywhere(session: AsyncSession, now: datetime) -> set[str]:
    """Questions that are the open daily question of any group, or on the paper of any
    group's mock night whose window has not ended: a view across all groups (item analysis)
    leaves them out, so nothing of their answers shows before every group has seen the key."""
    open_daily = await session.scalars(
        select(DailyQuestion.question_id).where(DailyQuestion.state.in_(UNREVEALED_STATES))
    )
    papers = await session.execute(
        select(MockQuestion.question_id, MockNight.starts_at, MockNight.duration_minutes)
        .join(MockNight, MockNight.id == MockQuestion.mock_id)
        .where(MockNight.status.in_(UPCOMING_STATUSES))
    )
    return set(open_daily.all()) | {
        question_id
        for question_id, starts_at, minutes in papers
        if now < starts_at + timedelta(minutes=minutes)
    }
