"""Mock-exam nights: organising, taking a timed private attempt, results and the debrief.

The server enforces the time: an answer after the deadline is refused, and an attempt still
open at its deadline is submitted by the clock (``close_due``) even if the member left.
Every attempt action checks that the attempt belongs to the member who acts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.errors import AnsweringClosed, InvalidInput, NotAllowed, NotFound
from bot.core.group_settings import parse_date, parse_time
from bot.core.mock import (
    DEFAULT_MINUTES,
    DEFAULT_QUESTIONS,
    MAX_MINUTES,
    MAX_QUESTIONS,
    MIN_MINUTES,
    MIN_QUESTIONS,
    Verdict,
    draw_paper,
    verdict,
)
from bot.core.schedule import local_instant
from bot.core.scoring import is_correct, normalise_pick, pick_letters
from bot.core.selection import Candidate
from bot.db.claims import insert_if_absent
from bot.db.engine import Database
from bot.db.models import (
    Announcement,
    DailyQuestion,
    Group,
    Member,
    MockAnswer,
    MockAttempt,
    MockNight,
)
from bot.db.models import MockQuestion as PaperRow
from bot.db.secrecy import unrevealed_questions
from bot.services.groups import settings_of
from bot.services.members import ensure_membership, find_group, find_member, get_or_create_member
from bot.services.notices import claim_dm
from bot.services.review import grade_or_create

RECENT_DAYS = 30
#: What ``/mock edit focus:`` takes to remove a night's focus section.
NO_FOCUS = "none"
RIGHT = func.sum(case((MockAnswer.is_correct.is_(True), 1), else_=0))
REMINDERS = (("mock-24h", timedelta(hours=24)), ("mock-1h", timedelta(hours=1)))


@dataclass(frozen=True)
class MockView:
    id: int
    guild_id: str
    channel_id: str
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    question_count: int
    focus_domain: str | None
    status: str
    event_id: str | None
    start_message_id: str | None


@dataclass(frozen=True)
class AttemptView:
    """What the member's private exam message shows."""

    attempt_id: int
    mock_id: int
    position: int
    total: int
    question: Question
    pick: str | None
    flagged: bool
    deadline: datetime
    answered: int
    flagged_positions: list[int]
    unanswered_positions: list[int]
    submitted: bool


@dataclass(frozen=True)
class ResultView:
    attempt_id: int
    correct: int
    total: int
    per_domain: list[tuple[str, str, int, int, float]]  # slug, name, right, asked, weight
    minutes_used: int
    flagged_right: int
    flagged_total: int
    verdict: Verdict
    auto_submitted: bool


@dataclass(frozen=True)
class ReviewStep:
    attempt_id: int
    position: int
    total: int
    question: Question
    pick: str | None
    correct: bool
    # The question is open as the group's daily question right now: no key, no verdict.
    key_hidden: bool = False


@dataclass(frozen=True)
class Debrief:
    mock: MockView
    participants: int
    scores: list[float]
    per_domain: list[tuple[str, int, int]]  # name, right, asked
    hardest: list[tuple[Question, int, int]]  # question, right, attempts


@dataclass(frozen=True)
class MockDue:
    """Clock work for one mock night."""

    mock: MockView
    reminders: list[str] = field(default_factory=list)  # notice kinds due now
    opened: bool = False
    debrief: Debrief | None = None


def _view(mock: MockNight, group: Group) -> MockView:
    return MockView(
        id=mock.id,
        guild_id=group.external_id,
        channel_id=group.channel_id,
        starts_at=mock.starts_at,
        ends_at=mock.starts_at + timedelta(minutes=mock.duration_minutes),
        duration_minutes=mock.duration_minutes,
        question_count=mock.question_count,
        focus_domain=mock.focus_domain,
        status=mock.status,
        event_id=mock.event_id,
        start_message_id=mock.start_message_id,
    )


