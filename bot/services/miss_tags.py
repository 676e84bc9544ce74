"""Why I missed it: a member tags the reason for a miss, privately, and sees their pattern.

A tag belongs to one member and one question. It can only be given for a *revealed* miss: a
question the member got wrong in a revealed daily question, a review or a submitted mock,
and which is not the open daily question of any of their groups. The refusal reads the same
whatever the member picked, so a tag button never tells anything about an open question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.errors import AnsweringClosed, InvalidInput, NotFound
from bot.core.miss_reasons import (
    TAG_PROMPT,
    MissPattern,
    MissReason,
    miss_pattern,
    parse_reason,
)
from bot.core.states import DailyState
from bot.db.claims import insert_ignoring_conflicts
from bot.db.engine import Database
from bot.db.models import (
    Answer,
    DailyQuestion,
    MissTag,
    MockAnswer,
    MockAttempt,
    MockQuestion,
    ReviewCard,
)
from bot.db.secrecy import revealed, unrevealed_for_member
from bot.services.members import find_group, find_member

NOT_A_MISS = (
    "You can tag a question once you have missed it and its answer is revealed (at the "
    "reveal, or when you submit a mock)."
)
NOT_REVEALED = "The answer to this question is not revealed yet: your result shows at the reveal."


@dataclass(frozen=True)
class DailyResult:
    """A member's own result on a revealed daily question (the reveal's private follow-up)."""

    daily_id: int
    question: Question
    pick: str | None  # None: the member did not answer
    correct: bool
    tag: MissReason | None

    @property
    def missed(self) -> bool:
        return self.pick is not None and not self.correct


def result_text(result: DailyResult) -> str:
    """The member's own result in words (no markup: each platform shows it as plain text)."""
    q = result.question
    right = " and ".join(q.answer)
    phrase = f"The deciding phrase: “{q.constraint}”."
    if result.pick is None:
        return f"You did not answer this one. Right: {right}. {phrase}"
    picked = result.pick.replace(",", " and ")
    if result.correct:
        return f"✅ You picked {picked}: right."
    return f"❌ You picked {picked}; right: {right}. {phrase}\n{TAG_PROMPT}"


async def tags_of(
    session: AsyncSession, member_id: int, question_ids: Iterable[str]
) -> dict[str, MissReason]:
    """The member's tags on these questions, by question id."""
    ids = sorted(set(question_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(MissTag.question_id, MissTag.reason).where(
            MissTag.member_id == member_id, MissTag.question_id.in_(ids)
        )
    )
    return {question_id: MissReason(reason) for question_id, reason in rows}


async def member_pattern(session: AsyncSession, member_id: int) -> MissPattern | None:
    """The member's own pattern over every tag they gave."""
    rows = await session.execute(
        select(MissTag.reason, func.count())
        .where(MissTag.member_id == member_id)
        .group_by(MissTag.reason)
    )
    return miss_pattern({MissReason(reason): int(n) for reason, n in rows})


async def group_pattern(
    session: AsyncSession, group_id: int, start: date, end: date
) -> MissPattern | None:
    """The group's pattern over the tagged misses of its daily questions from ``start`` to
    ``end`` (exclusive): counts only, never who gave them."""
    rows = await session.execute(
        select(MissTag.reason, func.count())
        .join(Answer, Answer.member_id == MissTag.member_id)
        .join(
            DailyQuestion,
            (DailyQuestion.id == Answer.daily_question_id)
            & (DailyQuestion.question_id == MissTag.question_id),
        )
        .where(
            DailyQuestion.group_id == group_id,
            DailyQuestion.study_date >= start,
            DailyQuestion.study_date < end,
            Answer.is_correct.is_(False),
            revealed(),
        )
        .group_by(MissTag.reason)
    )
    return miss_pattern({MissReason(reason): int(n) for reason, n in rows})


async def _missed_in_mock(session: AsyncSession, member_id: int, question_id: str) -> bool:
    """Whether the member got the question wrong (or left it) in a submitted mock."""
    found = await session.scalar(
        select(MockQuestion.question_id)
        .join(MockAttempt, MockAttempt.mock_id == MockQuestion.mock_id)
        .outerjoin(
            MockAnswer,
            (MockAnswer.attempt_id == MockAttempt.id)
            & (MockAnswer.position == MockQuestion.position),
        )
        .where(
            MockAttempt.member_id == member_id,
            MockAttempt.submitted_at.is_not(None),
            MockQuestion.question_id == question_id,
            or_(MockAnswer.pick.is_(None), MockAnswer.is_correct.is_(False)),
        )
        .limit(1)
    )
    return found is not None


async def _missed_revealed(session: AsyncSession, member_id: int, question_id: str) -> bool:
    """A miss the member has seen revealed: a review card counts every revealed daily miss,
    every review miss and every answered mock miss; a left mock question counts too."""
    misses = await session.scalar(
        select(ReviewCard.misses).where(
            ReviewCard.member_id == member_id, ReviewCard.question_id == question_id
        )
    )
    return bool(misses) or await _missed_in_mock(session, member_id, question_id)


class MissTagService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    async def my_result(self, guild_id: str, user_id: str, daily_id: int) -> DailyResult:
        """The member's own pick and verdict on a revealed daily question, with their tag."""
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            daily = await session.get(DailyQuestion, daily_id)
            if group is None or daily is None or daily.group_id != group.id:
                raise NotFound("That question is not one of this group's.")
            question = self._bank.get(daily.question_id)
            if question is None:
                raise NotFound("That question is no longer in the bank.")
            member = await find_member(session, self._platform, user_id)
            # Revealed, and not the open question again today (a revisit hides its key).
            hidden = await unrevealed_for_member(session, member.id) if member else set()
            if daily.state != DailyState.REVEALED or daily.question_id in hidden:
                raise AnsweringClosed(NOT_REVEALED)
            answer = (
                await session.scalar(
                    select(Answer).where(
                        Answer.daily_question_id == daily.id, Answer.member_id == member.id
                    )
                )
                if member
                else None
            )
            if answer is None or member is None:
                return DailyResult(daily.id, question, None, False, None)
            tag = None
            if not answer.is_correct:
                tag = (await tags_of(session, member.id, [daily.question_id])).get(
                    daily.question_id
                )
            return DailyResult(daily.id, question, answer.pick, answer.is_correct, tag)

    async def tag(
        self, user_id: str, question_id: str, code: str, now: datetime
    ) -> MissReason | None:
        """Tag (or, with the clear code, untag) why the member missed the question."""
        try:
            reason = parse_reason(code)
        except ValueError:
            raise InvalidInput(["That is not one of the reasons."]) from None
        async with self._db.unit_of_work() as session:
            member = await find_member(session, self._platform, user_id)
            if member is None:
                raise InvalidInput([NOT_A_MISS])
            if question_id in await unrevealed_for_member(session, member.id):
                raise InvalidInput([NOT_A_MISS])
            if reason is MissReason.TIME:
                allowed = await _missed_in_mock(session, member.id, question_id)
            else:
                allowed = await _missed_revealed(session, member.id, question_id)
            if not allowed:
                raise InvalidInput([NOT_A_MISS])
            await session.execute(
                delete(MissTag).where(
                    MissTag.member_id == member.id, MissTag.question_id == question_id
                )
            )
            if reason is not None:
                await insert_ignoring_conflicts(
                    session,
                    MissTag,
                    [
                        {
                            "member_id": member.id,
                            "question_id": question_id,
                            "reason": reason.value,
                            "tagged_at": now,
                        }
                    ],
                    ["member_id", "question_id"],
                )
            return reason
