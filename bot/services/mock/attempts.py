"""Taking a mock exam: a timed private attempt per member, its answers, flags and result.

The server enforces the time: an answer after the deadline is refused, and an attempt still
open at its deadline is submitted by the clock even if the member left. Every attempt action
checks that the attempt belongs to the member who acts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.attempt import AttemptAction, review_position
from bot.core.errors import AnsweringClosed, InvalidInput, NotAllowed, NotFound
from bot.core.mock import (
    draw_paper,
    verdict,
)
from bot.core.pacing import flag_return, pacing, seconds_between
from bot.core.scoring import is_correct, validate_pick
from bot.core.selection import Candidate
from bot.core.states import MockStatus
from bot.db.engine import Database
from bot.db.models import (
    DailyQuestion,
    Group,
    MockAnswer,
    MockAttempt,
    MockNight,
)
from bot.db.models import MockQuestion as PaperRow
from bot.db.secrecy import unrevealed_questions
from bot.services.members import ensure_membership, find_group, find_member, get_or_create_member
from bot.services.miss_tags import tags_of
from bot.services.mock.views import AttemptView, ResultView, ReviewStep
from bot.services.review import grade_or_create
from bot.services.transitions import Transitions

RECENT_DAYS = 30


RIGHT = func.sum(case((MockAnswer.is_correct.is_(True), 1), else_=0))


class Attempts(Transitions):
    """The attempt side of ``MockService``."""

    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    async def _group(self, session: AsyncSession, guild_id: str) -> Group:
        group = await find_group(session, self._platform, guild_id)
        if group is None:
            raise NotFound(
                "This server has no study group yet: an organiser starts one with "
                "`/setup configure`."
            )
        return group

    @staticmethod
    async def _own_mock(session: AsyncSession, group: Group, mock_id: int) -> MockNight:
        mock = await session.get(MockNight, mock_id)
        if mock is None or mock.group_id != group.id:
            raise NotFound(f"There is no mock night #{mock_id} in this server.")
        return mock

    async def _own_attempt(
        self, session: AsyncSession, user_id: str, attempt_id: int
    ) -> MockAttempt:
        member = await find_member(session, self._platform, user_id)
        attempt = await session.get(MockAttempt, attempt_id, with_for_update=True)
        if member is None or attempt is None or attempt.member_id != member.id:
            raise NotAllowed(
                "That exam is not yours: press Start/Resume on the mock-night "
                "post to open your own."
            )
        return attempt

    async def start(
        self, guild_id: str, user_id: str, display_name: str, mock_id: int, now: datetime
    ) -> AttemptView | ResultView:
        """Start, or resume exactly where the member was; a submitted attempt shows results."""
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            mock = await self._own_mock(session, group, mock_id)
            ends_at = mock.starts_at + timedelta(minutes=mock.duration_minutes)
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            attempt = await session.scalar(
                select(MockAttempt).where(
                    MockAttempt.mock_id == mock.id, MockAttempt.member_id == member.id
                )
            )
            if attempt is None:
                if mock.status != MockStatus.OPEN or now >= ends_at:
                    raise AnsweringClosed(
                        "This mock night is not open."
                        if mock.status != MockStatus.CLOSED
                        else "This mock night is over; watch for the next one."
                    )
                await ensure_membership(session, group, member, now)
                attempt = MockAttempt(
                    mock_id=mock.id,
                    member_id=member.id,
                    started_at=now,
                    deadline=ends_at,
                    current=1,
                    auto_submitted=False,
                    viewing_since=now,
                )
                session.add(attempt)
                await session.flush()
            if attempt.submitted_at is not None or now >= attempt.deadline:
                if attempt.submitted_at is None:
                    await self._submit(session, attempt, attempt.deadline, auto=True)
                return await self._result(session, attempt)
            # Back after leaving: the exam clock ran on the question left on screen.
            await self._move(session, attempt, attempt.current, now)
            return await self._attempt_view(session, attempt, attempt.current)

    async def act(
        self,
        user_id: str,
        attempt_id: int,
        action: AttemptAction,
        position: int,
        letters: list[str],
        now: datetime,
    ) -> AttemptView | ResultView:
        """answer / flag / go to a question / submit, on the member's own open attempt."""
        async with self._db.unit_of_work() as session:
            attempt = await self._own_attempt(session, user_id, attempt_id)
            if attempt.submitted_at is not None:
                raise AnsweringClosed(
                    "This exam is already submitted: see your results with the Start/Resume button."
                )
            if now >= attempt.deadline:
                await self._submit(session, attempt, attempt.deadline, auto=True)
                raise AnsweringClosed(
                    "Time is up: your exam was submitted automatically with "
                    "the answers you gave. Press Resume to see your results."
                )
            total = await self._total(session, attempt.mock_id)
            if not 1 <= position <= total:
                raise InvalidInput([f"Question numbers go from 1 to {total}."])
            if action != AttemptAction.SUBMIT:
                await self._move(session, attempt, position, now)
            if action == AttemptAction.ANSWER:
                await self._answer(session, attempt, position, letters, now)
            elif action == AttemptAction.FLAG:
                row = await self._answer_row(session, attempt.id, position, now)
                row.flagged = not row.flagged
            elif action == AttemptAction.SUBMIT:
                await self._submit(session, attempt, now, auto=False)
                return await self._result(session, attempt)
            return await self._attempt_view(session, attempt, position)

    async def results(self, user_id: str, attempt_id: int) -> ResultView:
        async with self._db.unit_of_work() as session:
            attempt = await self._own_attempt(session, user_id, attempt_id)
            if attempt.submitted_at is None:
                raise InvalidInput(["Submit the exam first to see your results."])
            return await self._result(session, attempt)

    async def review(self, user_id: str, attempt_id: int, position: int) -> ReviewStep:
        """Step through every question of a submitted attempt with its explanation."""
        async with self._db.unit_of_work() as session:
            attempt = await self._own_attempt(session, user_id, attempt_id)
            if attempt.submitted_at is None:
                raise InvalidInput(["Submit the exam first; then you can review it."])
            total = await self._total(session, attempt.mock_id)
            position = review_position(position, total)
            question = await self._question_at(session, attempt.mock_id, position)
            row = await session.get(MockAnswer, (attempt.id, position))
            mock = await session.get(MockNight, attempt.mock_id)
            assert mock is not None
            hidden = question.id in await unrevealed_questions(session, [mock.group_id])
            correct = bool(row and row.is_correct) and not hidden
            tags = (
                {}
                if correct or hidden
                else await tags_of(session, attempt.member_id, [question.id])
            )
            return ReviewStep(
                attempt.id,
                position,
                total,
                question,
                row.pick if row else None,
                correct,
                key_hidden=hidden,
                seconds=row.seconds_spent if row else 0,
                limit_minutes=mock.pace_minutes,
                tag=tags.get(question.id),
            )

    async def submit_overdue(self, group_ids: set[int], now: datetime) -> int:
        """Submit every attempt in these groups whose deadline has passed (the member may
        have left). Each process passes the groups of its own shards."""
        async with self._db.unit_of_work() as session:
            attempts = (
                await session.scalars(
                    select(MockAttempt)
                    .join(MockNight, MockNight.id == MockAttempt.mock_id)
                    .where(
                        MockNight.group_id.in_(group_ids),
                        MockAttempt.submitted_at.is_(None),
                        MockAttempt.deadline <= now,
                    )
                )
            ).all()
            for attempt in attempts:
                await self._submit(session, attempt, attempt.deadline, auto=True)
            return len(attempts)

    async def _draw(self, session: AsyncSession, mock: MockNight) -> None:
        if await session.scalar(select(func.count()).where(PaperRow.mock_id == mock.id)):
            return
        since = mock.starts_at.date() - timedelta(days=RECENT_DAYS)
        # The group's open daily question never goes on a paper: the mock review shows keys.
        open_now = await unrevealed_questions(session, [mock.group_id])
        recent = set(
            (
                await session.scalars(
                    select(DailyQuestion.question_id).where(
                        DailyQuestion.group_id == mock.group_id, DailyQuestion.study_date >= since
                    )
                )
            ).all()
        )
        paper = draw_paper(
            [Candidate(q.id, q.domain) for q in self._bank.active if q.id not in open_now],
            self._bank.exam.weights,
            recent,
            mock.question_count,
            random.Random(f"mock:{mock.id}"),
            mock.focus_domain,
        )
        for position, candidate in enumerate(paper, start=1):
            session.add(
                PaperRow(
                    mock_id=mock.id,
                    position=position,
                    question_id=candidate.question_id,
                    domain=candidate.domain,
                )
            )
        mock.question_count = len(paper)
        await session.flush()

    async def _total(self, session: AsyncSession, mock_id: int) -> int:
        return int(
            await session.scalar(select(func.count()).where(PaperRow.mock_id == mock_id)) or 0
        )

    async def _question_at(self, session: AsyncSession, mock_id: int, position: int) -> Question:
        row = await session.get(PaperRow, (mock_id, position))
        question = self._bank.get(row.question_id) if row else None
        if question is None:
            raise NotFound("That question is no longer in the bank.")
        return question

    @staticmethod
    async def _answer_row(
        session: AsyncSession, attempt_id: int, position: int, now: datetime
    ) -> MockAnswer:
        row = await session.get(MockAnswer, (attempt_id, position))
        if row is None:
            row = MockAnswer(
                attempt_id=attempt_id,
                position=position,
                pick=None,
                is_correct=False,
                flagged=False,
                answered_at=now,
                seconds_spent=0,
                returned=False,
            )
            session.add(row)
        return row

    async def _move(
        self, session: AsyncSession, attempt: MockAttempt, position: int, now: datetime
    ) -> None:
        """Book the time since the member arrived at their current question on it, then
        arrive at ``position`` (which may be the same question)."""
        spent = seconds_between(attempt.viewing_since, now, attempt.deadline)
        if spent:
            row = await self._answer_row(session, attempt.id, attempt.current, now)
            row.seconds_spent += spent
        if position != attempt.current:
            target = await session.get(MockAnswer, (attempt.id, position))
            if target is not None and target.flagged:
                target.returned = True
        attempt.current = position
        attempt.viewing_since = min(now, attempt.deadline)

    async def _answer(
        self,
        session: AsyncSession,
        attempt: MockAttempt,
        position: int,
        letters: list[str],
        now: datetime,
    ) -> None:
        question = await self._question_at(session, attempt.mock_id, position)
        pick = validate_pick(letters, question.choose, question.letters)
        row = await self._answer_row(session, attempt.id, position, now)
        row.pick = pick
        row.first_pick = row.first_pick or pick
        row.is_correct = is_correct(pick, question.answer)
        row.answered_at = now

    async def _attempt_view(
        self, session: AsyncSession, attempt: MockAttempt, position: int
    ) -> AttemptView:
        total = await self._total(session, attempt.mock_id)
        rows = {
            r.position: r
            for r in (
                await session.scalars(select(MockAnswer).where(MockAnswer.attempt_id == attempt.id))
            ).all()
        }
        current = rows.get(position)
        return AttemptView(
            attempt_id=attempt.id,
            mock_id=attempt.mock_id,
            position=position,
            total=total,
            question=await self._question_at(session, attempt.mock_id, position),
            pick=current.pick if current else None,
            flagged=bool(current and current.flagged),
            deadline=attempt.deadline,
            answered=sum(1 for r in rows.values() if r.pick),
            flagged_positions=sorted(p for p, r in rows.items() if r.flagged),
            unanswered_positions=[
                p for p in range(1, total + 1) if not (rows.get(p) and rows[p].pick)
            ],
            submitted=attempt.submitted_at is not None,
        )

    async def _submit(
        self, session: AsyncSession, attempt: MockAttempt, at: datetime, auto: bool
    ) -> None:
        if attempt.submitted_at is not None:
            return
        # The clock of another process, or the member's own click, may be submitting the
        # same attempt right now: only the transaction whose update finds it still open
        # grades it (the row stays locked until that one commits).
        submitted_at = min(at, attempt.deadline)
        claimed = await session.execute(
            update(MockAttempt)
            .where(MockAttempt.id == attempt.id, MockAttempt.submitted_at.is_(None))
            .values(submitted_at=submitted_at, auto_submitted=auto)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            await session.refresh(attempt)
            return
        await self._move(session, attempt, attempt.current, submitted_at)
        attempt.viewing_since = None
        # Mock answers feed spaced review like daily ones: misses come back later.
        answered = (
            await session.execute(
                select(PaperRow.question_id, MockAnswer.is_correct, MockAnswer.pick)
                .join(
                    MockAnswer,
                    (MockAnswer.position == PaperRow.position)
                    & (MockAnswer.attempt_id == attempt.id),
                )
                .where(PaperRow.mock_id == attempt.mock_id)
            )
        ).all()
        for question_id, correct, pick in answered:
            if pick:
                await grade_or_create(
                    session,
                    attempt.member_id,
                    question_id,
                    bool(correct),
                    None,
                    submitted_at,
                )

    async def _submit_all(self, session: AsyncSession, mock: MockNight, at: datetime) -> None:
        attempts = (
            await session.scalars(
                select(MockAttempt).where(
                    MockAttempt.mock_id == mock.id, MockAttempt.submitted_at.is_(None)
                )
            )
        ).all()
        for attempt in attempts:
            await self._submit(session, attempt, at, auto=True)

    async def _result(self, session: AsyncSession, attempt: MockAttempt) -> ResultView:
        rows = (
            await session.execute(
                select(
                    PaperRow.domain,
                    MockAnswer.is_correct,
                    MockAnswer.flagged,
                    PaperRow.question_id,
                    MockAnswer.seconds_spent,
                    MockAnswer.first_pick,
                    MockAnswer.returned,
                )
                .outerjoin(
                    MockAnswer,
                    (MockAnswer.position == PaperRow.position)
                    & (MockAnswer.attempt_id == attempt.id),
                )
                .where(PaperRow.mock_id == attempt.mock_id)
                .order_by(PaperRow.position)
            )
        ).all()
        per: dict[str, list[int]] = {}
        for domain, correct, *_rest in rows:
            bucket = per.setdefault(domain, [0, 0])
            bucket[0] += int(bool(correct))
            bucket[1] += 1
        correct_total = sum(b[0] for b in per.values())
        flagged = [bool(r.is_correct) for r in rows if r.flagged]
        ended = attempt.submitted_at or attempt.deadline
        used = ended - attempt.started_at
        mock = await session.get(MockNight, attempt.mock_id)
        assert mock is not None
        returns = []
        for r in rows:
            question = self._bank.get(r.question_id) if r.returned else None
            if question is not None:
                first = bool(r.first_pick) and is_correct(r.first_pick, question.answer)
                returns.append(flag_return(first, bool(r.is_correct)))
        return ResultView(
            attempt_id=attempt.id,
            correct=correct_total,
            total=len(rows),
            per_domain=[
                (d.slug, d.name, per.get(d.slug, [0, 0])[0], per.get(d.slug, [0, 0])[1], d.weight)
                for d in self._bank.exam.domains
            ],
            minutes_used=max(int(used.total_seconds() // 60), 0),
            flagged_right=sum(flagged),
            flagged_total=len(flagged),
            verdict=verdict(correct_total, len(rows)),
            auto_submitted=attempt.auto_submitted,
            pacing=pacing(
                [int(r.seconds_spent or 0) for r in rows],
                mock.pace_minutes,
                int((attempt.deadline - ended).total_seconds()),
                returns,
            ),
        )
