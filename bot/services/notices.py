"""Posts and DMs other than the daily question, each made once.

- A week's theme is announced on its first study day, at the post time.
- A rest day gets a rest-day post (no question) with a light-review suggestion.
- Opt-in DMs: "today's question closes in 2 h and you have not answered", the weekly theme,
  the evening before the member's exam, and the day after it. Quiet hours postpone a DM
  while it is still useful; a DM is claimed before it is sent, so it never goes out twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import PlanTheme
from bot.core.group_settings import parse_time
from bot.core.plan import PlanWeek, current_week, first_study_day_of_week, in_quiet_hours
from bot.core.states import DailyState
from bot.db.claims import insert_if_absent
from bot.db.engine import Database
from bot.db.models import (
    Announcement,
    Answer,
    DailyQuestion,
    DirectMessage,
    Group,
    Member,
    Membership,
)
from bot.db.queries import ANSWER_IS_RIGHT
from bot.db.secrecy import revealed
from bot.services.groups import settings_of
from bot.services.plan import week_focus, week_themes
from bot.services.review import due_cards

CLOSING_REMINDER = timedelta(hours=2)
EXAM_EVE_AT = time(18, 0)
EXAM_AFTER_AT = time(10, 0)


@dataclass(frozen=True)
class HardQuestion:
    channel_id: str
    message_id: str
    accuracy: float


@dataclass(frozen=True)
class Recap:
    """Last week in numbers, for the weekly recap post (no individual picks are shown)."""

    week_number: int
    questions: int
    answers: int
    per_domain: list[tuple[str, int, int]]  # domain name, right, answered
    top_per_domain: list[tuple[str, str, int]]  # domain name, member external id, points
    hardest: HardQuestion | None
    most_missed: list[tuple[str, int, int]]  # question id, wrong, answered


@dataclass(frozen=True)
class Notice:
    """A post in the group's channel: ``kind`` is "week" (theme), "rest" (rest day) or
    "recap" (last week's recap)."""

    announcement_id: int
    kind: str
    group_id: int
    guild_id: str
    channel_id: str
    day: date
    week: PlanWeek
    themes: list[PlanTheme]
    focus: list[str]  # domain names
    hardest: HardQuestion | None
    message_id: str | None
    recap: Recap | None = None

    @property
    def marker(self) -> str:
        return f"Notice #{self.announcement_id}"


@dataclass(frozen=True)
class DirectNotice:
    """A DM to a member; ``kind`` is closing, weekly, exam-eve or exam-after."""

    dm_id: int
    kind: str
    member_external_id: str
    guild_id: str | None
    channel_id: str | None
    message_id: str | None
    closes_at: datetime | None
    week: PlanWeek | None
    themes: list[PlanTheme]
    review_due: int = 0


class NoticeService:
    def __init__(self, database: Database, bank: Bank) -> None:
        self._db = database
        self._bank = bank

    # ----- channel posts ---------------------------------------------------------------

    async def due_notices(self, group_id: int, now: datetime) -> list[Notice]:
        """Claim today's theme announcement or rest-day post when due; unfinished claims
        (a crash before the post) are returned again."""
        async with self._db.unit_of_work() as session:
            group = await session.get(Group, group_id)
            if group is None:
                return []
            settings = settings_of(group)
            schedule = settings.schedule
            today = schedule.local_date(now)
            if today < settings.plan_start or now < schedule.post_at(today):
                return []
            week = current_week(settings.plan_start, settings.exam_date, today)
            kinds = []
            previous = week.start - timedelta(days=7)
            recap = None
            if today == week.start and week.number >= 2:
                recap = await self._recap(session, group.id, week.number - 1, previous, week.start)
                if recap is not None:
                    kinds.append("recap")
            if first_study_day_of_week(schedule.is_study_day, week.start, today):
                kinds.append("week")
            if not schedule.is_study_day(today):
                kinds.append("rest")
            notices = []
            for kind in kinds:
                row = await self._claim(session, group.id, kind, today.isoformat(), now)
                if row is None or row.message_id is not None:
                    continue
                hardest = (
                    await _hardest(session, group.id, week.start, today + timedelta(days=1))
                    if kind == "rest"
                    else None
                )
                notices.append(
                    Notice(
                        announcement_id=row.id,
                        kind=kind,
                        group_id=group.id,
                        guild_id=group.external_id,
                        channel_id=group.channel_id,
                        day=today,
                        week=week,
                        themes=week_themes(self._bank, week),
                        focus=[
                            self._bank.exam.domain(d).name for d in week_focus(self._bank, week)
                        ],
                        hardest=hardest,
                        message_id=None,
                        recap=recap if kind == "recap" else None,
                    )
                )
            return notices

    async def mark_posted(self, announcement_id: int, message_id: str) -> None:
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(Announcement)
                .where(Announcement.id == announcement_id)
                .values(message_id=message_id)
            )

    @staticmethod
    async def _claim(
        session: AsyncSession, group_id: int, kind: str, key: str, now: datetime
    ) -> Announcement | None:
        """The claimed announcement row (new, or left unposted by a crash)."""
        await insert_if_absent(
            session,
            Announcement,
            {"group_id": group_id, "kind": kind, "key": key, "created_at": now},
            ["group_id", "kind", "key"],
        )
        return await session.scalar(
            select(Announcement).where(
                Announcement.group_id == group_id,
                Announcement.kind == kind,
                Announcement.key == key,
            )
        )

    async def _recap(
        self, session: AsyncSession, group_id: int, number: int, start: date, end: date
    ) -> Recap | None:
        """Last week's recap, or None when no question was revealed in it."""
        scope = _in_range(group_id, start, end)
        right = func.sum(ANSWER_IS_RIGHT)
        per_domain_rows = (
            await session.execute(
                select(DailyQuestion.domain, right, func.count(Answer.id))
                .join(Answer, Answer.daily_question_id == DailyQuestion.id)
                .where(*scope)
                .group_by(DailyQuestion.domain)
            )
        ).all()
        questions = await session.scalar(select(func.count(DailyQuestion.id)).where(*scope))
        if not questions:
            return None
        names = {d.slug: d.name for d in self._bank.exam.domains}
        leaders = (
            await session.execute(
                select(DailyQuestion.domain, Member.external_id, right)
                .join(Answer, Answer.daily_question_id == DailyQuestion.id)
                .join(Member, Member.id == Answer.member_id)
                .where(*scope)
                .group_by(DailyQuestion.domain, Member.external_id)
                .order_by(DailyQuestion.domain, right.desc(), Member.external_id)
            )
        ).all()
        top: dict[str, tuple[str, int]] = {}
        for domain, external_id, points in leaders:
            if domain not in top and (points or 0) > 0:
                top[domain] = (external_id, int(points))
        wrong = func.count(Answer.id) - right
        missed = (
            await session.execute(
                select(DailyQuestion.question_id, wrong, func.count(Answer.id))
                .join(Answer, Answer.daily_question_id == DailyQuestion.id)
                .where(*scope)
                .group_by(DailyQuestion.question_id)
                .having(wrong > 0)
                .order_by(wrong.desc(), DailyQuestion.question_id)
                .limit(3)
            )
        ).all()
        return Recap(
            week_number=number,
            questions=int(questions),
            answers=sum(int(n) for _d, _r, n in per_domain_rows),
            per_domain=[(names.get(d, d), int(r or 0), int(n)) for d, r, n in per_domain_rows],
            top_per_domain=[(names.get(d, d), e, p) for d, (e, p) in sorted(top.items())],
            hardest=await _hardest(session, group_id, start, end),
            most_missed=[(q, int(w), int(n)) for q, w, n in missed],
        )

    async def claim_report(self, group_id: int, key: str, now: datetime) -> bool:
        """True once per key: organisers hear of a problem once a day, not every minute."""
        async with self._db.unit_of_work() as session:
            return await insert_if_absent(
                session,
                Announcement,
                {"group_id": group_id, "kind": "problem", "key": key[:32], "created_at": now},
                ["group_id", "kind", "key"],
            )

    # ----- direct messages -------------------------------------------------------------

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

    async def mark_delivered(self, dm_id: int, delivered: bool) -> None:
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(DirectMessage).where(DirectMessage.id == dm_id).values(delivered=delivered)
            )

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
        row = await claim_dm(session, member.id, "closing", str(open_daily.id), now)
        if row is None:
            return []
        return [
            DirectNotice(
                row.id,
                "closing",
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
                Announcement.kind == "week",
                Announcement.message_id.is_not(None),
            )
            .order_by(Announcement.id.desc())
        )
        if announced is None or announced.created_at < now - timedelta(days=1):
            return []
        row = await claim_dm(session, member.id, "weekly", f"{group.id}:{announced.key}", now)
        if row is None:
            return []
        settings = settings_of(group)
        week = current_week(
            settings.plan_start, settings.exam_date, date.fromisoformat(announced.key)
        )
        return [
            DirectNotice(
                row.id,
                "weekly",
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
        row = await claim_dm(session, member.id, "review", local.date().isoformat(), now)
        if row is None:
            return []
        return [
            DirectNotice(
                row.id,
                "review",
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
            kind = "exam-eve"
        elif today == member.exam_date + timedelta(days=1) and local.time() >= EXAM_AFTER_AT:
            kind = "exam-after"
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


async def claim_dm(
    session: AsyncSession, member_id: int, kind: str, key: str, now: datetime
) -> DirectMessage | None:
    """Claim a DM: None when it was already claimed (sent, or tried, before)."""
    inserted = await insert_if_absent(
        session,
        DirectMessage,
        {"member_id": member_id, "kind": kind, "key": key, "delivered": False, "sent_at": now},
        ["member_id", "kind", "key"],
    )
    if not inserted:
        return None
    return await session.scalar(
        select(DirectMessage).where(
            DirectMessage.member_id == member_id,
            DirectMessage.kind == kind,
            DirectMessage.key == key,
        )
    )


def _in_range(group_id: int, start: date, end: date) -> list[Any]:
    return [
        DailyQuestion.group_id == group_id,
        revealed(),
        DailyQuestion.study_date >= start,
        DailyQuestion.study_date < end,
    ]


async def _hardest(
    session: AsyncSession, group_id: int, start: date, end: date
) -> HardQuestion | None:
    """The revealed question between ``start`` and ``end`` the group did worst on."""
    accuracy = func.avg(ANSWER_IS_RIGHT)
    # The reveal's channel: it differs from the question's when the group's channel changed.
    channel = func.coalesce(DailyQuestion.reveal_channel_id, DailyQuestion.channel_id)
    row = (
        await session.execute(
            select(channel, DailyQuestion.reveal_message_id, accuracy)
            .join(Answer, Answer.daily_question_id == DailyQuestion.id)
            .where(*_in_range(group_id, start, end), DailyQuestion.reveal_message_id.is_not(None))
            .group_by(
                DailyQuestion.id,
                DailyQuestion.channel_id,
                DailyQuestion.reveal_channel_id,
                DailyQuestion.reveal_message_id,
            )
            .order_by(accuracy, DailyQuestion.id)
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    return HardQuestion(row[0], row[1], float(row[2]))


def _time(text: str | None) -> time | None:
    return parse_time(text) if text else None
