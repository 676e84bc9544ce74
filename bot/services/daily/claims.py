"""Claiming a study day's question: which question, and the idempotent claim of the post.

The unique (group, study date, timezone) row is the claim for a day's post, and the state
column (claimed → posted → revealing → revealed, or skipped) records how far it got."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import Integer, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.errors import NotFound
from bot.core.plan import PlanWeek, current_week, focus_weights
from bot.core.schedule import StudySchedule, local_instant
from bot.core.selection import Candidate, choose_question
from bot.core.states import OPEN_STATES, UPCOMING_STATUSES, DailyState
from bot.db.claims import insert_returning_new
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, Group, MockNight
from bot.db.queries import answer_count
from bot.db.secrecy import questions_on_running_papers, revealed
from bot.services.daily.cards import QuestionCard
from bot.services.groups import GroupView, settings_of
from bot.services.pings import subscribers, subscribers_of
from bot.services.plan import week_focus
from bot.services.transitions import Transitions


def _post_window_open(
    schedule: StudySchedule, day: date, now: datetime, early: bool = False
) -> bool:
    opens = now if early else schedule.post_at(day)
    return schedule.is_study_day(day) and opens <= now < schedule.reveal_at(day)


def _local_day(schedule: StudySchedule, day: date) -> tuple[datetime, datetime]:
    """Where the group's local ``day`` starts and ends (a question claimed in between is
    that day's, whatever date it was claimed for)."""
    return (
        local_instant(day, time(0), schedule.zone),
        local_instant(day + timedelta(days=1), time(0), schedule.zone),
    )


def _claim_values(
    group: Group,
    schedule: StudySchedule,
    day: date,
    question: Candidate,
    now: datetime,
    revisit: bool,
) -> dict[str, object]:
    """The row that claims ``day``'s post of ``group`` for ``question``."""
    return {
        "group_id": group.id,
        "study_date": day,
        "timezone": schedule.timezone,
        "question_id": question.question_id,
        "domain": question.domain,
        "state": DailyState.CLAIMED,
        "channel_id": group.channel_id,
        "claimed_at": now,
        "reveal_at": schedule.reveal_at(day),
        "revisit": revisit,
    }


class PostNow(StrEnum):
    """Whether an organiser can have today's question posted now, and if not, why."""

    READY = "ready"
    POSTED = "posted"  # the question of today is out (or being posted)
    NOT_STUDY_DAY = "not-study-day"  # a rest weekday, or before the plan starts
    DAY_OFF = "day-off"  # skipped or paused
    TOO_LATE = "too-late"  # today's reveal time has passed
    PREVIOUS_OPEN = "previous-open"  # the previous question is not revealed yet


@dataclass(frozen=True)
class _Due:
    """A group whose post window is open, as ``claim_posts`` sees it."""

    group: Group
    schedule: StudySchedule
    today: date
    week: PlanWeek


