"""The scheduler. The database is the source of truth; jobs are only wake-up calls.

- One job per group for the post and one for the reveal, firing at the instants the group's
  schedule names (``bot.core.schedule``, daylight-saving rules included), with stable ids
  (``post:<group>``, ``reveal:<group>``) and ``replace_existing``.
- A sweep every ``sweep_seconds`` runs the catch-up pass for everything (a missed wake-up,
  a daylight-saving gap or a failed attempt is done on the next sweep).
- At start the catch-up pass runs once straight away.
Every job calls the idempotent runner, so an extra wake-up never posts twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.clock import Clock
from bot.core.schedule import StudySchedule
from bot.services.groups import GroupService, GroupView
from bot.services.runner import Runner

log = logging.getLogger(__name__)


class StudyDayTrigger(BaseTrigger):
    """Fires at a group's post (or reveal) instant on each study day, as the schedule
    computes it, so the wake-up calls can never disagree with the rules (a post time in a
    daylight-saving gap moves the reveal with it, which no cron expression can say)."""

    def __init__(self, schedule: StudySchedule, which: str) -> None:
        self.schedule = schedule
        self.instant = schedule.post_at if which == "post" else schedule.reveal_at

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        after = previous_fire_time or now
        day = self.schedule.local_date(after) - timedelta(days=1)
        if not self.schedule.is_study_day(day):
            day = self.schedule.next_study_day(day)
        while True:
            moment = self.instant(day)
            if moment > after or (previous_fire_time is None and moment == now):
                return moment
            day = self.schedule.next_study_day(day)


def trigger_for(view: GroupView, which: str) -> StudyDayTrigger:
    """The trigger for a group's daily post or reveal."""
    return StudyDayTrigger(view.schedule, which)


class StudyScheduler:
    """The wake-up calls of one platform's groups (its runner's platform)."""

    def __init__(
        self,
        runner: Runner,
        groups: GroupService,
        clock: Clock,
        sweep_seconds: int = 60,
        owns_group: Callable[[str], bool] = lambda _group_id: True,
    ) -> None:
        self.runner = runner
        self._owns_group = owns_group
        self._groups = groups
        self._clock = clock
        self._sweep_seconds = sweep_seconds
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._running: set[asyncio.Task[Any]] = set()

    async def _wake(self, action: Callable[..., Awaitable[None]], *args: object) -> None:
        """Every job runs through here, so :meth:`stop` can let a wake-up under way finish
        (APScheduler's own shutdown would cancel it half-way)."""
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await action(*args)
        finally:
            if task is not None:
                self._running.discard(task)

    async def start(self) -> None:
        self.scheduler.start()
        for view in await self._groups.all(self.runner.platform, self._clock.now()):
            if self._owns_group(view.external_id):
                self.sync(view)
        self.scheduler.add_job(
            self._wake,
            IntervalTrigger(seconds=self._sweep_seconds),
            args=[self.runner.run_due],
            id="sweep",
            name="catch-up sweep",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        # The start-up catch-up, as a job so that it runs once the client is connected.
        self._catch_up_now()
        log.info("scheduler started with %d jobs", len(self.scheduler.get_jobs()))

    def sync(self, view: GroupView) -> None:
        """Create or replace a group's jobs from its current settings."""
        for which, action in (
            ("post", self.runner.post_for_group),
            ("reveal", self.runner.reveal_for_group),
        ):
            self.scheduler.add_job(
                self._wake,
                trigger_for(view, which),
                args=[action, view.id],
                id=f"{which}:{view.id}",
                name=f"{which} for group {view.id}",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=int(timedelta(hours=1).total_seconds()),
            )

    async def resync(self, group_id: int) -> None:
        view = await self._groups.by_id(group_id, self._clock.now())
        if (
            view is not None
            and view.platform == self.runner.platform
            and self._owns_group(view.external_id)
        ):
            self.sync(view)
        self._catch_up_now()

    def _catch_up_now(self) -> None:
        self.scheduler.add_job(
            self._wake,
            args=[self.runner.run_due],
            id="catch-up",
            name="catch-up",
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def stop(self) -> None:
        """Stop waking up, let the wake-ups under way finish, then shut the scheduler down
        (nothing is left for it to cancel)."""
        if not self.scheduler.running:
            return
        self.scheduler.pause()
        await asyncio.sleep(0)  # wake-ups submitted just now enter ``_wake``
        while self._running:
            await asyncio.gather(*list(self._running), return_exceptions=True)
        self.scheduler.shutdown(wait=False)

    def shutdown(self) -> None:
        """Shut down at once; a wake-up under way is cancelled (use :meth:`stop`)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
