"""``/stats`` and ``/leaderboard``: read from the section scores (``bot.db.scores``), which
only revealed answers reach; never by scanning a group's answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.core.errors import InvalidInput, NotAllowed, NotFound
from bot.core.miss_reasons import MissPattern
from bot.core.plan import current_week
from bot.core.stats import (
    CalibrationRow,
    Trend,
    calibration,
    competition_ranks,
    readiness,
    strength,
)
from bot.core.text import plural
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, Group, Member, SectionScore
from bot.db.models import Streak as StreakRow
from bot.db.scores import ALL_TIME, Span
from bot.db.secrecy import revealed
from bot.services.groups import settings_of
from bot.services.hands_on import HandsOnProgress, member_finished
from bot.services.members import find_group, find_member
from bot.services.miss_tags import member_pattern
from bot.services.mock import member_mock_results
from bot.services.plan import latest_ratings
from bot.services.practice import PracticeTotals, practice_totals

TREND_DAYS = 14
TOP = 10
MIN_FOR_ACCURACY = 5
PERIODS = ("week", "month", "all")


@dataclass(frozen=True)
class DomainStats:
    slug: str
    name: str
    weight: float
    answered: int
    correct: int
    trend: Trend
    strength: str
    self_rating: int | None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class MemberStats:
    member_external_id: str
    domains: list[DomainStats]
    readiness: float | None
    readiness_cover: float
    calibration: list[CalibrationRow]
    calibration_gap: float | None
    streak_current: int
    streak_best: int
    weekly: list[tuple[date, int, int]]  # week start, answered, correct
    mocks: list[tuple[date, int, int]] = field(default_factory=list)  # date, right, asked
    practice: PracticeTotals = field(default_factory=lambda: PracticeTotals(0, 0))
    hands_on: list[HandsOnProgress] = field(default_factory=list)  # tasks worked on
    hands_on_themes: int = 0  # tasks in the plan
    miss_pattern: MissPattern | None = None  # why I missed it: shown to the member alone

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.domains)

    @property
    def weak(self) -> list[DomainStats]:
        return [d for d in self.domains if d.strength == "weak"]


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    member_external_id: str
    points: int
    answered: int
    display_name: str = ""  # as last seen (Slack shows names: a mention always notifies)

    @property
    def accuracy(self) -> float | None:
        return self.points / self.answered if self.answered >= MIN_FOR_ACCURACY else None


def leaderboard_note(participants: int) -> str:
    """How the leaderboard counts, under it."""
    return (
        f"{plural(participants, 'member')} · a point per right answer · accuracy shown from "
        f"{MIN_FOR_ACCURACY} answers"
    )


@dataclass(frozen=True)
class Leaderboard:
    period: str
    domain: str | None
    since: date | None
    top: list[LeaderRow]
    me: LeaderRow | None
    participants: int


class StatsService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    async def member_stats(
        self, guild_id: str, viewer_id: str, subject_id: str, now: datetime
    ) -> MemberStats:
        """A member's statistics in this server; others' only when they made them public."""
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            if group is None:
                raise NotFound("This server has no study group yet.")
            member = await find_member(session, self._platform, subject_id)
            if subject_id != viewer_id and (member is None or not member.stats_public):
                raise NotAllowed(
                    "Their statistics are private. Members can make theirs "
                    "public with `/me set stats_public:True`."
                )
            if member is None:
                return self._empty(subject_id)
            return await self._stats(session, group, member, now, subject_id == viewer_id)

    async def _stats(
        self, session: AsyncSession, group: Group, member: Member, now: datetime, mine: bool
    ) -> MemberStats:
        recent_since = now - timedelta(days=TREND_DAYS)
        scores = (
            await session.execute(
                select(
                    SectionScore.span,
                    SectionScore.start,
                    SectionScore.domain,
                    SectionScore.answered,
                    SectionScore.correct,
                ).where(
                    SectionScore.member_id == member.id,
                    SectionScore.group_id == group.id,
                    SectionScore.span.in_([Span.ALL, Span.DAY]),
                )
            )
        ).all()
        totals = {row.domain: (row.answered, row.correct) for row in scores if row.span == Span.ALL}
        # The trend (by answer time) and calibration (by confidence) are not in the section
        # scores: one grouped read of the member's own answers, revealed questions only.
        recent = case((Answer.answered_at >= recent_since, 1), else_=0)
        answer_rows = await session.execute(
            select(
                DailyQuestion.domain,
                Answer.confidence,
                Answer.is_correct,
                recent.label("recent"),
                func.count(Answer.id).label("n"),
            )
            .select_from(Answer)
            .join(DailyQuestion, DailyQuestion.id == Answer.daily_question_id)
            .where(DailyQuestion.group_id == group.id, Answer.member_id == member.id, revealed())
            .group_by(DailyQuestion.domain, Answer.confidence, Answer.is_correct, recent)
        )
        recent_counts: dict[str, list[int]] = {}
        pairs: list[tuple[int, bool]] = []
        for row in answer_rows:
            if row.recent:
                counts = recent_counts.setdefault(row.domain, [0, 0])
                counts[0] += int(row.n)
                counts[1] += int(row.n) if row.is_correct else 0
            if row.confidence is not None:
                pairs += [(int(row.confidence), bool(row.is_correct))] * int(row.n)
        ratings = {d: a.level for d, a in (await latest_ratings(session, member.id)).items()}
        domains = []
        for domain in self._bank.exam.domains:
            answered, right = totals.get(domain.slug, (0, 0))
            recent_n, recent_c = recent_counts.get(domain.slug, (0, 0))
            domains.append(
                DomainStats(
                    slug=domain.slug,
                    name=domain.name,
                    weight=domain.weight,
                    answered=answered,
                    correct=right,
                    trend=Trend(recent_c, recent_n, right - recent_c, answered - recent_n),
                    strength=strength(right, answered),
                    self_rating=ratings.get(domain.slug),
                )
            )
        figure, cover = readiness(
            self._bank.exam.weights, {d.slug: (d.correct, d.answered) for d in domains}
        )
        rows, gap = calibration(sorted(pairs))
        streak = await session.get(StreakRow, (group.id, member.id))
        weekly: dict[date, list[int]] = {}
        for row in scores:
            if row.span == Span.DAY:
                bucket = weekly.setdefault(row.start - timedelta(days=row.start.weekday()), [0, 0])
                bucket[0] += row.answered
                bucket[1] += row.correct
        return MemberStats(
            member_external_id=member.external_id,
            domains=domains,
            readiness=figure,
            readiness_cover=cover,
            calibration=rows,
            calibration_gap=gap,
            streak_current=streak.current if streak else 0,
            streak_best=streak.best if streak else 0,
            weekly=[(start, n, c) for start, (n, c) in sorted(weekly.items())],
            mocks=await member_mock_results(session, member),
            practice=await practice_totals(session, member.id, group.id),
            hands_on=await member_finished(session, self._bank, group.id, member.id),
            hands_on_themes=len(self._bank.plan.weeks),
            miss_pattern=await member_pattern(session, member.id) if mine else None,
        )

    def _empty(self, external_id: str) -> MemberStats:
        rows, _gap = calibration([])
        return MemberStats(
            external_id,
            [
                DomainStats(d.slug, d.name, d.weight, 0, 0, Trend(0, 0, 0, 0), strength(0, 0), None)
                for d in self._bank.exam.domains
            ],
            None,
            0.0,
            rows,
            None,
            0,
            0,
            [],
        )

    async def leaderboard(
        self, guild_id: str, viewer_id: str, domain: str | None, period: str, now: datetime
    ) -> Leaderboard:
        if period not in PERIODS:
            raise InvalidInput([f"Period must be one of {', '.join(PERIODS)}."])
        if domain is not None and domain not in self._bank.exam.weights:
            raise InvalidInput([f"“{domain}” is not an exam section."])
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            if group is None:
                raise NotFound("This server has no study group yet.")
            settings = settings_of(group)
            today = settings.schedule.local_date(now)
            since = None
            if period == "week":
                since = current_week(settings.plan_start, settings.exam_date, today).start
            elif period == "month":
                since = today.replace(day=1)
            span, start = Span.ALL, ALL_TIME
            if since is not None:
                span, start = (Span.MONTH if period == "month" else Span.DAY), since
            conditions = [
                SectionScore.group_id == group.id,
                SectionScore.span == span,
                SectionScore.start >= start,
            ]
            if domain is not None:
                conditions.append(SectionScore.domain == domain)
            points = func.sum(SectionScore.correct)
            count = func.sum(SectionScore.answered)
            rows = (
                await session.execute(
                    select(Member.external_id, Member.display_name, points, count)
                    .select_from(SectionScore)
                    .join(Member, Member.id == SectionScore.member_id)
                    .where(*conditions)
                    .group_by(Member.external_id, Member.display_name)
                    .order_by(points.desc(), count, Member.external_id)
                )
            ).all()
            answered = {external: int(n) for external, _name, _p, n in rows}
            names = {external: name for external, name, _p, _n in rows}
            ranked = competition_ranks([(external, int(p or 0)) for external, _, p, _n in rows])
            table = [
                LeaderRow(rank, external, int(score), answered[external], names[external])
                for rank, external, score in ranked
            ]
            me = next((r for r in table if r.member_external_id == viewer_id), None)
            return Leaderboard(period, domain, since, table[:TOP], me, len(table))
