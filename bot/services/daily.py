"""The daily question: claiming a day, answers and reasoning, reveal and streaks.

Every method is one unit of work. Scheduled actions are idempotent: the unique
(group, study date, timezone) row is the claim for a day's post, and the state column
(claimed → posted → revealing → revealed, or skipped) records how far it got.

Changing the group's timezone or times mid-day: a question already claimed keeps its reveal
time; a day has its question when one was claimed during that local day (in the group's
current timezone), and no question is claimed while another is still open. So a change
before today's post moves today's post, and a change across the date line neither skips
the group's next question nor opens a second one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.errors import AnsweringClosed, InvalidInput, NotFound
from bot.core.plan import current_week, focus_weights
from bot.core.schedule import StudySchedule, local_instant
from bot.core.scoring import is_correct, pick_letters
from bot.core.selection import Candidate, choose_question
from bot.core.streaks import Streak, is_milestone
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, Group, Member
from bot.db.models import Streak as StreakRow
from bot.db.secrecy import questions_on_running_papers, revealed
from bot.services.answers import AnswerRequest, Batcher, Recorded, record_batch, validate_pick
from bot.services.groups import settings_of
from bot.services.members import (
    find_group,
    find_member,
    get_or_create_member,
)
from bot.services.plan import week_focus
from bot.services.reports import open_report_count
from bot.services.review import schedule_reviews

MAX_REASONING = 1000
QUOTES_IN_REVEAL = 3
OPEN_STATES = ("claimed", "posted")


@dataclass(frozen=True)
class QuestionCard:
    """What the question message shows."""

    daily_id: int
    guild_id: str
    channel_id: str
    message_id: str | None
    study_date: date
    question: Question
    domain_name: str
    reveal_at: datetime
    answer_count: int
    closed: bool
    reveal_message_id: str | None
    reveal_channel_id: str  # where the reveal is (or will be) posted
    revisit: bool = False
    fresh_claim: bool = False  # claimed in this very pass: nothing can have been sent yet


@dataclass(frozen=True)
class OptionSplit:
    letter: str
    text: str
    count: int
    correct: bool


@dataclass(frozen=True)
class Quote:
    """A member's reasoning shown at the reveal; ``member_external_id`` None means anonymous.

    ``member_name`` is the member's display name, for platforms that cannot show a mention
    without notifying the member (Slack)."""

    member_external_id: str | None
    pick: str
    correct: bool
    confidence: int | None
    reasoning: str
    member_name: str | None = None


@dataclass(frozen=True)
class Milestone:
    member_external_id: str
    days: int
    member_name: str = ""


@dataclass(frozen=True)
class RevealCard:
    """What the reveal message shows; ``channel_id`` is where it is posted (the group's
    channel), which may differ from ``question_channel_id`` when the channel changed."""

    daily_id: int
    guild_id: str
    channel_id: str
    question_channel_id: str
    question_message_id: str | None
    study_date: date
    question: Question
    domain_name: str
    answer_count: int
    correct_count: int
    split: list[OptionSplit]
    correct_members: list[str]
    quotes: list[Quote]
    milestones: list[Milestone]
    reveal_message_id: str | None
    thread_id: str | None
    open_reports: int = 0
    # Display names of ``correct_members``, in the same order (Slack shows names, not pings).
    correct_names: list[str] = field(default_factory=list)
    fresh_reveal: bool = False  # begun in this very call: nothing can have been posted yet


@dataclass(frozen=True)
class AnswerReceipt:
    daily_id: int
    pick: str
    changed: bool
    answer_count: int
    reveal_at: datetime
    has_reasoning: bool
    quote_anonymously: bool


@dataclass(frozen=True)
class StreakView:
    current: int
    best: int
    answered_total: int


@dataclass(frozen=True)
class DueReveal:
    daily_id: int
    group_id: int
    state: str


def _closed_error(daily: DailyQuestion) -> AnsweringClosed:
    if daily.reveal_message_id:
        return AnsweringClosed(
            "Answering is closed for this question: it has been revealed.",
            reveal_link=f"{daily.reveal_channel_id or daily.channel_id}/{daily.reveal_message_id}",
        )
    return AnsweringClosed("Answering is closed for this question; the reveal is on its way.")


class DailyService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform
        self._answers: Batcher[AnswerRequest, Recorded] = Batcher(self._record_batch)

    # ----- scheduled side -------------------------------------------------------------

    async def claim_post(self, group_id: int, now: datetime) -> QuestionCard | None:
        """Claim today's question for a group when its post is due; None when nothing to do.

        Catch-up rule: a question is posted late when the bot comes back before that day's
        reveal time; a day whose reveal time passed without a post is skipped (no question,
        so it does not count for streaks). A claim left unfinished by a crash is returned
        again so the caller can finish it (the publisher looks before it posts).
        """
        async with self._db.unit_of_work() as session:
            group = await session.get(Group, group_id)
            if group is None:
                return None
            schedule = settings_of(group).schedule
            today = schedule.local_date(now)
            day_starts = local_instant(today, time(0), schedule.zone)
            day_ends = local_instant(today + timedelta(days=1), time(0), schedule.zone)
            existing = await session.scalar(
                select(DailyQuestion)
                .where(
                    DailyQuestion.group_id == group_id,
                    (
                        (DailyQuestion.study_date == today)
                        & (DailyQuestion.timezone == schedule.timezone)
                    )
                    | (
                        (DailyQuestion.claimed_at >= day_starts)
                        & (DailyQuestion.claimed_at < day_ends)
                    ),
                )
                .order_by(DailyQuestion.id.desc())
                .limit(1)
            )
            if existing is not None:
                if existing.state == "claimed" and now < existing.reveal_at:
                    return await self._card(session, existing, group)
                return None
            if not _post_window_open(schedule, today, now):
                return None
            still_open = await session.scalar(
                select(DailyQuestion.id).where(
                    DailyQuestion.group_id == group_id,
                    DailyQuestion.state.in_(OPEN_STATES),
                    DailyQuestion.reveal_at > now,
                )
            )
            if still_open is not None:
                return None
            question, revisit = await self._choose(session, group, today, now)
            daily = DailyQuestion(
                group_id=group_id,
                study_date=today,
                timezone=schedule.timezone,
                question_id=question.id,
                domain=question.domain,
                state="claimed",
                channel_id=group.channel_id,
                claimed_at=now,
                reveal_at=schedule.reveal_at(today),
                revisit=revisit,
            )
            session.add(daily)
            try:
                await session.flush()
            except IntegrityError:
                # Another process claimed this day first: it posts, we do not.
                await session.rollback()
                return None
            return replace(await self._card(session, daily, group), fresh_claim=True)

    async def mark_posted(self, daily_id: int, message_id: str, now: datetime) -> None:
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(DailyQuestion)
                .where(DailyQuestion.id == daily_id, DailyQuestion.state == "claimed")
                .values(state="posted", message_id=message_id, posted_at=now)
            )

    async def mark_skipped(self, daily_id: int) -> None:
        """A claimed question that never reached the channel before its reveal time."""
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(DailyQuestion)
                .where(DailyQuestion.id == daily_id, DailyQuestion.state == "claimed")
                .values(state="skipped")
            )

    async def due_reveals(
        self, now: datetime, group_ids: set[int] | None = None
    ) -> list[DueReveal]:
        """Questions whose reveal is due or was started and not finished, oldest first."""
        async with self._db.unit_of_work() as session:
            query = (
                select(DailyQuestion.id, DailyQuestion.state, DailyQuestion.group_id)
                .where(
                    (DailyQuestion.state == "revealing")
                    | (DailyQuestion.state.in_(OPEN_STATES) & (DailyQuestion.reveal_at <= now))
                )
                .order_by(DailyQuestion.reveal_at, DailyQuestion.id)
            )
            rows = (await session.execute(query)).all()
            return [
                DueReveal(row.id, row.group_id, row.state)
                for row in rows
                if group_ids is None or row.group_id in group_ids
            ]

    async def begin_reveal(self, daily_id: int, now: datetime) -> RevealCard | None:
        """Close answering and settle streaks, once; returns the reveal to publish.

        Returns the card again for a reveal that was begun but not finished (restart), and
        None when it is already finished or the question is not due.
        """
        async with self._db.unit_of_work() as session:
            daily = await session.get(DailyQuestion, daily_id, with_for_update=True)
            if daily is None or daily.state in ("revealed", "skipped", "claimed"):
                return None
            fresh = daily.state == "posted"
            if fresh:
                if now < daily.reveal_at:
                    return None
                daily.state = "revealing"
                daily.revealed_at = now
                await self._settle_streaks(session, daily)
                await schedule_reviews(session, daily, now)
            group = await session.get(Group, daily.group_id)
            assert group is not None
            if daily.reveal_message_id is None:
                # Not posted yet: the reveal goes to the group's channel as it is now (the
                # question's channel may have been deleted or replaced since the post).
                daily.reveal_channel_id = group.channel_id
            return replace(await self._reveal_card(session, daily, group), fresh_reveal=fresh)

    async def finish_reveal(
        self, daily_id: int, reveal_message_id: str | None, thread_id: str | None
    ) -> None:
        """The reveal is done (``reveal_message_id`` None: Discord refused it for good)."""
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(DailyQuestion)
                .where(DailyQuestion.id == daily_id)
                .values(state="revealed", reveal_message_id=reveal_message_id, thread_id=thread_id)
            )

    async def note_reveal_message(self, daily_id: int, reveal_message_id: str) -> None:
        """Remember the reveal message as soon as it exists, before the thread is opened."""
        async with self._db.unit_of_work() as session:
            await session.execute(
                update(DailyQuestion)
                .where(DailyQuestion.id == daily_id)
                .values(reveal_message_id=reveal_message_id)
            )

    async def reveal_card(self, daily_id: int) -> RevealCard | None:
        """A revealed question's reveal as it reads now (after a member was forgotten)."""
        async with self._db.unit_of_work() as session:
            daily = await session.get(DailyQuestion, daily_id)
            group = await session.get(Group, daily.group_id) if daily else None
            if daily is None or group is None or daily.reveal_message_id is None:
                return None
            return await self._reveal_card(session, daily, group)

    async def question_card(self, daily_id: int) -> QuestionCard:
        async with self._db.unit_of_work() as session:
            daily = await session.get(DailyQuestion, daily_id)
            if daily is None:
                raise NotFound("That question does not exist any more.")
            group = await session.get(Group, daily.group_id)
            assert group is not None
            return await self._card(session, daily, group)

    # ----- member side ----------------------------------------------------------------

    async def record_answer(
        self,
        guild_id: str,
        user_id: str,
        display_name: str,
        daily_id: int,
        letters: list[str],
        now: datetime,
    ) -> AnswerReceipt:
        """Store a member's pick (the last one before the reveal counts). Concurrent answers
        are committed together (see ``bot.services.answers``)."""
        recorded = await self._answers.submit(
            AnswerRequest(guild_id, user_id, display_name, daily_id, list(letters), now)
        )
        return AnswerReceipt(
            daily_id=recorded.daily.id,
            pick=recorded.pick,
            changed=recorded.changed,
            answer_count=recorded.answer_count,
            reveal_at=recorded.daily.reveal_at,
            has_reasoning=recorded.has_reasoning,
            quote_anonymously=recorded.quote_anonymously,
        )

    async def _record_batch(self, requests: list[AnswerRequest]) -> list[Recorded | Exception]:
        async with self._db.unit_of_work() as session:
            return await record_batch(session, self._platform, requests, self._check_answer)

    def _check_answer(
        self, daily: DailyQuestion, group: Group | None, request: AnswerRequest
    ) -> tuple[str, bool]:
        if group is None or group.external_id != request.guild_id:
            raise NotFound("That question does not belong to this group.")
        if daily.state not in OPEN_STATES or request.now >= daily.reveal_at:
            raise _closed_error(daily)
        question = self._question(daily.question_id)
        pick = validate_pick(request.letters, question.choose, question.letters)
        return pick, is_correct(pick, question.answer)

    async def ensure_open(self, guild_id: str, daily_id: int, now: datetime) -> None:
        """Raise AnsweringClosed (or NotFound) unless the question still takes answers."""
        async with self._db.unit_of_work() as session:
            await self._open_daily(session, guild_id, daily_id, now)

    async def add_reasoning(
        self,
        guild_id: str,
        user_id: str,
        daily_id: int,
        reasoning: str,
        confidence: str,
        now: datetime,
    ) -> AnswerReceipt:
        """Attach reasoning (≤ 1,000 characters) and confidence (1–5) to the member's pick."""
        text = reasoning.strip()
        problems = []
        if not text:
            problems.append("Write a few words of reasoning (up to 1,000 characters).")
        elif len(text) > MAX_REASONING:
            problems.append(
                f"Your reasoning has {len(text):,} characters; the limit is {MAX_REASONING:,}. "
                "Shorten it and send it again (your text is below so nothing is lost)."
            )
        level: int | None = None
        if confidence.strip():
            try:
                level = int(confidence.strip())
            except ValueError:
                level = None
            if level is None or not 1 <= level <= 5:
                problems.append(
                    f"Confidence “{confidence.strip()}” must be a whole number from 1 "
                    "(guessing) to 5 (certain)."
                )
        if problems:
            raise InvalidInput(problems, echo=text[:4000] or None)
        async with self._db.unit_of_work() as session:
            daily = await self._open_daily(session, guild_id, daily_id, now)
            member = await find_member(session, self._platform, user_id)
            answer = None
            if member is not None:
                answer = await session.scalar(
                    select(Answer).where(
                        Answer.daily_question_id == daily.id, Answer.member_id == member.id
                    )
                )
            if member is None or answer is None:
                raise InvalidInput(
                    ["Pick an answer first, then add your reasoning."], echo=text[:4000]
                )
            answer.reasoning = text
            answer.confidence = level
            count = await _answer_count(session, daily.id)
            return AnswerReceipt(
                daily_id=daily.id,
                pick=answer.pick,
                changed=False,
                answer_count=count,
                reveal_at=daily.reveal_at,
                has_reasoning=True,
                quote_anonymously=member.quote_anonymously,
            )

    async def set_quote_anonymously(
        self, user_id: str, display_name: str, anonymous: bool, now: datetime
    ) -> bool:
        """Whether the member's reasoning is quoted without their name at reveals."""
        async with self._db.unit_of_work() as session:
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            member.quote_anonymously = anonymous
            return anonymous

    async def streak(self, guild_id: str, user_id: str) -> StreakView:
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            member = await find_member(session, self._platform, user_id)
            if group is None or member is None:
                return StreakView(0, 0, 0)
            row = await session.get(StreakRow, (group.id, member.id))
            total = await session.scalar(
                select(func.count(Answer.id))
                .join(DailyQuestion, DailyQuestion.id == Answer.daily_question_id)
                .where(DailyQuestion.group_id == group.id, Answer.member_id == member.id)
            )
            return StreakView(row.current if row else 0, row.best if row else 0, total or 0)

    # ----- helpers --------------------------------------------------------------------

    def _question(self, question_id: str) -> Question:
        question = self._bank.get(question_id)
        if question is None:
            raise NotFound(f"Question {question_id} is no longer in the bank.")
        return question

    async def _open_daily(
        self, session: AsyncSession, guild_id: str, daily_id: int, now: datetime
    ) -> DailyQuestion:
        daily = await session.get(DailyQuestion, daily_id, with_for_update=True)
        group = await session.get(Group, daily.group_id) if daily else None
        if daily is None or group is None or group.external_id != guild_id:
            raise NotFound("That question does not belong to this group.")
        if daily.state not in OPEN_STATES or now >= daily.reveal_at:
            raise _closed_error(daily)
        return daily

    async def _choose(
        self, session: AsyncSession, group: Group, day: date, now: datetime
    ) -> tuple[Question, bool]:
        """The day's question, and whether it revisits one the group missed.

        New questions follow the week's focus domains (most from them, some from the rest).
        In the plan's last two weeks every other study day revisits the question the group
        did worst on instead (each at most once).
        """
        settings = settings_of(group)
        week = current_week(settings.plan_start, settings.exam_date, day)
        # A mock night that is still to come or running keeps its paper out of the dailies:
        # the daily reveal would show members the key of a question they are yet to sit.
        on_papers = await questions_on_running_papers(session, group.id, now)
        if week.final_stretch:
            this_week = await session.scalar(
                select(func.count(DailyQuestion.id)).where(
                    DailyQuestion.group_id == group.id,
                    DailyQuestion.study_date >= week.start,
                    DailyQuestion.study_date < day,
                )
            )
            if (this_week or 0) % 2 == 1:
                missed = await self._most_missed(session, group.id, on_papers)
                if missed is not None:
                    return missed, True
        history_rows = (
            await session.execute(
                select(DailyQuestion.question_id, DailyQuestion.domain).where(
                    DailyQuestion.group_id == group.id, DailyQuestion.revisit.is_(False)
                )
            )
        ).all()
        history = [Candidate(r.question_id, r.domain) for r in history_rows]
        # (Only a bank smaller than a mock paper can have nothing else to offer.)
        active = [Candidate(q.id, q.domain) for q in self._bank.active if q.id not in on_papers]
        active = active or [Candidate(q.id, q.domain) for q in self._bank.active]
        weights = focus_weights(self._bank.exam.weights, week_focus(self._bank, week))
        picked = choose_question(active, weights, history, random.Random(f"{group.id}:{day}"))
        return self._question(picked.question_id), False

    async def _most_missed(
        self, session: AsyncSession, group_id: int, excluded: set[str]
    ) -> Question | None:
        """The active question the group answered worst (under 60% right), not yet revisited
        and not among ``excluded``."""
        revisited = select(DailyQuestion.question_id).where(
            DailyQuestion.group_id == group_id, DailyQuestion.revisit.is_(True)
        )
        accuracy = func.avg(func.cast(Answer.is_correct, Integer))
        rows = (
            await session.execute(
                select(DailyQuestion.question_id, accuracy)
                .join(Answer, Answer.daily_question_id == DailyQuestion.id)
                .where(
                    DailyQuestion.group_id == group_id,
                    revealed(),
                    DailyQuestion.question_id.not_in(revisited),
                )
                .group_by(DailyQuestion.question_id)
                .having(accuracy < 0.6)
                .order_by(accuracy, DailyQuestion.question_id)
            )
        ).all()
        for question_id, _accuracy in rows:
            question = self._bank.get(question_id)
            if question is not None and not question.retired and question_id not in excluded:
                return question
        return None

    async def _card(
        self, session: AsyncSession, daily: DailyQuestion, group: Group
    ) -> QuestionCard:
        question = self._question(daily.question_id)
        return QuestionCard(
            daily_id=daily.id,
            guild_id=group.external_id,
            channel_id=daily.channel_id,
            message_id=daily.message_id,
            study_date=daily.study_date,
            question=question,
            domain_name=self._bank.exam.domain(question.domain).name,
            reveal_at=daily.reveal_at,
            answer_count=await _answer_count(session, daily.id),
            closed=daily.state not in OPEN_STATES,
            reveal_message_id=daily.reveal_message_id,
            reveal_channel_id=daily.reveal_channel_id or daily.channel_id,
            revisit=daily.revisit,
        )

    async def _settle_streaks(self, session: AsyncSession, daily: DailyQuestion) -> None:
        answered = set(
            (
                await session.scalars(
                    select(Answer.member_id).where(Answer.daily_question_id == daily.id)
                )
            ).all()
        )
        rows = {
            row.member_id: row
            for row in (
                await session.scalars(select(StreakRow).where(StreakRow.group_id == daily.group_id))
            ).all()
        }
        for member_id in answered | set(rows):
            row = rows.get(member_id)
            if row is None:
                row = StreakRow(group_id=daily.group_id, member_id=member_id, current=0, best=0)
                session.add(row)
            after = Streak(row.current, row.best).settle(member_id in answered)
            if (after.current, after.best) != (row.current, row.best):
                row.current, row.best = after.current, after.best
            if member_id in answered:
                row.last_study_date = daily.study_date

    async def _reveal_card(
        self, session: AsyncSession, daily: DailyQuestion, group: Group
    ) -> RevealCard:
        question = self._question(daily.question_id)
        rows = (
            await session.execute(
                select(Answer, Member)
                .join(Member, Member.id == Answer.member_id)
                .where(Answer.daily_question_id == daily.id)
                .order_by(Answer.first_answered_at, Answer.id)
            )
        ).all()
        counts = dict.fromkeys(question.letters, 0)
        for answer, _member in rows:
            for letter in pick_letters(answer.pick):
                counts[letter] = counts.get(letter, 0) + 1
        split = [
            OptionSplit(
                letter, question.options[letter], counts[letter], letter in question.answer_set
            )
            for letter in question.letters
        ]
        correct = [m for a, m in rows if a.is_correct]
        streaks = {
            row.member_id: row
            for row in (
                await session.scalars(
                    select(StreakRow).where(
                        StreakRow.group_id == daily.group_id,
                        StreakRow.last_study_date == daily.study_date,
                    )
                )
            ).all()
        }
        milestones = []
        for _answer, member in rows:
            row = streaks.get(member.id)
            if row is None:
                continue
            if is_milestone(row.current):
                milestones.append(Milestone(member.external_id, row.current, member.display_name))
        return RevealCard(
            daily_id=daily.id,
            guild_id=group.external_id,
            channel_id=daily.reveal_channel_id or daily.channel_id,
            question_channel_id=daily.channel_id,
            question_message_id=daily.message_id,
            study_date=daily.study_date,
            question=question,
            domain_name=self._bank.exam.domain(question.domain).name,
            answer_count=len(rows),
            correct_count=len(correct),
            split=split,
            correct_members=[m.external_id for m in correct],
            correct_names=[m.display_name for m in correct],
            quotes=_pick_quotes([(a, m) for a, m in rows]),
            milestones=milestones,
            reveal_message_id=daily.reveal_message_id,
            thread_id=daily.thread_id,
            open_reports=await open_report_count(session, daily.group_id, daily.question_id),
        )


