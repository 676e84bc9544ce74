"""Revealing a day's question: closing it, settling streaks, and the reveal card."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.scoring import pick_letters
from bot.core.states import OPEN_STATES, DailyState
from bot.core.streaks import Streak, is_milestone
from bot.db.models import Answer, DailyQuestion, Group, Member
from bot.db.models import Streak as StreakRow
from bot.services.daily.cards import (
    DueReveal,
    Milestone,
    OptionSplit,
    Quote,
    RevealCard,
)
from bot.services.daily.claims import Claims
from bot.services.reports import open_report_count
from bot.services.review import schedule_reviews

QUOTES_IN_REVEAL = 3


def _pick_quotes(rows: list[tuple[Answer, Member]]) -> list[Quote]:
    """A few reasonings worth reading: a right one and a wrong one first, most confident first."""
    with_reasoning = [(a, m) for a, m in rows if a.reasoning]
    with_reasoning.sort(key=lambda am: (-(am[0].confidence or 0), am[0].first_answered_at))
    right = [am for am in with_reasoning if am[0].is_correct]
    wrong = [am for am in with_reasoning if not am[0].is_correct]
    chosen: list[tuple[Answer, Member]] = []
    for pool in (right, wrong):
        if pool:
            chosen.append(pool.pop(0))
    rest = sorted(right + wrong, key=lambda am: am[0].first_answered_at)
    chosen.extend(rest[: QUOTES_IN_REVEAL - len(chosen)])
    return [
        Quote(
            member_external_id=None if m.quote_anonymously else m.external_id,
            pick=a.pick,
            correct=a.is_correct,
            confidence=a.confidence,
            reasoning=a.reasoning or "",
            member_name=None if m.quote_anonymously else m.display_name,
        )
        for a, m in chosen
    ]


class Reveals(Claims):
    """The reveal side of ``DailyService``."""

    async def due_reveals(
        self, now: datetime, group_ids: set[int] | None = None
    ) -> list[DueReveal]:
        """Questions whose reveal is due or was started and not finished, oldest first."""
        async with self._db.unit_of_work() as session:
            query = (
                select(DailyQuestion.id, DailyQuestion.state, DailyQuestion.group_id)
                .where(
                    (DailyQuestion.state == DailyState.REVEALING)
                    | (DailyQuestion.state.in_(OPEN_STATES) & (DailyQuestion.reveal_at <= now))
                )
                .order_by(DailyQuestion.reveal_at, DailyQuestion.id)
            )
            rows = (await session.execute(query)).all()
            return [
                DueReveal(row.id, row.group_id, row.state)
                for row in rows
                if group_ids is None or row.group_id in group_ids
            ]

    async def begin_reveal(self, daily_id: int, now: datetime) -> RevealCard | None:
        """Close answering and settle streaks, once; returns the reveal to publish.

        Returns the card again for a reveal that was begun but not finished (restart), and
        None when it is already finished or the question is not due.
        """
        async with self._db.unit_of_work() as session:
            daily = await session.get(DailyQuestion, daily_id, with_for_update=True)
            if daily is None or daily.state in (
                DailyState.REVEALED,
                DailyState.SKIPPED,
                DailyState.CLAIMED,
            ):
                return None
            fresh = daily.state == DailyState.POSTED
            if fresh:
                if now < daily.reveal_at:
                    return None
                daily.state = DailyState.REVEALING
                daily.revealed_at = now
                await self._settle_streaks(session, daily)
                await schedule_reviews(session, daily, now)
            group = await session.get(Group, daily.group_id)
            assert group is not None
            if daily.reveal_message_id is None:
                # Not posted yet: the reveal goes to the group's channel as it is now (the
                # question's channel may have been deleted or replaced since the post).
                daily.reveal_channel_id = group.channel_id
            return replace(await self._reveal_card(session, daily, group), fresh_reveal=fresh)

    async def reveal_card(self, daily_id: int) -> RevealCard | None:
        """A revealed question's reveal as it reads now (after a member was forgotten)."""
        async with self._db.unit_of_work() as session:
            daily = await session.get(DailyQuestion, daily_id)
            group = await session.get(Group, daily.group_id) if daily else None
            if daily is None or group is None or daily.reveal_message_id is None:
                return None
            return await self._reveal_card(session, daily, group)

    async def _settle_streaks(self, session: AsyncSession, daily: DailyQuestion) -> None:
        answered = set(
            (
                await session.scalars(
                    select(Answer.member_id).where(Answer.daily_question_id == daily.id)
                )
            ).all()
        )
        rows = {
            row.member_id: row
            for row in (
                await session.scalars(select(StreakRow).where(StreakRow.group_id == daily.group_id))
            ).all()
        }
        for member_id in answered | set(rows):
            row = rows.get(member_id)
            if row is None:
                row = StreakRow(group_id=daily.group_id, member_id=member_id, current=0, best=0)
                session.add(row)
            after = Streak(row.current, row.best).settle(member_id in answered)
            if (after.current, after.best) != (row.current, row.best):
                row.current, row.best = after.current, after.best
            if member_id in answered:
                row.last_study_date = daily.study_date

    async def _reveal_card(
        self, session: AsyncSession, daily: DailyQuestion, group: Group
    ) -> RevealCard:
        question = self._question(daily.question_id)
        rows = (
            await session.execute(
                select(Answer, Member)
                .join(Member, Member.id == Answer.member_id)
                .where(Answer.daily_question_id == daily.id)
                .order_by(Answer.first_answered_at, Answer.id)
            )
        ).all()
        counts = dict.fromkeys(question.letters, 0)
        for answer, _member in rows:
            for letter in pick_letters(answer.pick):
                counts[letter] = counts.get(letter, 0) + 1
        split = [
            OptionSplit(
                letter, question.options[letter], counts[letter], letter in question.answer_set
            )
            for letter in question.letters
        ]
        correct = [m for a, m in rows if a.is_correct]
        streaks = {
            row.member_id: row
            for row in (
                await session.scalars(
                    select(StreakRow).where(
                        StreakRow.group_id == daily.group_id,
                        StreakRow.last_study_date == daily.study_date,
                    )
                )
            ).all()
        }
        milestones = []
        for _answer, member in rows:
            row = streaks.get(member.id)
            if row is None:
                continue
            if is_milestone(row.current):
                milestones.append(Milestone(member.external_id, row.current, member.display_name))
        return RevealCard(
            daily_id=daily.id,
            guild_id=group.external_id,
            channel_id=daily.reveal_channel_id or daily.channel_id,
            question_channel_id=daily.channel_id,
            question_message_id=daily.message_id,
            study_date=daily.study_date,
            question=question,
            domain_name=self._bank.exam.domain(question.domain).name,
            answer_count=len(rows),
            correct_count=len(correct),
            split=split,
            correct_members=[m.external_id for m in correct],
            correct_names=[m.display_name for m in correct],
            quotes=_pick_quotes([(a, m) for a, m in rows]),
            milestones=milestones,
            reveal_message_id=daily.reveal_message_id,
            thread_id=daily.thread_id,
            open_reports=await open_report_count(session, daily.group_id, daily.question_id),
        )
