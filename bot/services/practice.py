"""``/practice``: a private drill of bank questions, one at a time, with feedback at once.

A drill is stored with the position it is at, and each question is stored when it is first
shown, so a drill resumes after a restart exactly where it was and a click is graded once.
Practice never touches streaks or leaderboards; it shows in ``/stats`` as its own line, and a
miss makes (or grades) a spaced-review card like any other meeting with the question.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.errors import AnsweringClosed, InvalidInput, NotAllowed, NotFound, UserFacingError
from bot.core.practice import draw_question, drill_length
from bot.core.readiness import focus_domains
from bot.core.scoring import is_correct, validate_pick
from bot.core.selection import Candidate
from bot.core.text import plural
from bot.db.engine import Database
from bot.db.models import Group, Member, PracticeAnswer, PracticeDrill
from bot.db.secrecy import kept_from_practice
from bot.services.members import ensure_membership, find_group, find_member, get_or_create_member
from bot.services.plan import latest_ratings, member_results
from bot.services.review import grade_or_create

ALREADY_ANSWERED = "You already answered that practice question; your first answer counted."
NOT_YOURS = "That practice drill is not yours: start your own."
KEPT_OUT = (
    "That question has just opened in your study group (or is on a mock-night paper that "
    "has not ended), so practice leaves it out. Press Next question for another."
)
NOTHING_TO_PRACTISE = (
    "No practice question is free right now: every question there is open in your group or "
    "on an upcoming mock-night paper. Try another section, or again after the reveal."
)
PRACTICE_NOTE = "private: not in streaks or the leaderboard"


class AlreadyAnswered(UserFacingError):
    """The question was answered since it was shown (a second click, or an old message)."""


@dataclass(frozen=True)
class PracticeTotals:
    """A member's practice answers (in one group)."""

    answered: int
    right: int

    @property
    def summary(self) -> str:
        """How ``/stats`` shows practice: "14 answered, 71% right (private: …)"."""
        share = round(100 * self.right / self.answered) if self.answered else 0
        return f"{self.answered} answered, {share}% right ({PRACTICE_NOTE})"


@dataclass(frozen=True)
class PracticeStep:
    """The question a drill asks now."""

    drill_id: int
    position: int
    count: int
    question: Question
    section: str | None  # the section's name when the drill is about one
    note: str | None = None  # resumed, or fewer questions than asked for

    @property
    def title(self) -> str:
        about = f" · {self.section}" if self.section else ""
        return f"Practice · question {self.position} of {self.count}{about}"


@dataclass(frozen=True)
class PracticeFeedback:
    drill_id: int
    position: int
    count: int
    question: Question
    pick: str
    correct: bool
    answered: int  # in this drill, this answer included
    right: int
    finished: bool

    @property
    def summary(self) -> PracticeSummary | None:
        """The drill's summary once this was its last question."""
        if not self.finished:
            return None
        return PracticeSummary(self.drill_id, self.answered, self.right, self.count, False)

    @property
    def why_not(self) -> list[tuple[str, str]]:
        """After a miss: why each wrongly picked option is wrong, by letter."""
        if self.correct:
            return []
        return [
            (x, self.question.why_not[x])
            for x in self.pick.split(",")
            if x in self.question.why_not
        ]

    @property
    def progress(self) -> str:
        text = f"{self.right} of {self.answered} right so far"
        if not self.correct:
            text += " · it comes back in your spaced review"
        return text


@dataclass(frozen=True)
class PracticeSummary:
    drill_id: int
    answered: int
    right: int
    count: int
    stopped: bool

    @property
    def text(self) -> str:
        if not self.answered:
            return "Drill stopped before any answer. Start another whenever you like."
        share = round(100 * self.right / self.answered)
        head = (
            f"Drill stopped after {plural(self.answered, 'question')}"
            if self.stopped
            else f"Drill done: {plural(self.answered, 'question')}"
        )
        missed = self.answered - self.right
        review = (
            f" The {plural(missed, 'miss', 'misses')} come back in your spaced review."
            if missed
            else ""
        )
        return f"{head}, {self.right} right ({share}%).{review}"


PracticeView = PracticeStep | PracticeSummary

#: 1 for a right practice answer, 0 for a wrong one (summed: the right answers).
ANSWER_IS_RIGHT_PRACTICE = func.cast(PracticeAnswer.is_correct, Integer)


