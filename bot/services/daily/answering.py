"""Answering the daily question: picks, reasoning, the quoting choice and streaks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.core.batcher import Batcher
from bot.core.errors import AnsweringClosed, InvalidInput, NotFound
from bot.core.scoring import is_correct, validate_pick
from bot.core.states import OPEN_STATES
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, Group
from bot.db.models import Streak as StreakRow
from bot.db.queries import answer_count
from bot.services.answers import AnswerRequest, Recorded, record_batch
from bot.services.daily.cards import AnswerReceipt, StreakView
from bot.services.daily.reveal import Reveals
from bot.services.members import (
    find_group,
    find_member,
    get_or_create_member,
)

MAX_REASONING = 1000


def _closed_error(daily: DailyQuestion) -> AnsweringClosed:
    if daily.reveal_message_id:
        return AnsweringClosed(
            "Answering is closed for this question: it has been revealed.",
            reveal_link=f"{daily.reveal_channel_id or daily.channel_id}/{daily.reveal_message_id}",
        )
    return AnsweringClosed("Answering is closed for this question; the reveal is on its way.")


class DailyService(Reveals):
    """The daily question: claiming a day, answers and reasoning, reveal and streaks.

    Every method is one unit of work."""

    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform
        self._answers: Batcher[AnswerRequest, Recorded] = Batcher(self._record_batch)

    async def record_answer(
        self,
        guild_id: str,
        user_id: str,
        display_name: str,
        daily_id: int,
        letters: list[str],
        now: datetime,
    ) -> AnswerReceipt:
        """Store a member's pick (the last one before the reveal counts). Concurrent answers
        are committed together (see ``bot.services.answers``)."""
        recorded = await self._answers.submit(
            AnswerRequest(guild_id, user_id, display_name, daily_id, list(letters), now)
        )
        return AnswerReceipt(
            daily_id=recorded.daily.id,
            pick=recorded.pick,
            changed=recorded.changed,
            answer_count=recorded.answer_count,
            reveal_at=recorded.daily.reveal_at,
            has_reasoning=recorded.has_reasoning,
            quote_anonymously=recorded.quote_anonymously,
        )

    async def _record_batch(self, requests: list[AnswerRequest]) -> list[Recorded | Exception]:
        async with self._db.unit_of_work() as session:
            return await record_batch(session, self._platform, requests, self._check_answer)

    def _check_answer(
        self, daily: DailyQuestion, group: Group | None, request: AnswerRequest
    ) -> tuple[str, bool]:
        if group is None or group.external_id != request.guild_id:
            raise NotFound("That question does not belong to this group.")
        if daily.state not in OPEN_STATES or request.now >= daily.reveal_at:
            raise _closed_error(daily)
        question = self._question(daily.question_id)
        pick = validate_pick(
            request.letters, question.choose, question.letters, " for this question"
        )
        return pick, is_correct(pick, question.answer)

    async def ensure_open(self, guild_id: str, daily_id: int, now: datetime) -> None:
        """Raise AnsweringClosed (or NotFound) unless the question still takes answers."""
        async with self._db.unit_of_work() as session:
            await self._open_daily(session, guild_id, daily_id, now)

    async def add_reasoning(
        self,
        guild_id: str,
        user_id: str,
        daily_id: int,
        reasoning: str,
        confidence: str,
        now: datetime,
    ) -> AnswerReceipt:
        """Attach reasoning (≤ 1,000 characters) and confidence (1–5) to the member's pick."""
        text = reasoning.strip()
        problems: list[str] = []
        fields: list[str] = []  # which input each problem is about
        if not text:
            problems.append("Write a few words of reasoning (up to 1,000 characters).")
            fields.append("reasoning")
        elif len(text) > MAX_REASONING:
            fields.append("reasoning")
            problems.append(
                f"Your reasoning has {len(text):,} characters; the limit is {MAX_REASONING:,}. "
                "Shorten it and send it again (your text is below so nothing is lost)."
            )
        level: int | None = None
        if confidence.strip():
            try:
                level = int(confidence.strip())
            except ValueError:
                level = None
            if level is None or not 1 <= level <= 5:
                fields.append("confidence")
                problems.append(
                    f"Confidence “{confidence.strip()}” must be a whole number from 1 "
                    "(guessing) to 5 (certain)."
                )
        if problems:
            raise InvalidInput(problems, echo=text[:4000] or None, fields=fields)
        async with self._db.unit_of_work() as session:
            daily = await self._open_daily(session, guild_id, daily_id, now)
            member = await find_member(session, self._platform, user_id)
            answer = None
            if member is not None:
                answer = await session.scalar(
                    select(Answer).where(
                        Answer.daily_question_id == daily.id, Answer.member_id == member.id
                    )
                )
            if member is None or answer is None:
                raise InvalidInput(
                    ["Pick an answer first, then add your reasoning."], echo=text[:4000]
                )
            answer.reasoning = text
            answer.confidence = level
            count = await answer_count(session, daily.id)
            return AnswerReceipt(
                daily_id=daily.id,
                pick=answer.pick,
                changed=False,
                answer_count=count,
                reveal_at=daily.reveal_at,
                has_reasoning=True,
                quote_anonymously=member.quote_anonymously,
            )

    async def set_quote_anonymously(
        self, user_id: str, display_name: str, anonymous: bool, now: datetime
    ) -> bool:
        """Whether the member's reasoning is quoted without their name at reveals."""
        async with self._db.unit_of_work() as session:
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            member.quote_anonymously = anonymous
            return anonymous

    async def streak(self, guild_id: str, user_id: str) -> StreakView:
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            member = await find_member(session, self._platform, user_id)
            if group is None or member is None:
                return StreakView(0, 0, 0)
            row = await session.get(StreakRow, (group.id, member.id))
            total = await session.scalar(
                select(func.count(Answer.id))
                .join(DailyQuestion, DailyQuestion.id == Answer.daily_question_id)
                .where(DailyQuestion.group_id == group.id, Answer.member_id == member.id)
            )
            return StreakView(row.current if row else 0, row.best if row else 0, total or 0)

    async def _open_daily(
        self, session: AsyncSession, guild_id: str, daily_id: int, now: datetime
    ) -> DailyQuestion:
        daily = await session.get(DailyQuestion, daily_id, with_for_update=True)
        group = await session.get(Group, daily.group_id) if daily else None
        if daily is None or group is None or group.external_id != guild_id:
            raise NotFound("That question does not belong to this group.")
        if daily.state not in OPEN_STATES or now >= daily.reveal_at:
            raise _closed_error(daily)
        return daily
