"""Organiser controls: skip a study day, pause the group until a date, resume.

Each is idempotent (asking again changes nothing and says so) and lives in the database
(the group's days off, ``bot.core.days_off``), so the scheduler and the runner respect it
after a restart. The wording here is the same on every platform; adapters post ``note`` in
the group's channel when ``changed`` and show ``reply`` to the organiser.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.days_off import (
    MAX_PAUSE_DAYS,
    Change,
    DaysOffChange,
    active_pause,
    format_days_off,
    pause_until,
    resume,
    skip_day,
)
from bot.core.errors import InvalidInput
from bot.core.group_settings import parse_date
from bot.core.states import DailyState
from bot.db.engine import Database
from bot.db.models import DailyQuestion, Group
from bot.services.daily import PostNow
from bot.services.groups import GroupView, settings_of, view_of
from bot.services.members import find_group

STREAKS_SAFE = "Streaks are safe: a day without a question never breaks one."


@dataclass(frozen=True)
class ControlResult:
    """What an organiser's control did: ``note`` goes to the channel when ``changed``."""

    changed: bool
    reply: str
    note: str
    view: GroupView


def day_name(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _parse_day(text: str, what: str) -> date:
    try:
        return parse_date(text)
    except ValueError:
        raise InvalidInput([f"{what} “{text}” is not a date: use YYYY-MM-DD."]) from None


class ControlService:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def _change(
        self,
        platform: str,
        external_id: str,
        now: datetime,
        decide: _Decide,
    ) -> ControlResult | None:
        async with self._db.unit_of_work() as session:
            group = await find_group(session, platform, external_id)
            if group is None:
                return None
            settings = settings_of(group)
            today = settings.schedule.local_date(now)
            outcome = await decide(session, group, today)
            if outcome.change.change == Change.DONE:
                group.days_off = format_days_off(outcome.change.days_off)
                group.updated_at = now
                await session.flush()
            return ControlResult(
                changed=outcome.change.change == Change.DONE,
                reply=outcome.reply if outcome.change.change == Change.DONE else outcome.already,
                note=outcome.note,
                view=view_of(group, now),
            )

    async def skip(
        self, platform: str, external_id: str, day_text: str | None, now: datetime
    ) -> ControlResult | None:
        """Take one study day off (today when no date is given); None: no group."""

        async def decide(session: AsyncSession, group: Group, today: date) -> _Outcome:
            day = _parse_day(day_text, "The day") if day_text else today
            schedule = settings_of(group).schedule
            if day < today:
                raise InvalidInput([f"{day_name(day)} is over: pick today or a later day."])
            if day > today + timedelta(days=MAX_PAUSE_DAYS):
                raise InvalidInput(
                    [f"Pick a day within the next {MAX_PAUSE_DAYS} days (or pause the group)."]
                )
            if schedule.is_rest_day(day):
                raise InvalidInput(
                    [f"{day_name(day)} is already a rest day of the plan: nothing to skip."]
                )
            posted = await _day_state(session, group.id, day)
            if posted is not None:
                raise InvalidInput(
                    [
                        f"The question of {day_name(day)} is already out: it is revealed at "
                        "the usual time. Skip a later day instead."
                    ]
                )
            when = "Today" if day == today else day_name(day)
            return _Outcome(
                skip_day(schedule.days_off, day, today),
                reply=f"{when} has no question now. {STREAKS_SAFE}",
                already=f"{day_name(day)} was already taken off: nothing changed.",
                note=f"📅 No question {'today' if day == today else 'on ' + day_name(day)}: "
                f"an organiser took the day off. {STREAKS_SAFE}",
            )

        return await self._change(platform, external_id, now, decide)

    async def pause(
        self, platform: str, external_id: str, until_text: str, now: datetime
    ) -> ControlResult | None:
        """Pause from today until the given date (questions come back on it)."""

        async def decide(session: AsyncSession, group: Group, today: date) -> _Outcome:
            back_on = _parse_day(until_text, "The date to come back")
            if back_on <= today:
                raise InvalidInput(["Give the day questions come back, after today (YYYY-MM-DD)."])
            if back_on > today + timedelta(days=MAX_PAUSE_DAYS):
                raise InvalidInput([f"A pause lasts at most {MAX_PAUSE_DAYS} days."])
            schedule = settings_of(group).schedule
            open_today = await _day_state(session, group.id, today)
            still = (
                " Today's question is already out and is revealed as usual."
                if open_today in (DailyState.CLAIMED, DailyState.POSTED)
                else ""
            )
            return _Outcome(
                pause_until(schedule.days_off, back_on, today),
                reply=f"The group is paused; questions come back on {day_name(back_on)}."
                f"{still} {STREAKS_SAFE}",
                already=f"The group is already paused until {day_name(back_on)}: nothing changed.",
                note=f"🏖️ The study group is taking a break: questions come back on "
                f"{day_name(back_on)}. {STREAKS_SAFE} The plan's weeks do not move.",
            )

        return await self._change(platform, external_id, now, decide)

    async def resume(self, platform: str, external_id: str, now: datetime) -> ControlResult | None:
        """End the pause under way (nothing to do when the group is not paused)."""

        async def decide(session: AsyncSession, group: Group, today: date) -> _Outcome:
            schedule = settings_of(group).schedule
            return _Outcome(
                resume(schedule.days_off, today),
                reply="The pause is over: questions come back on the next study day.",
                already="The group is not paused: nothing changed.",
                note="▶️ The break is over: the daily question is back from the next study day.",
            )

        return await self._change(platform, external_id, now, decide)

    async def paused_until(self, platform: str, external_id: str, now: datetime) -> date | None:
        """The day questions come back when the group is paused (for summaries)."""
        async with self._db.unit_of_work() as session:
            group = await find_group(session, platform, external_id)
            if group is None:
                return None
            schedule = settings_of(group).schedule
            pause = active_pause(schedule.days_off, schedule.local_date(now))
            return pause.last + timedelta(days=1) if pause else None


@dataclass(frozen=True)
class _Outcome:
    change: DaysOffChange
    reply: str
    already: str
    note: str


async def _day_state(session: AsyncSession, group_id: int, day: date) -> DailyState | None:
    """The state of the group's question of ``day``, when there is one."""
    state = await session.scalar(
        select(DailyQuestion.state).where(
            DailyQuestion.group_id == group_id,
            DailyQuestion.study_date == day,
            DailyQuestion.state != DailyState.SKIPPED,
        )
    )
    return DailyState(state) if state is not None else None


_Decide = Callable[[AsyncSession, Group, date], Awaitable[_Outcome]]


POST_NOW_REPLIES = {
    PostNow.POSTED: "Today's question is out. Its answer is revealed at the usual reveal time.",
    PostNow.NOT_STUDY_DAY: "Today is a rest day of the plan (or before it starts): there is "
    "no question to post.",
    PostNow.DAY_OFF: "Today was taken off (skipped or paused): there is no question to post. "
    "Resume the group first if the pause should end.",
    PostNow.TOO_LATE: "Today's reveal time has passed: the next question comes on the next "
    "study day.",
    PostNow.PREVIOUS_OPEN: "The previous question is still open: it is revealed first.",
    PostNow.READY: "I could not post in the channel just now (the organisers hear why); "
    "it is tried again on the next pass.",
}


def post_now_reply(status: PostNow, already: bool) -> str:
    """What the organiser hears after asking for today's question now."""
    if status == PostNow.POSTED and already:
        return "Today's question was already out: nothing changed."
    return POST_NOW_REPLIES[status]