async def practice_totals(session: AsyncSession, member_id: int, group_id: int) -> PracticeTotals:
    """The member's answered practice questions in a group, and how many were right."""
    row = (
        await session.execute(
            select(func.count(PracticeAnswer.position), func.sum(ANSWER_IS_RIGHT_PRACTICE))
            .join(PracticeDrill, PracticeDrill.id == PracticeAnswer.drill_id)
            .where(
                PracticeDrill.member_id == member_id,
                PracticeDrill.group_id == group_id,
                PracticeAnswer.pick.is_not(None),
            )
        )
    ).one()
    return PracticeTotals(int(row[0] or 0), int(row[1] or 0))


class PracticeService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    async def start(
        self,
        guild_id: str,
        user_id: str,
        display_name: str,
        section: str | None,
        count: int | None,
        now: datetime,
    ) -> PracticeStep:
        """Start a drill, or resume the member's unfinished one in this group."""
        length = drill_length(count)
        if section is not None and section not in self._bank.exam.weights:
            raise InvalidInput([f"“{section}” is not an exam section."])
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            if group is None:
                raise NotFound("This server has no study group yet: an organiser starts one first.")
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            await ensure_membership(session, group, member, now)
            drill = await self._unfinished(session, member, group)
            if drill is not None:
                step = await self._current(session, drill, now)
                if isinstance(step, PracticeStep):
                    return _with_note(
                        step,
                        f"Resuming your drill at question {step.position} of {step.count}. "
                        "Finish it or press Stop to start another.",
                    )
            hidden = await kept_from_practice(session, member.id, now)
            free = len(self._candidates(section, hidden))
            if not free:
                raise NotFound(NOTHING_TO_PRACTISE)
            drill = PracticeDrill(
                member_id=member.id,
                group_id=group.id,
                domain=section,
                count=min(length, free),
                position=1,
                started_at=now,
            )
            session.add(drill)
            await session.flush()
            step = await self._current(session, drill, now)
            assert isinstance(step, PracticeStep)  # a free question exists
            if free < length:
                return _with_note(
                    step, f"Only {plural(free, 'question')} can be asked there right now."
                )
            return step

    async def next(self, user_id: str, drill_id: int, now: datetime) -> PracticeView:
        """The question the drill is at (the same one again until it is answered)."""
        async with self._db.unit_of_work() as session:
            drill = await self._own(session, user_id, drill_id)
            return await self._current(session, drill, now)

    async def stop(self, user_id: str, drill_id: int, now: datetime) -> PracticeSummary:
        """End the drill where it is (once; stopping again shows the same summary)."""
        async with self._db.unit_of_work() as session:
            drill = await self._own(session, user_id, drill_id)
            if drill.finished_at is None:
                drill.finished_at = now
            return await self._summary(session, drill)

    async def answer(
        self, user_id: str, drill_id: int, position: int, letters: list[str], now: datetime
    ) -> PracticeFeedback:
        """Grade the answer to the question at ``position``: once, and only the question the
        drill is at."""
        async with self._db.unit_of_work() as session:
            drill = await self._own(session, user_id, drill_id)
            row = await session.get(PracticeAnswer, (drill.id, position))
            if (
                drill.finished_at is not None
                or drill.position != position
                or row is None
                or row.pick is not None
            ):
                raise AlreadyAnswered(ALREADY_ANSWERED)
            question = self._bank.get(row.question_id)
            if question is None:
                raise NotFound("That question is no longer in the bank: press Next question.")
            if row.question_id in await kept_from_practice(session, drill.member_id, now):
                raise AnsweringClosed(KEPT_OUT)
            pick = validate_pick(letters, question.choose, question.letters)
            correct = is_correct(pick, question.answer)
            finished = position >= drill.count
            # Moved on only if nobody moved it since it was read: of two racing clicks on
            # one question, one counts.
            moved = await session.execute(
                update(PracticeDrill)
                .where(
                    PracticeDrill.id == drill.id,
                    PracticeDrill.position == position,
                    PracticeDrill.finished_at.is_(None),
                )
                .values(position=position + 1, finished_at=now if finished else None)
                .execution_options(synchronize_session=False)
            )
            if not getattr(moved, "rowcount", 0):
                raise AlreadyAnswered(ALREADY_ANSWERED)
            row.pick, row.is_correct, row.answered_at = pick, correct, now
            await grade_or_create(session, drill.member_id, question.id, correct, None, now)
            await session.flush()
            answered, right = await self._drill_totals(session, drill.id)
            return PracticeFeedback(
                drill.id, position, drill.count, question, pick, correct, answered, right, finished
            )

    async def _own(self, session: AsyncSession, user_id: str, drill_id: int) -> PracticeDrill:
        member = await find_member(session, self._platform, user_id)
        drill = await session.get(PracticeDrill, drill_id)
        if member is None or drill is None or drill.member_id != member.id:
            raise NotAllowed(NOT_YOURS)
        return drill

    @staticmethod
    async def _unfinished(
        session: AsyncSession, member: Member, group: Group
    ) -> PracticeDrill | None:
        return await session.scalar(
            select(PracticeDrill)
            .where(
                PracticeDrill.member_id == member.id,
                PracticeDrill.group_id == group.id,
                PracticeDrill.finished_at.is_(None),
            )
            .order_by(PracticeDrill.id.desc())
            .limit(1)
        )

    def _candidates(self, section: str | None, hidden: set[str]) -> list[Candidate]:
        return [
            Candidate(q.id, q.domain)
            for q in self._bank.active
            if q.id not in hidden and (section is None or q.domain == section)
        ]

    async def _weak(self, session: AsyncSession, member_id: int) -> list[str]:
        """The member's weak sections as ``/plan`` names them (its focus), when there is any
        evidence: a self-rating or answers."""
        ratings = {d: a.level for d, a in (await latest_ratings(session, member_id)).items()}
        results = await member_results(session, member_id)
        weights = self._bank.exam.weights
        return [
            e.domain
            for e in focus_domains(list(weights), ratings, results, weights)
            if e.self_rating is not None or e.answered
        ]

    async def _current(
        self, session: AsyncSession, drill: PracticeDrill, now: datetime
    ) -> PracticeView:
        """The question the drill is at: the one drawn before unless it has been hidden
        since (then another is drawn in its place); the summary once the drill is done."""
        if drill.finished_at is not None:
            return await self._summary(session, drill)
        hidden = await kept_from_practice(session, drill.member_id, now)
        rows = {
            r.position: r
            for r in (
                await session.scalars(
                    select(PracticeAnswer).where(PracticeAnswer.drill_id == drill.id)
                )
            ).all()
        }
        row = rows.get(drill.position)
        question = self._bank.get(row.question_id) if row else None
        if row is None or question is None or question.retired or row.question_id in hidden:
            asked = {r.question_id for r in rows.values()}
            drawn = draw_question(
                self._candidates(drill.domain, hidden),
                self._bank.exam.weights,
                [] if drill.domain else await self._weak(session, drill.member_id),
                asked,
                random.Random(f"practice:{drill.id}:{drill.position}:{len(asked)}"),
            )
            if drawn is None:  # nothing left to ask: the drill ends here
                drill.count = drill.position - 1
                drill.finished_at = now
                return await self._summary(session, drill)
            if row is None:
                row = PracticeAnswer(drill_id=drill.id, position=drill.position, shown_at=now)
                session.add(row)
            row.question_id, row.domain, row.shown_at = drawn.question_id, drawn.domain, now
            await session.flush()
            question = self._bank.get(drawn.question_id)
            assert question is not None
        section = self._bank.exam.domain(drill.domain).name if drill.domain else None
        return PracticeStep(drill.id, drill.position, drill.count, question, section)

    @staticmethod
    async def _drill_totals(session: AsyncSession, drill_id: int) -> tuple[int, int]:
        row = (
            await session.execute(
                select(
                    func.count(PracticeAnswer.position), func.sum(ANSWER_IS_RIGHT_PRACTICE)
                ).where(PracticeAnswer.drill_id == drill_id, PracticeAnswer.pick.is_not(None))
            )
        ).one()
        return int(row[0] or 0), int(row[1] or 0)

    async def _summary(self, session: AsyncSession, drill: PracticeDrill) -> PracticeSummary:
        answered, right = await self._drill_totals(session, drill.id)
        return PracticeSummary(
            drill.id, answered, right, drill.count, stopped=answered < drill.count
        )


def _with_note(step: PracticeStep, note: str) -> PracticeStep:
    return PracticeStep(step.drill_id, step.position, step.count, step.question, step.section, note)