def _post_window_open(schedule: StudySchedule, day: date, now: datetime) -> bool:
    return schedule.is_study_day(day) and schedule.post_at(day) <= now < schedule.reveal_at(day)


async def _answer_count(session: AsyncSession, daily_id: int) -> int:
    count = await session.scalar(
        select(func.count(Answer.id)).where(Answer.daily_question_id == daily_id)
    )
    return count or 0


def _pick_quotes(rows: list[tuple[Answer, Member]]) -> list[Quote]:
    """A few reasonings worth reading: a right one and a wrong one first, most confident first."""
    with_reasoning = [(a, m) for a, m in rows if a.reasoning]
    with_reasoning.sort(key=lambda am: (-(am[0].confidence or 0), am[0].first_answered_at))
    right = [am for am in with_reasoning if am[0].is_correct]
    wrong = [am for am in with_reasoning if not am[0].is_correct]
    chosen: list[tuple[Answer, Member]] = []
    for pool in (right, wrong):
        if pool:
            chosen.append(pool.pop(0))
    rest = sorted(right + wrong, key=lambda am: am[0].first_answered_at)
    chosen.extend(rest[: QUOTES_IN_REVEAL - len(chosen)])
    return [
        Quote(
            member_external_id=None if m.quote_anonymously else m.external_id,
            pick=a.pick,
            correct=a.is_correct,
            confidence=a.confidence,
            reasoning=a.reasoning or "",
            member_name=None if m.quote_anonymously else m.display_name,
        )
        for a, m in chosen
    ]
