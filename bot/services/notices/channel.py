"""Channel posts other than the daily question, each made once: a week's theme on its first
study day, a rest-day post with a light-review suggestion, and the weekly recap."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.core.plan import current_week, first_study_day_of_week, plan_week
from bot.core.states import NoticeKind
from bot.db.claims import claim, insert_if_absent
from bot.db.engine import Database
from bot.db.models import (
    Announcement,
    Answer,
    DailyQuestion,
    Member,
)
from bot.db.queries import ANSWER_IS_RIGHT
from bot.db.secrecy import revealed
from bot.services.groups import GroupView
from bot.services.hands_on import group_tallies
from bot.services.miss_tags import group_pattern
from bot.services.notices.views import HardQuestion, Notice, Recap
from bot.services.plan import week_focus, week_themes
from bot.services.transitions import Transitions


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


class ChannelNotices(Transitions):
    """The channel side of ``NoticeService``."""

    def __init__(self, database: Database, bank: Bank) -> None:
        self._db = database
        self._bank = bank

    async def due_notices(self, group: GroupView, now: datetime) -> list[Notice]:
        """Claim today's theme announcement or rest-day post when due (``group`` as read
        by the caller's pass); unfinished claims (a crash before the post) are returned
        again."""
        settings = group.settings
        schedule = settings.schedule
        today = schedule.local_date(now)
        if today < settings.plan_start or now < schedule.post_at(today):
            return []  # nothing can be due: no transaction at all
        week = current_week(settings.plan_start, settings.exam_date, today)
        kinds: list[NoticeKind] = []
        if first_study_day_of_week(schedule.is_study_day, week.start, today):
            kinds.append(NoticeKind.WEEK)
        if schedule.is_rest_day(today) and not schedule.is_day_off(today):
            kinds.append(NoticeKind.REST)  # a day off was announced when it was taken
        recap_day = today == week.start and week.number >= 2
        if not kinds and not recap_day:
            return []
        async with self._db.unit_of_work() as session:
            recap = None
            if recap_day:
                recap = await self._recap(
                    session,
                    group.id,
                    week.number - 1,
                    week.start - timedelta(days=7),
                    week.start,
                    plan_week(settings.plan_start, settings.exam_date, week.number - 1).themes,
                )
                if recap is not None:
                    kinds.insert(0, NoticeKind.RECAP)
            notices = []
            for kind in kinds:
                row = await self._claim(session, group.id, kind, today.isoformat(), now)
                if row.message_id is not None:
                    continue
                hardest = (
                    await _hardest(session, group.id, week.start, today + timedelta(days=1))
                    if kind == NoticeKind.REST
                    else None
                )
                notices.append(
                    Notice(
                        announcement_id=row.id,
                        kind=kind,
                        group_id=group.id,
                        guild_id=group.external_id,
                        channel_id=settings.channel_id,
                        day=today,
                        week=week,
                        themes=week_themes(self._bank, week),
                        focus=[
                            self._bank.exam.domain(d).name for d in week_focus(self._bank, week)
                        ],
                        hardest=hardest,
                        message_id=None,
                        recap=recap if kind == NoticeKind.RECAP else None,
                        fresh=row.created_at == now,
                    )
                )
            return notices

    @staticmethod
    async def _claim(
        session: AsyncSession, group_id: int, kind: NoticeKind, key: str, now: datetime
    ) -> Announcement:
        """The claimed announcement row (new, or left unposted by a crash)."""
        row, _inserted = await claim(
            session,
            Announcement,
            {"group_id": group_id, "kind": kind, "key": key, "created_at": now},
            ["group_id", "kind", "key"],
        )
        return row

    async def _recap(
        self,
        session: AsyncSession,
        group_id: int,
        number: int,
        start: date,
        end: date,
        themes: tuple[int, ...] = (),
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
            hands_on=await group_tallies(session, self._bank, group_id, themes),
            miss_pattern=await group_pattern(session, group_id, start, end),
        )

    async def claim_report(self, group_id: int, key: str, now: datetime) -> bool:
        """True once per key: organisers hear of a problem once a day, not every minute."""
        async with self._db.unit_of_work() as session:
            return await insert_if_absent(
                session,
                Announcement,
                {
                    "group_id": group_id,
                    "kind": NoticeKind.PROBLEM,
                    "key": key[:32],
                    "created_at": now,
                },
                ["group_id", "kind", "key"],
            )