class Claims(Transitions):
    """The claiming side of ``DailyService``."""

    _db: Database
    _bank: Bank
    _platform: str

    async def claim_posts(self, group_ids: Sequence[int], now: datetime) -> dict[int, QuestionCard]:
        """Claim today's question of many groups in one transaction (the scheduled pass).

        The set-based form of :meth:`claim_post` for the common case: the group's post is
        due, nothing is claimed for today and nothing is still open. A handful of statements
        serve every group instead of a transaction each. Groups with anything unusual (a claim
        already there, a mock night to come whose paper must stay out of the dailies, the
        plan's final stretch with its revisits, a claim another process made at the same
        moment) are left out; :meth:`claim_post` handles them one by one, as before. The
        same question is chosen either way (the draw is seeded by group and day).

        Returns the fresh claims by group id; each is posted without looking first.
        """
        if not group_ids:
            return {}
        async with self._db.unit_of_work() as session:
            groups = (await session.scalars(select(Group).where(Group.id.in_(group_ids)))).all()
            due: dict[int, _Due] = {}
            for group in groups:
                settings = settings_of(group)
                schedule = settings.schedule
                today = schedule.local_date(now)
                if not _post_window_open(schedule, today, now):
                    continue
                week = current_week(settings.plan_start, settings.exam_date, today)
                if week.final_stretch:
                    continue
                due[group.id] = _Due(group, schedule, today, week)
            if not due:
                return {}
            for group_id in await self._groups_to_leave(session, due, now):
                del due[group_id]
            if not due:
                return {}
            history: dict[int, list[Candidate]] = {group_id: [] for group_id in due}
            for row in await session.execute(
                select(DailyQuestion.group_id, DailyQuestion.question_id, DailyQuestion.domain)
                .where(DailyQuestion.group_id.in_(due), DailyQuestion.revisit.is_(False))
                .order_by(DailyQuestion.id)
            ):
                history[row.group_id].append(Candidate(row.question_id, row.domain))
            active = [Candidate(q.id, q.domain) for q in self._bank.active]
            rows = [
                _claim_values(
                    one.group,
                    one.schedule,
                    one.today,
                    self._draw(active, one.group.id, one.today, one.week, history[group_id]),
                    now,
                    revisit=False,
                )
                for group_id, one in due.items()
            ]
            claimed = await insert_returning_new(
                session,
                DailyQuestion,
                rows,
                ["group_id", "study_date", "timezone"],
                DailyQuestion.id,
            )
            if not claimed:
                return {}
            pings = await subscribers_of(session, [int(r.group_id) for r in claimed])
            rows_by_group = {row["group_id"]: row for row in rows}
            return {
                row.group_id: self._posting(
                    self._card_from(
                        DailyQuestion(id=row.id, **rows_by_group[row.group_id]),
                        due[row.group_id].group,
                        answers=0,
                    ),
                    due[row.group_id].group,
                    pings.get(row.group_id, []),
                    fresh=True,
                )
                for row in claimed
            }

    @staticmethod
    async def _groups_to_leave(
        session: AsyncSession, due: dict[int, _Due], now: datetime
    ) -> set[int]:
        """Of the due groups, those ``claim_posts`` leaves to ``claim_post``: a question of
        today or one still open already there, or a mock night to come or running."""
        earliest = min(one.today for one in due.values()) - timedelta(days=1)
        leave: set[int] = set()
        rows = await session.execute(
            select(
                DailyQuestion.group_id,
                DailyQuestion.study_date,
                DailyQuestion.timezone,
                DailyQuestion.claimed_at,
                DailyQuestion.state,
                DailyQuestion.reveal_at,
            ).where(
                DailyQuestion.group_id.in_(due),
                (DailyQuestion.study_date >= earliest)
                | (DailyQuestion.reveal_at > now)
                | (DailyQuestion.claimed_at >= now - timedelta(days=2)),
            )
        )
        for row in rows:
            one = due[row.group_id]
            day_starts, day_ends = _local_day(one.schedule, one.today)
            if (
                (row.study_date == one.today and row.timezone == one.schedule.timezone)
                or (row.claimed_at is not None and day_starts <= row.claimed_at < day_ends)
                or (row.state in OPEN_STATES and row.reveal_at > now)
            ):
                leave.add(row.group_id)
        leave |= set(
            (
                await session.scalars(
                    select(MockNight.group_id).where(
                        MockNight.group_id.in_(due), MockNight.status.in_(UPCOMING_STATUSES)
                    )
                )
            ).all()
        )
        return leave

    async def groups_that_may_claim(self, views: Sequence[GroupView], now: datetime) -> set[int]:
        """Of ``views``, the groups for which :meth:`claim_post` could claim or return
        anything now: those whose post window is open, and those holding a claim not yet
        posted (an early post that a stop interrupted). A pass asks nothing of the others:
        one read for all groups instead of a transaction per group on every sweep."""
        may = {
            view.id
            for view in views
            if _post_window_open(view.schedule, view.schedule.local_date(now), now)
        }
        rest = [view.id for view in views if view.id not in may]
        if rest:
            async with self._db.unit_of_work() as session:
                held = await session.scalars(
                    select(DailyQuestion.group_id)
                    .where(
                        DailyQuestion.group_id.in_(rest),
                        DailyQuestion.state == DailyState.CLAIMED,
                    )
                    .distinct()
                )
                may.update(held)
        return may

    async def claim_post(
        self, group_id: int, now: datetime, *, early: bool = False
    ) -> QuestionCard | None:
        """Claim today's question for a group when its post is due; None when nothing to do.

        ``early``: an organiser asked for it before the post time (the reveal time stays).

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
            existing = await self._todays(session, group_id, schedule, now)
            if existing is not None:
                if existing.state == DailyState.CLAIMED and now < existing.reveal_at:
                    return await self._to_post(session, existing, group, fresh=False)
                return None
            if not _post_window_open(schedule, today, now, early):
                return None
            if await self._previous_open(session, group_id, now):
                return None
            question, revisit = await self._choose(session, group, today, now)
            daily = DailyQuestion(
                **_claim_values(
                    group,
                    schedule,
                    today,
                    Candidate(question.id, question.domain),
                    now,
                    revisit,
                )
            )
            session.add(daily)
            try:
                await session.flush()
            except IntegrityError:
                # Another process claimed this day first: it posts, we do not.
                await session.rollback()
                return None
            return await self._to_post(session, daily, group, fresh=True)

    async def _to_post(
        self, session: AsyncSession, daily: DailyQuestion, group: Group, fresh: bool
    ) -> QuestionCard:
        """The card a post is made from: with who asked to be pinged."""
        return self._posting(
            await self._card(session, daily, group),
            group,
            await subscribers(session, group.id),
            fresh,
        )

    @staticmethod
    def _posting(card: QuestionCard, group: Group, members: list[str], fresh: bool) -> QuestionCard:
        """``card`` as it is posted: whether the claim is new, and who is pinged."""
        return replace(
            card, fresh_claim=fresh, ping_role_id=group.ping_role_id, ping_members=tuple(members)
        )

    async def post_now_status(self, group_id: int, now: datetime) -> PostNow:
        """Whether today's question can be posted ahead of its time (``/setup post-now``)."""
        async with self._db.unit_of_work() as session:
            group = await session.get(Group, group_id)
            if group is None:
                raise NotFound("That study group does not exist any more.")
            schedule = settings_of(group).schedule
            today = schedule.local_date(now)
            if await self._todays(session, group_id, schedule, now) is not None:
                return PostNow.POSTED
            if schedule.is_day_off(today):
                return PostNow.DAY_OFF
            if not schedule.is_study_day(today):
                return PostNow.NOT_STUDY_DAY
            if now >= schedule.reveal_at(today):
                return PostNow.TOO_LATE
            if await self._previous_open(session, group_id, now):
                return PostNow.PREVIOUS_OPEN
            return PostNow.READY

    @staticmethod
    async def _previous_open(session: AsyncSession, group_id: int, now: datetime) -> bool:
        still_open = await session.scalar(
            select(DailyQuestion.id).where(
                DailyQuestion.group_id == group_id,
                DailyQuestion.state.in_(OPEN_STATES),
                DailyQuestion.reveal_at > now,
            )
        )
        return still_open is not None

    @staticmethod
    async def _todays(
        session: AsyncSession, group_id: int, schedule: StudySchedule, now: datetime
    ) -> DailyQuestion | None:
        """The group's question of today (by date, or claimed today), if any."""
        today = schedule.local_date(now)
        day_starts, day_ends = _local_day(schedule, today)
        return await session.scalar(
            select(DailyQuestion)
            .where(
                DailyQuestion.group_id == group_id,
                (
                    (DailyQuestion.study_date == today)
                    & (DailyQuestion.timezone == schedule.timezone)
                )
                | (
                    (DailyQuestion.claimed_at >= day_starts) & (DailyQuestion.claimed_at < day_ends)
                ),
            )
            .order_by(DailyQuestion.id.desc())
            .limit(1)
        )

    async def question_card(self, daily_id: int) -> QuestionCard:
        async with self._db.unit_of_work() as session:
            daily = await session.get(DailyQuestion, daily_id)
            if daily is None:
                raise NotFound("That question does not exist any more.")
            group = await session.get(Group, daily.group_id)
            assert group is not None
            return await self._card(session, daily, group)

    def _question(self, question_id: str) -> Question:
        question = self._bank.get(question_id)
        if question is None:
            raise NotFound(f"Question {question_id} is no longer in the bank.")
        return question

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
        picked = self._draw(active, group.id, day, week, history)
        return self._question(picked.question_id), False

    def _draw(
        self,
        active: list[Candidate],
        group_id: int,
        day: date,
        week: PlanWeek,
        history: list[Candidate],
    ) -> Candidate:
        """A new question for ``group_id`` on ``day``: the week's focus, no repeats, and the
        same draw wherever it is made (seeded by group and day)."""
        weights = focus_weights(self._bank.exam.weights, week_focus(self._bank, week))
        return choose_question(active, weights, history, random.Random(f"{group_id}:{day}"))

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
        return self._card_from(daily, group, await answer_count(session, daily.id))

    def _card_from(self, daily: DailyQuestion, group: Group, answers: int) -> QuestionCard:
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
            answer_count=answers,
            closed=daily.state not in OPEN_STATES,
            reveal_message_id=daily.reveal_message_id,
            reveal_channel_id=daily.reveal_channel_id or daily.channel_id,
            revisit=daily.revisit,
        )
