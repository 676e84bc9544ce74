"""Revealing a day's question: closing it, settling streaks, and the reveal card."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import Date, case, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.core.reveal import GroupAnswer, choose_quotes, milestones, split
from bot.core.states import OPEN_STATES, DailyState
from bot.db.models import Answer, DailyQuestion, Group, Member
from bot.db.models import Streak as StreakRow
from bot.db.scores import add_revealed
from bot.db.transitions import transition
from bot.services.daily.cards import DueReveal, RevealCard
from bot.services.daily.claims import Claims
from bot.services.reports import open_report_count
from bot.services.review import schedule_reviews


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

    async def finish_reveal(
        self, daily_id: int, reveal_message_id: str | None, thread_id: str | None
    ) -> bool:
        """Mark a begun reveal done (``reveal_message_id`` None: the platform refused it for
        good) and, in the same transaction, count its answers into the section scores;
        False when it was not being revealed (done before: nothing is counted twice)."""
        async with self._db.unit_of_work() as session:
            finished = await transition(
                session,
                DailyQuestion,
                daily_id,
                [DailyState.REVEALING],
                DailyState.REVEALED,
                reveal_message_id=reveal_message_id,
                thread_id=thread_id,
            )
            if finished:
                daily = await session.get(DailyQuestion, daily_id)
                assert daily is not None
                await add_revealed(session, daily)
            return finished

    async def reveal_card(self, daily_id: int) -> RevealCard | None:
        """A revealed question's reveal as it reads now (after a member was forgotten)."""
        async with self._db.unit_of_work() as session:
            daily = await session.get(DailyQuestion, daily_id)
            group = await session.get(Group, daily.group_id) if daily else None
            if daily is None or group is None or daily.reveal_message_id is None:
                return None
            return await self._reveal_card(session, daily, group)

    async def _settle_streaks(self, session: AsyncSession, daily: DailyQuestion) -> None:
        """Settle every member's streak in the group at once (``Streak.settle`` as three
        statements): whoever answered goes up by one, everyone else drops to zero."""
        answered = select(Answer.member_id).where(Answer.daily_question_id == daily.id)
        in_group = StreakRow.group_id == daily.group_id
        await session.execute(
            update(StreakRow)
            .where(in_group, StreakRow.current != 0, StreakRow.member_id.not_in(answered))
            .values(current=0)
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            update(StreakRow)
            .where(in_group, StreakRow.member_id.in_(answered))
            .values(
                current=StreakRow.current + 1,
                best=case(
                    (StreakRow.current + 1 > StreakRow.best, StreakRow.current + 1),
                    else_=StreakRow.best,
                ),
                last_study_date=daily.study_date,
            )
            .execution_options(synchronize_session=False)
        )
        first = aliased(StreakRow)
        await session.execute(
            insert(StreakRow).from_select(
                ["group_id", "member_id", "current", "best", "last_study_date"],
                select(
                    literal(daily.group_id),
                    Answer.member_id,
                    literal(1),
                    literal(1),
                    literal(daily.study_date, Date),
                ).where(
                    Answer.daily_question_id == daily.id,
                    ~select(first.member_id)
                    .where(first.group_id == daily.group_id, first.member_id == Answer.member_id)
                    .exists(),
                ),
            )
        )

    async def _reveal_card(
        self, session: AsyncSession, daily: DailyQuestion, group: Group
    ) -> RevealCard:
        question = self._question(daily.question_id)
        # Columns, not ORM objects: a large group's reveal reads a row per member.
        rows = (
            await session.execute(
                select(
                    Member.external_id,
                    Member.display_name,
                    Member.quote_anonymously,
                    Answer.pick,
                    Answer.is_correct,
                    Answer.confidence,
                    Answer.reasoning,
                    Answer.first_answered_at,
                )
                .join(Member, Member.id == Answer.member_id)
                .where(Answer.daily_question_id == daily.id)
                .order_by(Answer.first_answered_at, Answer.id)
            )
        ).all()
        answers = [
            GroupAnswer(
                member_external_id=row.external_id,
                member_name=row.display_name,
                pick=row.pick,
                correct=row.is_correct,
                confidence=row.confidence,
                reasoning=row.reasoning,
                first_answered_at=row.first_answered_at,
                quote_anonymously=row.quote_anonymously,
            )
            for row in rows
        ]
        correct = [a for a in answers if a.correct]
        streaks = {
            member_external_id: current
            for member_external_id, current in (
                await session.execute(
                    select(Member.external_id, StreakRow.current)
                    .join(Member, Member.id == StreakRow.member_id)
                    .where(
                        StreakRow.group_id == daily.group_id,
                        StreakRow.last_study_date == daily.study_date,
                    )
                )
            ).all()
        }
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
            split=split(
                answers,
                {letter: question.options[letter] for letter in question.letters},
                question.answer_set,
            ),
            correct_members=[a.member_external_id for a in correct],
            correct_names=[a.member_name for a in correct],
            quotes=choose_quotes(answers),
            milestones=milestones(answers, streaks),
            reveal_message_id=daily.reveal_message_id,
            thread_id=daily.thread_id,
            open_reports=await open_report_count(session, daily.group_id, daily.question_id),
        )