class MockService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    # ----- organising ------------------------------------------------------------------

    def _validate(
        self,
        day: str | None,
        at: str | None,
        questions: int | None,
        minutes: int | None,
        focus: str | None,
        zone_today: date,
    ) -> tuple[date | None, time | None, list[str]]:
        problems = []
        parsed_day = None
        if day is not None:
            try:
                parsed_day = parse_date(day)
            except ValueError:
                problems.append(f"Date “{day}” is not a date. Use YYYY-MM-DD.")
        parsed_time = None
        if at is not None:
            try:
                parsed_time = parse_time(at)
            except ValueError:
                problems.append(f"Time “{at}” is not a time. Use 24-hour HH:MM, e.g. 19:00.")
        if questions is not None and not MIN_QUESTIONS <= questions <= MAX_QUESTIONS:
            problems.append(f"Questions must be between {MIN_QUESTIONS} and {MAX_QUESTIONS}.")
        if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
            problems.append(f"Duration must be between {MIN_MINUTES} and {MAX_MINUTES} minutes.")
        if focus is not None and focus != NO_FOCUS and focus not in self._bank.exam.weights:
            problems.append(f"“{focus}” is not an exam section.")
        return parsed_day, parsed_time, problems

    async def schedule(
        self,
        guild_id: str,
        day: str,
        at: str,
        questions: int | None,
        minutes: int | None,
        focus: str | None,
        now: datetime,
    ) -> MockView:
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            schedule = settings_of(group).schedule
            parsed_day, parsed_time, problems = self._validate(
                day, at, questions, minutes, focus, schedule.local_date(now)
            )
            starts_at = None
            if parsed_day and parsed_time:
                starts_at = local_instant(parsed_day, parsed_time, schedule.zone)
                if starts_at <= now:
                    problems.append("The start must be in the future (group's timezone).")
            if problems:
                raise InvalidInput(problems)
            assert starts_at is not None
            mock = MockNight(
                group_id=group.id,
                starts_at=starts_at,
                duration_minutes=minutes or DEFAULT_MINUTES,
                question_count=questions or DEFAULT_QUESTIONS,
                focus_domain=None if focus == NO_FOCUS else focus,
                status="scheduled",
                created_at=now,
            )
            session.add(mock)
            await session.flush()
            return _view(mock, group)

    async def set_event(self, mock_id: int, event_id: str | None) -> None:
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(MockNight).where(MockNight.id == mock_id).values(event_id=event_id)
            )

    async def upcoming(self, guild_id: str, now: datetime) -> list[MockView]:
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            rows = (
                await session.scalars(
                    select(MockNight)
                    .where(
                        MockNight.group_id == group.id, MockNight.status.in_(("scheduled", "open"))
                    )
                    .order_by(MockNight.starts_at)
                )
            ).all()
            return [_view(m, group) for m in rows]

    async def next_for_group(self, guild_id: str, now: datetime) -> MockView | None:
        upcoming = [m for m in await self.upcoming(guild_id, now) if m.ends_at > now]
        return upcoming[0] if upcoming else None

    async def edit(
        self,
        guild_id: str,
        mock_id: int,
        day: str | None,
        at: str | None,
        questions: int | None,
        minutes: int | None,
        focus: str | None,
        now: datetime,
    ) -> MockView:
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            mock = await self._own_mock(session, group, mock_id)
            if mock.status != "scheduled":
                raise InvalidInput(["Only a mock night that has not started can be changed."])
            schedule = settings_of(group).schedule
            local = mock.starts_at.astimezone(schedule.zone)
            parsed_day, parsed_time, problems = self._validate(
                day, at, questions, minutes, focus, schedule.local_date(now)
            )
            starts_at = local_instant(
                parsed_day or local.date(),
                parsed_time or local.time(),
                schedule.zone,
            )
            if starts_at <= now:
                problems.append("The start must be in the future (group's timezone).")
            if problems:
                raise InvalidInput(problems)
            mock.starts_at = starts_at
            mock.question_count = questions or mock.question_count
            mock.duration_minutes = minutes or mock.duration_minutes
            if focus is not None:
                mock.focus_domain = None if focus == NO_FOCUS else focus
            return _view(mock, group)

    async def cancel(self, guild_id: str, mock_id: int) -> MockView:
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            mock = await self._own_mock(session, group, mock_id)
            if mock.status not in ("scheduled", "open"):
                raise InvalidInput([f"Mock night #{mock_id} is already {mock.status}."])
            mock.status = "cancelled"
            return _view(mock, group)

    # ----- the clock -------------------------------------------------------------------

    async def due(self, group_ids: set[int], now: datetime) -> list[MockDue]:
        """Reminders due, nights to open (paper drawn once), nights to close (attempts
        submitted, debrief computed). The caller posts and then confirms each step."""
        work: list[MockDue] = []
        async with self._db.unit_of_work() as session:
            mocks = (
                await session.scalars(
                    select(MockNight)
                    .where(
                        MockNight.group_id.in_(group_ids),
                        MockNight.status.in_(("scheduled", "open"))
                        | ((MockNight.status == "closed") & MockNight.debrief_message_id.is_(None)),
                    )
                    .order_by(MockNight.starts_at)
                )
            ).all()
            for mock in mocks:
                group = await session.get(Group, mock.group_id)
                assert group is not None
                item = MockDue(_view(mock, group))
                ends_at = mock.starts_at + timedelta(minutes=mock.duration_minutes)
                if mock.status == "scheduled":
                    if now < mock.starts_at:
                        item.reminders.extend(await self._claim_reminders(session, mock, now))
                    else:
                        await self._draw(session, mock)
                        mock.status = "open"
                        item = MockDue(_view(mock, group), opened=True)
                elif mock.status == "open" and mock.start_message_id is None and now < ends_at:
                    item = MockDue(_view(mock, group), opened=True)  # the post was interrupted
                if mock.status == "open" and now >= ends_at:
                    await self._submit_all(session, mock, ends_at)
                    mock.status = "closed"
                if mock.status == "closed":  # its debrief is not posted yet (or was cut off)
                    item = MockDue(
                        _view(mock, group), debrief=await self._debrief(session, mock, group)
                    )
                if item.reminders or item.opened or item.debrief:
                    work.append(item)
        return work

    @staticmethod
    async def _claim_reminders(session: AsyncSession, mock: MockNight, now: datetime) -> list[str]:
        """The reminder to post now, claimed once; an earlier one not yet sent is dropped
        when a later one is due (a night scheduled 30 minutes ahead gets only "1 h")."""
        due = [kind for kind, ahead in REMINDERS if mock.starts_at - ahead <= now]
        fresh = []
        for kind in due:
            claimed = await insert_if_absent(
                session,
                Announcement,
                {
                    "group_id": mock.group_id,
                    "kind": kind,
                    "key": f"mock-{mock.id}",
                    "created_at": now,
                },
                ["group_id", "kind", "key"],
            )
            if claimed:
                fresh.append(kind)
        return fresh[-1:] if fresh and fresh[-1] == due[-1] else []

    async def reminder_dms(
        self, mock_id: int, kind: str, interested: list[str], now: datetime
    ) -> list[str]:
        """Interested members who get a DM for this reminder (once; not if opted out)."""
        chosen = []
        async with self._db.unit_of_work() as session:
            for external_id in interested:
                member = await get_or_create_member(session, self._platform, external_id, "", now)
                if not member.mock_reminders:
                    continue
                if await claim_dm(session, member.id, kind, f"mock-{mock_id}", now) is not None:
                    chosen.append(external_id)
        return chosen

    async def mark_started(self, mock_id: int, message_id: str) -> None:
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(MockNight).where(MockNight.id == mock_id).values(start_message_id=message_id)
            )

    async def mark_debriefed(self, mock_id: int, message_id: str) -> None:
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(MockNight)
                .where(MockNight.id == mock_id)
                .values(debrief_message_id=message_id)
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

    # ----- taking the exam -------------------------------------------------------------

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
                if mock.status != "open" or now >= ends_at:
                    raise AnsweringClosed(
                        "This mock night is not open."
                        if mock.status != "closed"
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
                )
                session.add(attempt)
                await session.flush()
            if attempt.submitted_at is not None or now >= attempt.deadline:
                if attempt.submitted_at is None:
                    await self._submit(session, attempt, attempt.deadline, auto=True)
                return await self._result(session, attempt)
            return await self._attempt_view(session, attempt, attempt.current)

    async def act(
        self,
        user_id: str,
        attempt_id: int,
        action: str,
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
            if action == "answer":
                await self._answer(session, attempt, position, letters, now)
            elif action == "flag":
                row = await self._answer_row(session, attempt.id, position, now)
                row.flagged = not row.flagged
            elif action == "submit":
                await self._submit(session, attempt, now, auto=False)
                return await self._result(session, attempt)
            attempt.current = position
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
            position = min(max(position, 1), total)
            question = await self._question_at(session, attempt.mock_id, position)
            row = await session.get(MockAnswer, (attempt.id, position))
            mock = await session.get(MockNight, attempt.mock_id)
            assert mock is not None
            hidden = question.id in await unrevealed_questions(session, [mock.group_id])
            return ReviewStep(
                attempt.id,
                position,
                total,
                question,
                row.pick if row else None,
                bool(row and row.is_correct) and not hidden,
                key_hidden=hidden,
            )

    # ----- helpers ---------------------------------------------------------------------

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
            )
            session.add(row)
        return row

    async def _answer(
        self,
        session: AsyncSession,
        attempt: MockAttempt,
        position: int,
        letters: list[str],
        now: datetime,
    ) -> None:
        question = await self._question_at(session, attempt.mock_id, position)
        pick = normalise_pick(letters)
        chosen = pick_letters(pick)
        if len(chosen) != question.choose or any(x not in question.options for x in chosen):
            raise InvalidInput(
                [f"Pick exactly {question.choose} of {', '.join(question.letters)}."]
            )
        row = await self._answer_row(session, attempt.id, position, now)
        row.pick = pick
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
                select(PaperRow.domain, MockAnswer.is_correct, MockAnswer.flagged, MockAnswer.pick)
                .outerjoin(
                    MockAnswer,
                    (MockAnswer.position == PaperRow.position)
                    & (MockAnswer.attempt_id == attempt.id),
                )
                .where(PaperRow.mock_id == attempt.mock_id)
            )
        ).all()
        per: dict[str, list[int]] = {}
        for domain, correct, _flagged, _pick in rows:
            bucket = per.setdefault(domain, [0, 0])
            bucket[0] += int(bool(correct))
            bucket[1] += 1
        correct_total = sum(b[0] for b in per.values())
        flagged = [(bool(c)) for _d, c, f, _p in rows if f]
        used = (attempt.submitted_at or attempt.deadline) - attempt.started_at
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
        )

    async def _debrief(self, session: AsyncSession, mock: MockNight, group: Group) -> Debrief:
        attempts = (
            await session.scalars(select(MockAttempt).where(MockAttempt.mock_id == mock.id))
        ).all()
        scores = []
        for attempt in attempts:
            result = await self._result(session, attempt)
            scores.append(result.correct / result.total if result.total else 0.0)
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
            mock=_view(mock, group),
            participants=len(attempts),
            scores=sorted(scores),
            per_domain=[(names.get(d, d), r, n) for d, (r, n) in sorted(domains.items())],
            hardest=hardest[:5] if attempts else [],
        )


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
