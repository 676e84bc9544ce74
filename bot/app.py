"""Composition root: settings → database → content → services → scheduler → chat clients.

One process serves every platform whose credentials are set, on one database: each platform
gets its own :class:`Services` (the services speak for that platform's members and groups),
its own runner, scheduler and publisher (see :meth:`Services.for_platform`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.config import Settings
from bot.content.loader import Bank, load_bank
from bot.core.clock import Clock, SystemClock
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from bot.observability import Metrics
from bot.scheduling.jobs import StudyScheduler
from bot.services.controls import ControlService
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from bot.services.hands_on import HandsOnService
from bot.services.items import ItemAnalysisService
from bot.services.me import MeService
from bot.services.miss_tags import MissTagService
from bot.services.mistakes import MistakesService
from bot.services.mock import MockService
from bot.services.mock.rsvp import MockRsvps
from bot.services.notices import NoticeService
from bot.services.overview import OverviewService
from bot.services.pings import PingService
from bot.services.plan import PlanService
from bot.services.practice import PracticeService
from bot.services.privacy import PrivacyService
from bot.services.reports import ReportService
from bot.services.review import ReviewService
from bot.services.runner import Publisher, Runner
from bot.services.stats import StatsService

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything one platform's adapter needs; the database, bank, clock and metrics are
    shared by the platforms of the process."""

    platform: str
    settings: Settings
    clock: Clock
    database: Database
    bank: Bank
    groups: GroupService
    daily: DailyService
    reports: ReportService
    notices: NoticeService
    plan: PlanService
    me: MeService
    stats: StatsService
    mistakes: MistakesService
    review: ReviewService
    privacy: PrivacyService
    mocks: MockService
    mock_rsvps: MockRsvps
    practice: PracticeService
    items: ItemAnalysisService
    hands_on: HandsOnService
    miss_tags: MissTagService
    controls: ControlService
    pings: PingService
    metrics: Metrics = field(default_factory=Metrics)
    scheduler: StudyScheduler | None = field(default=None)
    _schedule_stopped: bool = field(default=False, repr=False)
    _closed: bool = field(default=False, repr=False)

    @property
    def runner(self) -> Runner:
        if self.scheduler is None:
            raise RuntimeError("the schedule has not been started")
        return self.scheduler.runner

    async def start_schedule(
        self, publisher: Publisher, owns_group: Callable[[str], bool] = lambda _g: True
    ) -> None:
        runner = Runner(
            self.daily,
            self.groups,
            self.notices,
            self.mocks,
            publisher,
            self.clock,
            owns_group,
            self.metrics,
            platform=self.platform,
            overviews=OverviewService(self.database, self.bank),
        )
        self.scheduler = StudyScheduler(
            runner, self.groups, self.clock, self.settings.catch_up_interval_seconds, owns_group
        )
        self._schedule_stopped = False
        await self.scheduler.start()

    async def reschedule_group(self, group_id: int) -> None:
        if self.scheduler is not None:
            await self.scheduler.resync(group_id)

    async def refresh_overview(self, external_id: str) -> None:
        """Bring a group's pinned overview up to date after a change (settings, days off,
        mock nights); adapters call it after answering, so the reply never waits for it."""
        group = await self.groups.get(self.platform, external_id, self.clock.now())
        if group is not None and self.scheduler is not None:
            await self.scheduler.runner.refresh_overview(group.id)

    async def stop_schedule(self) -> None:
        """Stop waking up, then let a pass that is under way finish (once)."""
        if self.scheduler is not None and not self._schedule_stopped:
            self._schedule_stopped = True
            await self.scheduler.stop()
            await self.scheduler.runner.wait_idle()
            log.info("scheduler stopped")

    async def close(self) -> None:
        """Stop the schedule and close the database's connections (once)."""
        if self._closed:
            return
        self._closed = True
        await self.stop_schedule()
        await self.database.dispose()
        log.info("database closed")

    def for_platform(self, platform: str) -> Services:
        """The services of another platform on the same database, bank, clock and metrics
        (with a schedule of its own, not started)."""
        return replace(
            _wire(self.settings, self.clock, self.database, self.bank, platform),
            metrics=self.metrics,
        )


async def build_services(
    settings: Settings, clock: Clock | None = None, *, bank: Bank | None = None, platform: str
) -> Services:
    """Load and check content (unless given), wait for the database (for up to
    ``DATABASE_RETRY_SECONDS``), bring its schema up to date and wire the services of
    ``platform`` (others: :meth:`Services.for_platform`)."""
    bank = bank or load_bank(settings.content_dir)
    database = Database.from_url(settings.database_url)
    try:
        await database.wait_until_reachable(settings.database_retry_seconds)
        await upgrade_to_head(database)
    except BaseException:
        await database.dispose()
        raise
    return _wire(settings, clock or SystemClock(), database, bank, platform)


def _wire(
    settings: Settings, clock: Clock, database: Database, bank: Bank, platform: str
) -> Services:
    return Services(
        platform=platform,
        settings=settings,
        clock=clock,
        database=database,
        bank=bank,
        groups=GroupService(database),
        daily=DailyService(database, bank, platform),
        reports=ReportService(database, platform),
        notices=NoticeService(database, bank),
        plan=PlanService(database, bank, platform),
        me=MeService(database, platform),
        stats=StatsService(database, bank, platform),
        mistakes=MistakesService(database, bank, platform),
        review=ReviewService(database, bank, platform),
        privacy=PrivacyService(database, platform),
        mocks=MockService(database, bank, platform),
        mock_rsvps=MockRsvps(database, platform),
        practice=PracticeService(database, bank, platform),
        items=ItemAnalysisService(database, bank),
        hands_on=HandsOnService(database, bank, platform),
        miss_tags=MissTagService(database, bank, platform),
        controls=ControlService(database),
        pings=PingService(database, platform),
    )
