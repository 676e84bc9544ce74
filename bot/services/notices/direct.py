"""Opt-in direct messages, each claimed before it is sent so it never goes out twice: "today's
question closes in 2 h and you have not answered", the weekly theme, the evening before the
member's exam and the day after it. Quiet hours postpone a DM while it is still useful."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.group_settings import parse_time
from bot.core.plan import current_week, in_quiet_hours
from bot.core.states import DailyState, NoticeKind
from bot.db.claims import claim
from bot.db.models import (
    Announcement,
    Answer,
    DailyQuestion,
    DirectMessage,
    Group,
    Member,
    Membership,
)
from bot.services.groups import settings_of
from bot.services.notices.channel import ChannelNotices
from bot.services.notices.views import DirectNotice
from bot.services.plan import week_themes
from bot.services.review import due_cards

CLOSING_REMINDER = timedelta(hours=2)


EXAM_EVE_AT = time(18, 0)


EXAM_AFTER_AT = time(10, 0)


async def claim_dm(
    session: AsyncSession, member_id: int, kind: NoticeKind, key: str, now: datetime
) -> DirectMessage | None:
    """Claim a DM: None when it was already claimed (sent, or tried, before)."""
    row, inserted = await claim(
        session,
        DirectMessage,
        {"member_id": member_id, "kind": kind, "key": key, "delivered": False, "sent_at": now},
        ["member_id", "kind", "key"],
    )
    return row if inserted else None


def _time(text: str | None) -> time | None:
    return parse_time(text) if text else None


class NoticeService(ChannelNotices):
    """Posts and DMs other than the daily question, each made once."""

    async def due_direct_messages(self, group_ids: set[int], now: datetime) -> list[DirectNotice]:
        """Claim every DM that is due now for opted-in members of these groups."""
        due: list[DirectNotice] = []
        async with self._db.unit_of_work() as session:
            members = (
                await session.execute(
                    select(Member, Group)
                    .join(Membership, Membership.member_id == Member.id)
                    .join(Group, Group.id == Membership.group_id)
                    .where(Member.reminders.is_(True), Group.id.in_(group_ids))
                    .order_by(Member.id, Group.id)
                )
            ).all()
            for member, group in members:
                zone = ZoneInfo(member.timezone or group.timezone)
                local = now.astimezone(zone)
                if in_quiet_hours(local.time(), _time(member.quiet_start), _time(member.quiet_end)):
                    continue
                due += await self._closing(session, member, group, now)
                due += await self._weekly(session, member, group, now)
                due += await self._exam(session, member, local, now)
                due += await self._review(session, member, group, local, now)
        return due

    async def _closing(
        self, session: AsyncSession, member: Member, group: Group, now: datetime
    ) -> list[DirectNotice]:
        open_daily = await session.scalar(
            select(DailyQuestion).where(
                DailyQuestion.group_id == group.id,
                DailyQuestion.state == DailyState.POSTED,
                DailyQuestion.reveal_at > now,
                DailyQuestion.reveal_at <= now + CLOSING_REMINDER,
            )
        )
        if open_daily is None:
            return []
        answered = await session.scalar(
            select(Answer.id).where(
                Answer.daily_question_id == open_daily.id, Answer.member_id == member.id
            )
        )
        if answered is not None:
            return []
        row = await claim_dm(session, member.id, NoticeKind.CLOSING, str(open_daily.id), now)
        if row is None:
            return []
        return [
            DirectNotice(
                row.id,
                NoticeKind.CLOSING,
                member.external_id,
                group.external_id,
                open_daily.channel_id,
                open_daily.message_id,
                open_daily.reveal_at,
                None,
                [],
            )
        ]

    async def _weekly(
        self, session: AsyncSession, member: Member, group: Group, now: datetime
    ) -> list[DirectNotice]:
        announced = await session.scalar(
            select(Announcement)
            .where(
                Announcement.group_id == group.id,
                Announcement.kind == NoticeKind.WEEK,
                Announcement.message_id.is_not(None),
            )
            .order_by(Announcement.id.desc())
        )
        if announced is None or announced.created_at < now - timedelta(days=1):
            return []
        row = await claim_dm(
            session, member.id, NoticeKind.WEEKLY, f"{group.id}:{announced.key}", now
        )
        if row is None:
            return []
        settings = settings_of(group)
        week = current_week(
            settings.plan_start, settings.exam_date, date.fromisoformat(announced.key)
        )
        return [
            DirectNotice(
                row.id,
                NoticeKind.WEEKLY,
                member.external_id,
                group.external_id,
                group.channel_id,
                announced.message_id,
                None,
                week,
                week_themes(self._bank, week),
            )
        ]

    async def _review(
        self, session: AsyncSession, member: Member, group: Group, local: datetime, now: datetime
    ) -> list[DirectNotice]:
        """Once a day, after the group's post time: how many review cards are due."""
        if local.time() < parse_time(group.post_time):
            return []
        count = len(await due_cards(session, member.id, now))
        if not count:
            return []
        row = await claim_dm(session, member.id, NoticeKind.REVIEW, local.date().isoformat(), now)
        if row is None:
            return []
        return [
            DirectNotice(
                row.id,
                NoticeKind.REVIEW,
                member.external_id,
                group.external_id,
                group.channel_id,
                None,
                None,
                None,
                [],
                int(count),
            )
        ]

    async def _exam(
        self, session: AsyncSession, member: Member, local: datetime, now: datetime
    ) -> list[DirectNotice]:
        if member.exam_date is None:
            return []
        today = local.date()
        kind = None
        if today == member.exam_date - timedelta(days=1) and local.time() >= EXAM_EVE_AT:
            kind = NoticeKind.EXAM_EVE
        elif today == member.exam_date + timedelta(days=1) and local.time() >= EXAM_AFTER_AT:
            kind = NoticeKind.EXAM_AFTER
        if kind is None:
            return []
        row = await claim_dm(
            session,
            member.id,
            kind,
            member.exam_date.isoformat(),
            local.astimezone(ZoneInfo("UTC")),
        )
        if row is None:
            return []
        return [DirectNotice(row.id, kind, member.external_id, None, None, None, None, None, [])]
