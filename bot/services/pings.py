"""Opt-in pings: members choose to be pinged on each daily post and mock-night announcement.

Nobody else is ever pinged. On Discord the ping is a role the bot manages (made on the first
opt-in); on Slack the members who opted in are mentioned by the post. The choice is kept per
group (``Membership.pings``), so ``/me export`` shows it and ``/me forget`` deletes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import Database
from bot.db.models import Group, Member, Membership
from bot.services.members import ensure_membership, find_group, get_or_create_member

#: Slack mentions every opted-in member by name in the post; past this many the post would
#: be a wall of names, so only the first are mentioned (the rest are told so when they opt in).
MAX_SLACK_PINGS = 50
ROLE_NAME = "Study pings"


@dataclass(frozen=True)
class PingGroup:
    """A group as far as pings go: its id and the role the bot manages (Discord)."""

    group_id: int
    role_id: str | None


def ping_reply(on: bool, changed: bool) -> str:
    """What a member hears after choosing (the same on both platforms)."""
    if on:
        return (
            "You will be pinged when the daily question is posted and when a mock night is "
            "announced."
            if changed
            else "You were already pinged on each daily question and mock night."
        )
    return (
        "No more pings from the study group."
        if changed
        else "You were not being pinged: nothing changed."
    )


class PingService:
    def __init__(self, database: Database, platform: str) -> None:
        self._db = database
        self._platform = platform

    async def group(self, external_id: str) -> PingGroup | None:
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, external_id)
            return PingGroup(group.id, group.ping_role_id) if group else None

    async def remember_role(self, group_id: int, role_id: str | None) -> None:
        """Keep the role the bot made (None: it is gone and is made again when needed)."""
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(Group).where(Group.id == group_id).values(ping_role_id=role_id)
            )

    async def choose(
        self, group_id: int, user_id: str, display_name: str, on: bool, now: datetime
    ) -> bool:
        """Opt the member in or out; whether anything changed."""
        async with self._db.unit_of_work() as session:
            group = await session.get(Group, group_id)
            assert group is not None
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            await ensure_membership(session, group, member, now)
            membership = await session.get(Membership, (group.id, member.id))
            assert membership is not None
            if membership.pings == on:
                return False
            membership.pings = on
            return True

    async def subscribers(self, group_id: int) -> list[str]:
        """The platform ids of the members who opted in, first joined first."""
        async with self._db.unit_of_work() as session:
            return await subscribers(session, group_id)


async def subscribers(session: AsyncSession, group_id: int) -> list[str]:
    """The platform ids of a group's members who opted in, first joined first."""
    return (await subscribers_of(session, [group_id])).get(group_id, [])


async def subscribers_of(session: AsyncSession, group_ids: list[int]) -> dict[int, list[str]]:
    """``subscribers`` of many groups in one query (at most ``MAX_SLACK_PINGS`` each, counted
    in the database so a large group sends no more rows than that)."""
    found: dict[int, list[str]] = {}
    if not group_ids:
        return found
    ordered = (
        select(
            Membership.group_id,
            Member.external_id,
            func.row_number()
            .over(
                partition_by=Membership.group_id,
                order_by=(Membership.joined_at, Member.external_id),
            )
            .label("place"),
        )
        .join(Member, Member.id == Membership.member_id)
        .where(Membership.group_id.in_(group_ids), Membership.pings.is_(True))
        .subquery()
    )
    rows = await session.execute(
        select(ordered.c.group_id, ordered.c.external_id)
        .where(ordered.c.place <= MAX_SLACK_PINGS)
        .order_by(ordered.c.group_id, ordered.c.place)
    )
    for row in rows:
        found.setdefault(row.group_id, []).append(row.external_id)
    return found
