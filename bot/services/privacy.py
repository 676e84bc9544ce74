"""A member's data rights: export everything stored about them, or forget it all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from bot.core.text import plural
from bot.db.engine import Database
from bot.db.models import (
    Answer,
    Assessment,
    DailyQuestion,
    DirectMessage,
    Group,
    HandsOnReflection,
    HandsOnStep,
    Member,
    Membership,
    MissTag,
    MockAnswer,
    MockAttempt,
    MockQuestion,
    MockRsvp,
    PracticeAnswer,
    PracticeDrill,
    Report,
    ReviewCard,
    SectionScore,
    Streak,
)
from bot.db.secrecy import UNREVEALED_STATES, unrevealed_for_member
from bot.services.members import find_member

# Every table that holds a member's rows, by its member column. A test checks that this
# list covers every table with a reference to members.
MEMBER_TABLES: tuple[type[DeclarativeBase], ...] = (
    Answer,
    Assessment,
    DirectMessage,
    HandsOnReflection,
    HandsOnStep,
    Membership,
    MissTag,
    MockAttempt,
    MockRsvp,
    PracticeDrill,
    Report,
    ReviewCard,
    SectionScore,
    Streak,
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: DeclarativeBase) -> dict[str, Any]:
    return {c.key: _plain(getattr(obj, c.key)) for c in obj.__table__.columns}


@dataclass(frozen=True)
class Forgotten:
    """What ``/me forget`` deleted, and the posted reveals that showed the member (their
    name among the right answers, their quoted reasoning, their pick in the split): the
    adapter redraws those from what is left."""

    rows: int
    reveals: list[int] = field(default_factory=list)


def forget_warning(places: str) -> str:
    """The question asked before ``forget``; ``places`` is the platform's word for where the
    member studies ("server", "workspace")."""
    return (
        "This deletes your answers, reasoning, streaks, self-assessments, reports, review "
        f"cards, practice drills, hands-on progress, miss tags and settings in every "
        f"{places}, for good. Are you sure?"
    )


def forgotten_text(forgotten: Forgotten) -> str:
    """What the member is told once everything is deleted."""
    redrawn = (
        f" Your name, pick and reasoning are being removed from "
        f"{plural(len(forgotten.reveals), 'posted reveal')}."
        if forgotten.reveals
        else ""
    )
    return (
        f"Done: everything stored about you is deleted "
        f"({plural(forgotten.rows, 'record')}).{redrawn} If you answer again, you "
        "start afresh."
    )


class PrivacyService:
    def __init__(self, database: Database, platform: str) -> None:
        self._db = database
        self._platform = platform

    async def export(self, user_id: str) -> dict[str, Any]:
        """Everything stored about the member, as JSON-ready data."""
        async with self._db.unit_of_work() as session:
            member = await find_member(session, self._platform, user_id)
            if member is None:
                return {"member": None, "note": "Nothing is stored about you."}
            data: dict[str, Any] = {"member": _row(member)}
            for model in MEMBER_TABLES:
                rows = (
                    await session.scalars(
                        select(model).where(model.member_id == member.id)  # type: ignore[attr-defined]
                    )
                ).all()
                data[model.__tablename__] = [_row(r) for r in rows]
            # Name the questions and servers the answers belong to.
            daily_ids = [a["daily_question_id"] for a in data["answers"]]
            if daily_ids:
                dailies = (
                    await session.execute(
                        select(
                            DailyQuestion.id,
                            DailyQuestion.question_id,
                            DailyQuestion.study_date,
                            DailyQuestion.state,
                            Group.external_id,
                        )
                        .join(Group, Group.id == DailyQuestion.group_id)
                        .where(DailyQuestion.id.in_(daily_ids))
                    )
                ).all()
                about = {d.id: d for d in dailies}
                for answer in data["answers"]:
                    daily = about[answer["daily_question_id"]]
                    answer.update(
                        question_id=daily.question_id,
                        study_date=daily.study_date.isoformat(),
                        server_id=daily.external_id,
                    )
                    if daily.state in UNREVEALED_STATES:  # right or wrong is known at the reveal
                        answer["is_correct"] = None
            data["mock_answers"] = await self._mock_answers(session, member.id)
            data["practice_answers"] = await self._practice_answers(session, member.id)
            return data

    @staticmethod
    async def _mock_answers(session: AsyncSession, member_id: int) -> list[dict[str, Any]]:
        """Every answer and flag of the member's mock attempts, with the question it was on.
        Whether a pick is right shows only once the attempt is submitted."""
        rows = (
            await session.execute(
                select(MockAnswer, MockAttempt.submitted_at, MockQuestion.question_id)
                .join(MockAttempt, MockAttempt.id == MockAnswer.attempt_id)
                .join(
                    MockQuestion,
                    (MockQuestion.mock_id == MockAttempt.mock_id)
                    & (MockQuestion.position == MockAnswer.position),
                )
                .where(MockAttempt.member_id == member_id)
                .order_by(MockAnswer.attempt_id, MockAnswer.position)
            )
        ).all()
        exported = []
        for answer, submitted_at, question_id in rows:
            row = _row(answer) | {"question_id": question_id}
            if submitted_at is None:
                row["is_correct"] = None
            exported.append(row)
        return exported

    @staticmethod
    async def _practice_answers(session: AsyncSession, member_id: int) -> list[dict[str, Any]]:
        """Every question of the member's practice drills and their answers. Right or wrong
        is left out while the question is open as a daily question of one of their groups
        (it would tell whether that pick is right before the reveal)."""
        open_now = await unrevealed_for_member(session, member_id)
        rows = (
            await session.scalars(
                select(PracticeAnswer)
                .join(PracticeDrill, PracticeDrill.id == PracticeAnswer.drill_id)
                .where(PracticeDrill.member_id == member_id)
                .order_by(PracticeAnswer.drill_id, PracticeAnswer.position)
            )
        ).all()
        exported = []
        for answer in rows:
            row = _row(answer)
            if answer.question_id in open_now:
                row["is_correct"] = None
            exported.append(row)
        return exported

    async def forget(self, user_id: str) -> Forgotten:
        """Delete the member and every row about them."""
        async with self._db.unit_of_work() as session:
            # Locked before anything is deleted: an answer batch that already holds this
            # member commits first and its answer is deleted with the rest; a later one no
            # longer finds the member and starts afresh (see ``bot.services.answers``).
            member = await session.scalar(
                select(Member)
                .where(Member.platform == self._platform, Member.external_id == user_id)
                .with_for_update()
            )
            if member is None:
                return Forgotten(0)
            reveals = list(
                (
                    await session.scalars(
                        select(DailyQuestion.id)
                        .join(Answer, Answer.daily_question_id == DailyQuestion.id)
                        .where(
                            Answer.member_id == member.id,
                            DailyQuestion.reveal_message_id.is_not(None),
                        )
                        .order_by(DailyQuestion.id)
                    )
                ).all()
            )
            # Mock answers belong to attempts: deleted (and counted) before the attempts.
            result = await session.execute(
                delete(MockAnswer).where(
                    MockAnswer.attempt_id.in_(
                        select(MockAttempt.id).where(MockAttempt.member_id == member.id)
                    )
                )
            )
            deleted = int(getattr(result, "rowcount", 0) or 0)
            # So are practice answers, before their drills.
            result = await session.execute(
                delete(PracticeAnswer).where(
                    PracticeAnswer.drill_id.in_(
                        select(PracticeDrill.id).where(PracticeDrill.member_id == member.id)
                    )
                )
            )
            deleted += int(getattr(result, "rowcount", 0) or 0)
            for model in MEMBER_TABLES:
                result = await session.execute(
                    delete(model).where(model.member_id == member.id)  # type: ignore[attr-defined]
                )
                deleted += int(getattr(result, "rowcount", 0) or 0)
            await session.execute(delete(Member).where(Member.id == member.id))
            return Forgotten(deleted + 1, reveals)
