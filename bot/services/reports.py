"""Members report problems with a question; organisers list and resolve them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import InvalidInput, NotFound
from bot.db.engine import Database
from bot.db.models import DailyQuestion, Group, Member, Report
from bot.services.members import find_group, get_or_create_member

REASONS = {
    "wrong-key": "Wrong answer key",
    "outdated": "Outdated",
    "unclear": "Unclear",
    "typo": "Typo",
}
MAX_DETAILS = 500


@dataclass(frozen=True)
class ReportView:
    id: int
    question_id: str
    reason: str
    details: str | None
    member_external_id: str
    created_at: datetime
    status: str
    resolution: str | None
    member_name: str = ""

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


class ReportService:
    def __init__(self, database: Database, platform: str) -> None:
        self._db = database
        self._platform = platform

    async def file(
        self,
        guild_id: str,
        user_id: str,
        display_name: str,
        daily_id: int,
        reason: str,
        details: str,
        now: datetime,
    ) -> ReportView:
        """Record a report; a member's second report on the same question updates the first."""
        problems: list[str] = []
        fields: list[str] = []  # the input each problem is about
        if reason not in REASONS:
            problems.append(f"Choose one of: {', '.join(REASONS.values())}.")
            fields.append("reason")
        text = details.strip()
        if len(text) > MAX_DETAILS:
            problems.append(
                f"Your details have {len(text):,} characters; the limit is {MAX_DETAILS}."
            )
            fields.append("details")
        if problems:
            raise InvalidInput(problems, fields=fields)
        async with self._db.unit_of_work() as session:
            daily = await session.get(DailyQuestion, daily_id)
            group = await session.get(Group, daily.group_id) if daily else None
            if daily is None or group is None or group.external_id != guild_id:
                raise NotFound("That question does not belong to this server.")
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            report = await session.scalar(
                select(Report).where(
                    Report.group_id == group.id,
                    Report.member_id == member.id,
                    Report.question_id == daily.question_id,
                    Report.status == "open",
                )
            )
            if report is None:
                report = Report(
                    group_id=group.id,
                    member_id=member.id,
                    question_id=daily.question_id,
                    status="open",
                    created_at=now,
                )
                session.add(report)
            report.reason = reason
            report.details = text or None
            await session.flush()
            return _view(report, member)

    async def daily_for_message(self, guild_id: str, message_id: str) -> int | None:
        """The daily question whose post or reveal is ``message_id`` in this group, if any
        (where a platform reports on a message rather than from a button)."""
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            if group is None:
                return None
            found = await session.scalar(
                select(DailyQuestion.id).where(
                    DailyQuestion.group_id == group.id,
                    (DailyQuestion.message_id == message_id)
                    | (DailyQuestion.reveal_message_id == message_id),
                )
            )
            return int(found) if found is not None else None

    async def open_reports(self, guild_id: str) -> list[ReportView]:
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            if group is None:
                return []
            rows = (
                await session.execute(
                    select(Report, Member)
                    .join(Member, Member.id == Report.member_id)
                    .where(Report.group_id == group.id, Report.status == "open")
                    .order_by(Report.question_id, Report.created_at)
                )
            ).all()
            return [_view(report, member) for report, member in rows]

    async def resolve(self, guild_id: str, report_id: int, note: str, now: datetime) -> ReportView:
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            report = await session.get(Report, report_id)
            if group is None or report is None or report.group_id != group.id:
                raise NotFound(f"There is no report #{report_id} in this server.")
            if report.status != "open":
                raise InvalidInput([f"Report #{report_id} is already resolved."])
            report.status = "resolved"
            report.resolved_at = now
            report.resolution = note.strip()[:MAX_DETAILS] or None
            member = await session.get(Member, report.member_id)
            assert member is not None
            return _view(report, member)


async def open_report_count(session: AsyncSession, group_id: int, question_id: str) -> int:
    """Open reports on a question in a group (shown as a warning at the reveal)."""
    count = await session.scalar(
        select(func.count(Report.id)).where(
            Report.group_id == group_id,
            Report.question_id == question_id,
            Report.status == "open",
        )
    )
    return count or 0


def _view(report: Report, member: Member) -> ReportView:
    return ReportView(
        id=report.id,
        question_id=report.question_id,
        reason=report.reason,
        details=report.details,
        member_external_id=member.external_id,
        created_at=report.created_at,
        status=report.status,
        resolution=report.resolution,
        member_name=member.display_name,
    )
