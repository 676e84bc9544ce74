"""Hands-on weeks: a member ticks off the steps of a theme's task and may reflect on it;
``/plan`` shows their progress, the weekly recap how many finished (no names), ``/stats``
which tasks they finished. Rules in ``bot.core.hands_on``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.core.errors import InvalidInput, NotFound
from bot.core.hands_on import clean_reflection, is_finished, open_themes
from bot.core.text import plural
from bot.db.engine import Database
from bot.db.models import Group, HandsOnReflection, HandsOnStep
from bot.services.groups import settings_of
from bot.services.members import ensure_membership, find_group, find_member, get_or_create_member


@dataclass(frozen=True)
class HandsOnProgress:
    """One theme's hands-on task as a member stands on it."""

    theme: int
    title: str
    goal: str
    steps: list[str]
    done: list[int]  # step numbers, 1-based
    reflection: str | None
    can_tick: bool  # the plan has reached this theme

    @property
    def finished(self) -> bool:
        return is_finished(self.done, len(self.steps))


@dataclass(frozen=True)
class HandsOnTally:
    """How the group did on one theme's task: counts only, never names."""

    title: str
    finished: int
    started: int  # ticked at least one step but not all


def checklist_lines(progress: HandsOnProgress) -> list[str]:
    """ "✅ 1. Load …" / "⬜ 2. Train …", the same words on every platform."""
    return [
        f"{'✅' if n in progress.done else '⬜'} {n}. {step}"
        for n, step in enumerate(progress.steps, start=1)
    ]


def progress_line(progress: HandsOnProgress) -> str:
    if progress.finished:
        return "Finished — well done."
    if not progress.can_tick:
        return "Opens when the plan reaches this week."
    return f"{len(progress.done)} of {len(progress.steps)} steps done."


def tally_line(tally: HandsOnTally) -> str:
    """The weekly recap's line for a theme's task."""
    started = f", {tally.started} more under way" if tally.started else ""
    return f"“{tally.title}”: {plural(tally.finished, 'member')} finished{started}."


async def _done_steps(session: AsyncSession, group_id: int, member_id: int) -> dict[int, list[int]]:
    rows = await session.execute(
        select(HandsOnStep.theme, HandsOnStep.step)
        .where(HandsOnStep.group_id == group_id, HandsOnStep.member_id == member_id)
        .order_by(HandsOnStep.theme, HandsOnStep.step)
    )
    done: dict[int, list[int]] = {}
    for theme, step in rows:
        done.setdefault(int(theme), []).append(int(step))
    return done


async def member_progress(
    session: AsyncSession,
    bank: Bank,
    group: Group,
    member_id: int | None,
    themes: Sequence[int],
    now: datetime,
) -> list[HandsOnProgress]:
    """The hands-on tasks of these themes (revision weeks have none) for one member."""
    settings = settings_of(group)
    reached = open_themes(
        settings.plan_start, settings.exam_date, settings.schedule.local_date(now)
    )
    done = await _done_steps(session, group.id, member_id) if member_id else {}
    notes = {}
    if member_id:
        notes = {
            r.theme: r.text
            for r in await session.scalars(
                select(HandsOnReflection).where(
                    HandsOnReflection.group_id == group.id, HandsOnReflection.member_id == member_id
                )
            )
        }
    progress = []
    for number in themes:
        if number == 0:
            continue
        task = bank.plan.hands_on(number)
        progress.append(
            HandsOnProgress(
                theme=number,
                title=task.title,
                goal=task.goal,
                steps=list(task.steps),
                done=[s for s in done.get(number, []) if s <= len(task.steps)],
                reflection=notes.get(number),
                can_tick=number in reached,
            )
        )
    return progress


async def member_finished(
    session: AsyncSession, bank: Bank, group_id: int, member_id: int
) -> list[HandsOnProgress]:
    """Every task the member has ticked at least one step of, in theme order (``/stats``)."""
    done = await _done_steps(session, group_id, member_id)
    shown = []
    for week in bank.plan.weeks:
        if week.number in done:
            shown.append(
                HandsOnProgress(
                    week.number,
                    week.hands_on.title,
                    week.hands_on.goal,
                    list(week.hands_on.steps),
                    done[week.number],
                    None,
                    True,
                )
            )
    return shown


