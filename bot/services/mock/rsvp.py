"""Who is coming to a mock night, kept in our database for platforms without scheduled
events (Slack). Discord keeps using its scheduled event's "Interested" list.

Reminders by DM go to members who said they are going (and did not turn mock reminders
off); the last answer counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import AnsweringClosed, NotFound
from bot.core.states import UPCOMING_STATUSES, MockStatus
from bot.db.engine import Database
from bot.db.models import Member, MockNight, MockRsvp
from bot.services.members import ensure_membership, find_group, get_or_create_member


@dataclass(frozen=True)
class RsvpCount:
    """How a night's RSVPs stand, and the answer of the member who just gave theirs."""

    mock_id: int
    going: int
    not_going: int
    yours: bool | None = None


class MockRsvps:
    """RSVPs to mock nights (platform-neutral: members are ``(platform, external_id)``)."""

    def __init__(self, database: Database, platform: str) -> None:
        self._db = database
        self._platform = platform

    async def answer(
        self,
        guild_id: str,
        user_id: str,
        display_name: str,
        mock_id: int,
        going: bool,
        now: datetime,
    ) -> RsvpCount:
        """Record "going" or "not going" (changing an earlier answer); refused once the
        night is over or cancelled."""
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            mock = await session.get(MockNight, mock_id)
            if group is None or mock is None or mock.group_id != group.id:
                raise NotFound(f"There is no mock night #{mock_id} in this group.")
            if mock.status not in UPCOMING_STATUSES:
                raise AnsweringClosed(
                    "This mock night was cancelled."
                    if mock.status == MockStatus.CANCELLED
                    else "This mock night is over; watch for the next one."
                )
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            await ensure_membership(session, group, member, now)
            row = await session.get(MockRsvp, (mock.id, member.id), with_for_update=True)
            if row is None:
                row = MockRsvp(mock_id=mock.id, member_id=member.id, going=going, answered_at=now)
                session.add(row)
            row.going, row.answered_at = going, now
            await session.flush()
            return await self._count(session, mock.id, going)

    async def count(self, mock_id: int) -> RsvpCount:
        async with self._db.unit_of_work() as session:
            return await self._count(session, mock_id, None)

    async def going(self, mock_id: int) -> list[str]:
        """External ids of the members who said they are going, in the order they said so."""
        async with self._db.unit_of_work() as session:
            rows = await session.scalars(
                select(Member.external_id)
                .join(MockRsvp, MockRsvp.member_id == Member.id)
                .where(MockRsvp.mock_id == mock_id, MockRsvp.going.is_(True))
                .order_by(MockRsvp.answered_at, Member.id)
            )
            return list(rows.all())

    @staticmethod
    async def _count(session: AsyncSession, mock_id: int, yours: bool | None) -> RsvpCount:
        rows = (
            await session.execute(
                select(MockRsvp.going, func.count())
                .where(MockRsvp.mock_id == mock_id)
                .group_by(MockRsvp.going)
            )
        ).all()
        counts = {bool(going): int(n) for going, n in rows}
        return RsvpCount(mock_id, counts.get(True, 0), counts.get(False, 0), yours)
