"""A member's data rights: export everything stored about them, or forget it all."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import DeclarativeBase

from bot.db.engine import Database
from bot.db.models import (
    Answer,
    Assessment,
    DailyQuestion,
    DirectMessage,
    Group,
    Member,
    Membership,
    MockAttempt,
    Report,
    ReviewCard,
    Streak,
)
from bot.services.members import find_member

# Every table that holds a member's rows, by its member column. A test checks that this
# list covers every table with a reference to members.
MEMBER_TABLES: tuple[type[DeclarativeBase], ...] = (
    Answer,
    Assessment,
    DirectMessage,
    Membership,
    MockAttempt,
    Report,
    ReviewCard,
    Streak,
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: DeclarativeBase) -> dict[str, Any]:
    return {c.key: _plain(getattr(obj, c.key)) for c in obj.__table__.columns}


class PrivacyService:
    def __init__(self, database: Database, platform: str = "discord") -> None:
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
                            Group.external_id,
                        )
                        .join(Group, Group.id == DailyQuestion.group_id)
                        .where(DailyQuestion.id.in_(daily_ids))
                    )
                ).all()
                about = {
                    d.id: (d.question_id, d.study_date.isoformat(), d.external_id) for d in dailies
                }
                for answer in data["answers"]:
                    question_id, day, server = about[answer["daily_question_id"]]
                    answer.update(question_id=question_id, study_date=day, server_id=server)
            return data

    async def forget(self, user_id: str) -> int:
        """Delete the member and every row about them; the number of rows deleted."""
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
                return 0
            deleted = 0
            for model in MEMBER_TABLES:
                result = await session.execute(
                    delete(model).where(model.member_id == member.id)  # type: ignore[attr-defined]
                )
                deleted += int(getattr(result, "rowcount", 0) or 0)
            await session.execute(delete(Member).where(Member.id == member.id))
            return deleted + 1