async def group_tallies(
    session: AsyncSession, bank: Bank, group_id: int, themes: Sequence[int]
) -> list[HandsOnTally]:
    """How many members finished (or started) each theme's task, for the weekly recap."""
    tallies = []
    for number in themes:
        if number == 0:
            continue
        task = bank.plan.hands_on(number)
        counts = (
            await session.execute(
                select(func.count(HandsOnStep.step))
                .where(
                    HandsOnStep.group_id == group_id,
                    HandsOnStep.theme == number,
                    HandsOnStep.step <= len(task.steps),
                )
                .group_by(HandsOnStep.member_id)
            )
        ).all()
        finished = sum(1 for (n,) in counts if n >= len(task.steps))
        tallies.append(HandsOnTally(task.title, finished, len(counts) - finished))
    return tallies


class HandsOnService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    async def _group(self, session: AsyncSession, guild_id: str) -> Group:
        group = await find_group(session, self._platform, guild_id)
        if group is None:
            raise NotFound("There is no study group here yet.")
        return group

    def _theme(self, theme: int) -> int:
        if not any(w.number == theme for w in self._bank.plan.weeks):
            raise NotFound("That week has no hands-on task.")
        return theme

    async def progress(
        self, guild_id: str, user_id: str, theme: int, now: datetime
    ) -> HandsOnProgress:
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            member = await find_member(session, self._platform, user_id)
            (shown,) = await member_progress(
                session, self._bank, group, member.id if member else None, [self._theme(theme)], now
            )
            return shown

    async def set_steps(
        self,
        guild_id: str,
        user_id: str,
        display_name: str,
        theme: int,
        steps: Sequence[int],
        now: datetime,
    ) -> HandsOnProgress:
        """The member's ticked steps of a theme become exactly ``steps`` (sending the same
        choice twice changes nothing)."""
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            await ensure_membership(session, group, member, now)
            (before,) = await member_progress(
                session, self._bank, group, member.id, [self._theme(theme)], now
            )
            if not before.can_tick:
                raise InvalidInput(
                    [
                        "This week's hands-on task opens when the plan reaches it; "
                        "finish the current one first."
                    ]
                )
            wanted = set(steps)
            if not wanted <= set(range(1, len(before.steps) + 1)):
                raise InvalidInput([f"Steps go from 1 to {len(before.steps)}."])
            await session.execute(
                delete(HandsOnStep).where(
                    HandsOnStep.group_id == group.id,
                    HandsOnStep.member_id == member.id,
                    HandsOnStep.theme == theme,
                    HandsOnStep.step.not_in(wanted),
                )
            )
            for step in sorted(wanted - set(before.done)):
                session.add(
                    HandsOnStep(
                        group_id=group.id, member_id=member.id, theme=theme, step=step, done_at=now
                    )
                )
            await session.flush()
            (after,) = await member_progress(session, self._bank, group, member.id, [theme], now)
            return after

    async def reflect(
        self, guild_id: str, user_id: str, display_name: str, theme: int, text: str, now: datetime
    ) -> HandsOnProgress:
        """Keep, change or (with empty text) clear the member's reflection on a task."""
        cleaned = clean_reflection(text)
        async with self._db.unit_of_work() as session:
            group = await self._group(session, guild_id)
            member = await get_or_create_member(session, self._platform, user_id, display_name, now)
            await ensure_membership(session, group, member, now)
            self._theme(theme)
            row = await session.get(HandsOnReflection, (group.id, member.id, theme))
            if cleaned is None:
                if row is not None:
                    await session.delete(row)
            elif row is None:
                session.add(
                    HandsOnReflection(
                        group_id=group.id,
                        member_id=member.id,
                        theme=theme,
                        text=cleaned,
                        updated_at=now,
                    )
                )
            else:
                row.text, row.updated_at = cleaned, now
            await session.flush()
            (after,) = await member_progress(session, self._bank, group, member.id, [theme], now)
            return after


def stats_title(tasks: Sequence[HandsOnProgress], themes: int) -> str:
    finished = sum(1 for t in tasks if t.finished)
    return f"Hands-on weeks: {finished} of {themes} tasks finished"


def stats_lines(tasks: Sequence[HandsOnProgress]) -> list[str]:
    """``/stats``: each task the member worked on, finished or how far."""
    return [
        f"✅ {t.title}" if t.finished else f"◻ {t.title} ({len(t.done)}/{len(t.steps)} steps)"
        for t in tasks
    ]
