"""After a mock night: the group debrief and each member's mock history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.pacing import group_pacing
from bot.db.models import (
    Group,
    Member,
    MockAnswer,
    MockAttempt,
    MockNight,
)
from bot.db.models import MockQuestion as PaperRow
from bot.db.secrecy import unrevealed_questions
from bot.services.mock.attempts import RIGHT, Attempts
from bot.services.mock.views import Debrief, mock_view


async def member_mock_results(session: AsyncSession, member: Member) -> list[tuple[date, int, int]]:
    """The member's submitted mock attempts: (date, right, questions), oldest first."""
    rows = (
        await session.execute(
            select(MockNight.starts_at, func.count(PaperRow.position), RIGHT)
            .join(MockAttempt, MockAttempt.mock_id == MockNight.id)
            .join(PaperRow, PaperRow.mock_id == MockNight.id)
            .outerjoin(
                MockAnswer,
                (MockAnswer.attempt_id == MockAttempt.id)
                & (MockAnswer.position == PaperRow.position),
            )
            .where(MockAttempt.member_id == member.id, MockAttempt.submitted_at.is_not(None))
            .group_by(MockNight.id, MockNight.starts_at)
            .order_by(MockNight.starts_at)
        )
    ).all()
    return [(starts.date(), int(right or 0), int(total)) for starts, total, right in rows]


class Debriefs(Attempts):
    """The debrief side of ``MockService``."""

    async def _debrief(self, session: AsyncSession, mock: MockNight, group: Group) -> Debrief:
        attempts = (
            await session.scalars(select(MockAttempt).where(MockAttempt.mock_id == mock.id))
        ).all()
        scores = []
        pacings = []
        for attempt in attempts:
            result = await self._result(session, attempt)
            scores.append(result.correct / result.total if result.total else 0.0)
            pacings.append((result.pacing, attempt.auto_submitted))
        per_question = (
            await session.execute(
                select(PaperRow.question_id, PaperRow.domain, RIGHT, func.count(MockAttempt.id))
                .select_from(PaperRow)
                .join(MockAttempt, MockAttempt.mock_id == PaperRow.mock_id)
                .outerjoin(
                    MockAnswer,
                    (MockAnswer.attempt_id == MockAttempt.id)
                    & (MockAnswer.position == PaperRow.position),
                )
                .where(PaperRow.mock_id == mock.id)
                .group_by(PaperRow.question_id, PaperRow.domain)
            )
        ).all()
        names = {d.slug: d.name for d in self._bank.exam.domains}
        open_now = await unrevealed_questions(session, [group.id])
        domains: dict[str, list[int]] = {}
        hardest = []
        for question_id, domain, right, asked in per_question:
            bucket = domains.setdefault(domain, [0, 0])
            bucket[0] += int(right or 0)
            bucket[1] += int(asked)
            question = self._bank.get(question_id)
            if question is not None and question_id not in open_now:  # its key waits
                hardest.append((question, int(right or 0), int(asked)))
        hardest.sort(key=lambda h: (h[1] / h[2] if h[2] else 1.0, h[0].id))
        return Debrief(
            mock=mock_view(mock, group),
            participants=len(attempts),
            scores=sorted(scores),
            per_domain=[(names.get(d, d), r, n) for d, (r, n) in sorted(domains.items())],
            hardest=hardest[:5] if attempts else [],
            pacing=group_pacing(pacings),
        )
