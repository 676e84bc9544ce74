"""``/plan`` and ``/assess``: the week's theme, the member's focus, self-assessment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import PlanTheme
from bot.core.errors import InvalidInput, NotFound
from bot.core.plan import PlanWeek, current_week, days_until, plan_week
from bot.core.readiness import DomainEvidence, focus_domains
from bot.db.engine import Database
from bot.db.models import Answer, Assessment, DailyQuestion, Member
from bot.db.secrecy import revealed
from bot.services.groups import settings_of
from bot.services.hands_on import HandsOnProgress, member_progress
from bot.services.members import ensure_membership, find_group, find_member, get_or_create_member


@dataclass(frozen=True)
class PlanDay:
    day: date
    study: bool


@dataclass(frozen=True)
class PlanView:
    week: PlanWeek
    current_week_number: int
    themes: list[PlanTheme]
    focus_domains: list[tuple[str, str]]  # (slug, name); empty = all domains by exam weight
    days: list[PlanDay]
    group_exam_date: date | None
    group_exam_in: int | None
    member_exam_date: date | None
    member_exam_in: int | None
    member_focus: list[tuple[str, DomainEvidence]]  # (domain name, evidence)
    final_stretch_note: str | None
    started: bool
    hands_on: list[HandsOnProgress] = field(default_factory=list)


@dataclass(frozen=True)
class AssessmentView:
    domain: str
    name: str
    level: int | None
    assessed_at: datetime | None


def week_themes(bank: Bank, week: PlanWeek) -> list[PlanTheme]:
    return [bank.plan.theme(number) for number in week.themes]


def week_focus(bank: Bank, week: PlanWeek) -> list[str]:
    """Focus domains of a week (several themes in a compressed week add up)."""
    found: list[str] = []
    for theme in week_themes(bank, week):
        found += [d for d in theme.focus_domains if d not in found]
    return found


async def member_results(session: AsyncSession, member_id: int) -> dict[str, tuple[int, int]]:
    """(correct, answered) per domain over the member's answers to revealed questions."""
    rows = await session.execute(
        select(
            DailyQuestion.domain,
            func.sum(func.cast(Answer.is_correct, Integer)),
            func.count(Answer.id),
        )
        .join(DailyQuestion, DailyQuestion.id == Answer.daily_question_id)
        .where(Answer.member_id == member_id, revealed())
        .group_by(DailyQuestion.domain)
    )
    return {domain: (int(correct or 0), int(total)) for domain, correct, total in rows}


async def latest_ratings(session: AsyncSession, member_id: int) -> dict[str, Assessment]:
    rows = (
        await session.scalars(
            select(Assessment)
            .where(Assessment.member_id == member_id)
            .order_by(Assessment.assessed_at, Assessment.id)
        )
    ).all()
    return {row.domain: row for row in rows}  # later rows win


class PlanService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    async def view(self, guild_id: str, user_id: str, week: int | None, now: datetime) -> PlanView:
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            if group is None:
                raise NotFound(
                    "This server has no study group yet: an organiser starts one "
                    "with `/setup configure`."
                )
            settings = settings_of(group)
            schedule = settings.schedule
            today = schedule.local_date(now)
            current = current_week(settings.plan_start, settings.exam_date, today)
            if week is not None and not 1 <= week <= max(current.total, 52):
                raise InvalidInput([f"Week must be between 1 and {max(current.total, 52)}."])
            shown = plan_week(settings.plan_start, settings.exam_date, week or current.number)
            member = await find_member(session, self._platform, user_id)
            member_exam = member.exam_date if member else None
            focus: list[tuple[str, DomainEvidence]] = []
            if member is not None:
                ratings = {
                    d: a.level for d, a in (await latest_ratings(session, member.id)).items()
                }
                results = await member_results(session, member.id)
                weights = self._bank.exam.weights
                focus = [
                    (self._bank.exam.domain(e.domain).name, e)
                    for e in focus_domains(list(weights), ratings, results, weights)
                ]
            member_today = today
            if member is not None and member.timezone:
                member_today = now.astimezone(ZoneInfo(member.timezone)).date()
            return PlanView(
                week=shown,
                current_week_number=current.number,
                themes=week_themes(self._bank, shown),
                focus_domains=[
                    (d, self._bank.exam.domain(d).name) for d in week_focus(self._bank, shown)
                ],
                days=[
                    PlanDay(
                        shown.start + timedelta(days=k),
                        schedule.is_study_day(shown.start + timedelta(days=k)),
                    )
                    for k in range(7)
                ],
                group_exam_date=settings.exam_date,
                group_exam_in=days_until(today, settings.exam_date),
                member_exam_date=member_exam,
                member_exam_in=days_until(member_today, member_exam),
                member_focus=focus,
                final_stretch_note=self._bank.plan.messages.final_stretch
                if shown.final_stretch
                else None,
                started=today >= settings.plan_start,
                hands_on=await member_progress(
                    session, self._bank, group, member.id if member else None, shown.themes, now
                ),
            )

    async def assess(
        self, guild_id: str, user_id: str, display_name: str, domain: str, level: int, now: datetime
    ) -> list[AssessmentView]:
        """Store one self-rating (kept with its date) and return the member's latest ones."""
        if domain not in self._bank.exam.weights:
            raise InvalidInput(
                [
                    f"“{domain}” is not an exam section; choose one of "
                    f"{', '.join(self._bank.exam.weights)}."
                ]
            )
        if not 1 <= level <= 5:
            raise InvalidInput(["Rate yourself from 1 (new to me) to 5 (could teach it)."])
        async with self._db.unit_of_work() as session:
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            group = await find_group(session, self._platform, guild_id)
            if group is not None:
                await ensure_membership(session, group, member, now)
            session.add(
                Assessment(member_id=member.id, domain=domain, level=level, assessed_at=now)
            )
            await session.flush()
            return await self._assessments(session, member)

    async def assessments(self, user_id: str) -> list[AssessmentView]:
        async with self._db.unit_of_work() as session:
            member = await find_member(session, self._platform, user_id)
            return await self._assessments(session, member)

    async def _assessments(
        self, session: AsyncSession, member: Member | None
    ) -> list[AssessmentView]:
        latest = await latest_ratings(session, member.id) if member else {}
        return [
            AssessmentView(
                d.slug,
                d.name,
                latest[d.slug].level if d.slug in latest else None,
                latest[d.slug].assessed_at if d.slug in latest else None,
            )
            for d in self._bank.exam.domains
        ]
