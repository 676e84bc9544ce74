"""Mapping platform users and servers to internal rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.claims import insert_ignoring_conflicts
from bot.db.models import Group, Member, Membership


async def get_or_create_member(
    session: AsyncSession, platform: str, external_id: str, display_name: str, now: datetime
) -> Member:
    """The member row for a platform user, created on first contact; keeps the name fresh.

    Creation ignores a row another transaction created meanwhile (Slack stores a member's
    display name in the background while their first click is being saved)."""
    query = select(Member).where(Member.platform == platform, Member.external_id == external_id)
    member = await session.scalar(query)
    if member is None:
        await insert_ignoring_conflicts(
            session,
            Member,
            [
                {
                    "platform": platform,
                    "external_id": external_id,
                    "display_name": display_name[:100],
                    "quote_anonymously": False,
                    "created_at": now,
                }
            ],
            ["platform", "external_id"],
        )
        member = await session.scalar(query)
        assert member is not None
    if display_name and member.display_name != display_name[:100]:
        member.display_name = display_name[:100]
    return member


async def find_member(session: AsyncSession, platform: str, external_id: str) -> Member | None:
    return await session.scalar(
        select(Member).where(Member.platform == platform, Member.external_id == external_id)
    )


async def find_group(session: AsyncSession, platform: str, external_id: str) -> Group | None:
    return await session.scalar(
        select(Group).where(Group.platform == platform, Group.external_id == external_id)
    )


async def ensure_membership(
    session: AsyncSession, group: Group, member: Member, now: datetime
) -> None:
    """Remember that the member takes part in the group (reminders go to members)."""
    if await session.get(Membership, (group.id, member.id)) is None:
        session.add(Membership(group_id=group.id, member_id=member.id, joined_at=now))
        await session.flush()
