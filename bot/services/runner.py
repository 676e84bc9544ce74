"""What the clock does: post due questions and reveal due answers, through a publisher.

Each platform has its own runner, publisher and scheduler: a runner only ever sees the
groups of its platform. The publisher is the port to the chat platform (one per adapter).
It looks before it posts: a message that was sent just before a crash is found again by the
marker it carries, so a restart repeats nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.core.clock import Clock
from bot.core.states import DailyState, MockStatus, NoticeKind, SendState
from bot.db.models import Announcement, DailyQuestion, DirectMessage, MockNight
from bot.services.daily import DailyService, DueReveal, PostNow, QuestionCard, RevealCard
from bot.services.groups import GroupService, GroupView
from bot.services.mock import Debrief, MockService, MockView
from bot.services.notices import DirectNotice, Notice, NoticeService
from bot.services.overview import Overview, OverviewService

log = logging.getLogger(__name__)
REFUSED = "refused"
#: Groups whose scheduled work runs at the same time in one pass (each group's own steps
#: stay in order). Waits on the platform overlap; the database still sees short
#: transactions (SQLite runs them one at a time).
GROUPS_AT_ONCE = 200  # the code of a ChannelProblem for a message the platform will never take


class ChannelProblem(Exception):
    """The group's channel cannot be used (permissions missing, channel deleted).

    ``code`` names the kind of problem so that organisers hear of it once a day, not on
    every retry; the work itself is retried on every pass until the problem is fixed.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def refused(self) -> bool:
        """The platform refuses this message for good: retrying it cannot help."""
        return self.code.split(":")[0] == REFUSED


class Observer(Protocol):
    """Where the runner reports how it is doing (metrics); optional."""

    def observe_lag(self, action: str, seconds: float) -> None: ...

    def observe_pass(self, at: datetime) -> None: ...

    def observe_error(self, kind: str) -> None: ...


class _Unobserved:
    def observe_lag(self, action: str, seconds: float) -> None:
        return None

    def observe_pass(self, at: datetime) -> None:
        return None

    def observe_error(self, kind: str) -> None:
        return None


class Publisher(Protocol):
    """The chat side of scheduled work. Every method must be safe to call again."""

    #: How many groups' work a pass runs at the same time (each group's own steps stay in
    #: order): more than one where the platform limits each group on its own, so that one
    #: group waiting on its limit holds up no other.
    groups_at_once: int

    async def publish_question(self, card: QuestionCard) -> str:
        """Post the question (unless a message for it already exists); its message id."""
        ...

    async def find_question(self, card: QuestionCard) -> str | None:
        """The id of an already posted message for this question, if any."""
        ...

    async def publish_reveal(self, card: RevealCard) -> str:
        """Post the reveal (unless it already exists); its message id."""
        ...

    async def open_thread(self, card: RevealCard, reveal_message_id: str) -> str | None:
        """Open (or find) the discussion thread on the reveal; None when not possible."""
        ...

    async def close_question(self, card: QuestionCard) -> None:
        """Disable the answer buttons and show the final count."""
        ...

    async def check_channel(self, guild_id: str, channel_id: str) -> None:
        """Raise ChannelProblem when the bot lacks what it needs in the channel."""
        ...

    async def report_to_organisers(self, guild_id: str, message: str) -> bool:
        """Tell the group's organisers about a problem (by DM)."""
        ...

    async def publish_notice(self, notice: Notice) -> str:
        """Post a theme announcement or rest-day post (unless it exists); its message id."""
        ...

    async def send_direct(self, notice: DirectNotice) -> bool:
        """Send a DM; False when the member does not accept DMs from the bot."""
        ...

    async def publish_mock_reminder(self, mock: MockView, kind: NoticeKind) -> None:
        """Remind the channel of a mock night (24 h or 1 h before)."""
        ...

    async def interested_members(self, mock: MockView) -> list[str]:
        """Who marked the night's scheduled event "Interested"."""
        ...

    async def send_mock_dm(self, member_external_id: str, mock: MockView, kind: NoticeKind) -> bool:
        """Remind one interested member by DM; False when DMs are closed."""
        ...

    async def publish_mock_start(self, mock: MockView) -> str:
        """Post the "Start my exam" message (unless it exists); its message id."""
        ...

    async def publish_debrief(self, debrief: Debrief) -> str:
        """Post the group debrief with a discussion thread (unless it exists)."""
        ...


@runtime_checkable
class OverviewBoard(Protocol):
    """A publisher that keeps the group's pinned overview (``bot.services.overview``)."""

    async def publish_overview(self, overview: Overview) -> str:
        """Edit the overview (found by its id or marker), or post and pin it; its id."""
        ...


class Runner:
    """Runs due work for the groups of one platform this process is responsible for, one
    pass at a time (``owns_group`` says which of them, e.g. by Discord shard)."""

    def __init__(
        self,
        daily: DailyService,
        groups: GroupService,
        notices: NoticeService,
        mocks: MockService,
        publisher: Publisher,
        clock: Clock,
        owns_group: Callable[[str], bool] = lambda _group_id: True,
        observer: Observer | None = None,
        *,
        platform: str,
        overviews: OverviewService | None = None,
    ) -> None:
        self._overviews = overviews
        self.platform = platform
        self._daily = daily
        self._groups = groups
        self._notices = notices
        self._mocks = mocks
        self._publisher = publisher
        self._clock = clock
        self._owns_group = owns_group
        self._observer = observer or _Unobserved()
        self._lock = asyncio.Lock()

    async def run_due(self) -> None:
        """Post and reveal whatever is due now (start-up catch-up and the periodic sweep)."""
        async with self._lock:
            now = self._clock.now()
            groups = [
                g
                for g in await self._groups.all(self.platform, now)
                if self._owns_group(g.external_id)
            ]
            claimed: dict[int, QuestionCard] = {}
            try:
                claimed = await self._daily.claim_posts([g.id for g in groups], now)
            except Exception:  # each group then claims its own, as it would anyway
                log.exception("claiming the due posts together failed")
            may_claim: set[int] | None = None  # None: every group claims its own
            try:
                may_claim = await self._daily.groups_that_may_claim(groups, now)
            except Exception:
                log.exception("finding the groups with a post to claim failed")
            views = {g.id: g for g in groups}
            await self._each_group(
                list(views),
                lambda group_id: self._guarded(
                    self._post(
                        group_id,
                        now,
                        claimed=claimed.get(group_id),
                        view=views[group_id],
                        may_claim=may_claim is None or group_id in may_claim,
                    ),
                    f"post for group {group_id}",
                    group_id,
                ),
            )
            owned = {g.id for g in groups}
            reveals: dict[int, list[DueReveal]] = {}
            for due in await self._daily.due_reveals(now, owned):
                reveals.setdefault(due.group_id, []).append(due)
            await self._each_group(
                list(reveals), lambda group_id: self._reveals(reveals[group_id], now)
            )
            await self._guarded(self._mock_nights(owned, now), "mock nights")
            await self._guarded(self._direct_messages(owned, now), "direct messages")
            self._observer.observe_pass(now)

    async def _each_group(
        self, group_ids: list[int], work: Callable[[int], Awaitable[None]]
    ) -> None:
        """Do each group's work, up to the publisher's ``groups_at_once`` at a time."""
        slots = asyncio.Semaphore(self._publisher.groups_at_once)

        async def one(group_id: int) -> None:
            async with slots:
                await work(group_id)

        await asyncio.gather(*(one(group_id) for group_id in group_ids))

    async def _reveals(self, dues: list[DueReveal], now: datetime) -> None:
        """One group's due reveals, oldest first (streaks settle in order)."""
        for due in dues:
            await self._guarded(
                self._reveal(due, now), f"reveal of daily {due.daily_id}", due.group_id
            )

    async def wait_idle(self) -> None:
        """Wait for a pass in progress to finish (shutdown)."""
        async with self._lock:
            return

    async def post_for_group(self, group_id: int) -> None:
        async with self._lock:
            await self._guarded(
                self._post(group_id, self._clock.now()), f"post for group {group_id}", group_id
            )

    async def post_now(self, group_id: int) -> PostNow:
        """An organiser's "post today's question now": posted through the same claim as the
        scheduled post (a crash between claim and post is finished by the next pass, which
        looks before it posts); the reveal stays at the reveal time. ``POSTED`` when the
        question is out, else why not (``READY``: the channel refused it this time)."""
        async with self._lock:
            now = self._clock.now()
            status = await self._daily.post_now_status(group_id, now)
            if status != PostNow.READY:
                return status
            await self._guarded(
                self._post(group_id, now, early=True), f"post now for group {group_id}", group_id
            )
            return await self._daily.post_now_status(group_id, now)

    async def refresh_overview(self, group_id: int) -> None:
        """Bring the group's pinned overview up to date (after a change by a command)."""
        async with self._lock:
            await self._guarded(
                self._refresh_overview(group_id), f"overview of group {group_id}", group_id
            )

    async def _refresh_overview(self, group_id: int, view: GroupView | None = None) -> None:
        board = self._publisher
        if self._overviews is None or not isinstance(board, OverviewBoard):
            return
        # Claimed as it is built: a stop before the post looks for it, not reposts.
        overview = await self._overviews.build(group_id, self._clock.now(), view)
        if overview is None:
            return
        message_id = await board.publish_overview(overview)
        if message_id != overview.message_id:
            await self._overviews.remember(group_id, message_id)

    async def reveal_for_group(self, group_id: int) -> None:
        async with self._lock:
            now = self._clock.now()
            for due in await self._daily.due_reveals(now, {group_id}):
                await self._guarded(
                    self._reveal(due, now), f"reveal of daily {due.daily_id}", group_id
                )

    async def _post(
        self,
        group_id: int,
        now: datetime,
        early: bool = False,
        claimed: QuestionCard | None = None,
        view: GroupView | None = None,
        may_claim: bool = True,
    ) -> None:
        """Announcements due, then the day's question (``claimed``: already claimed by the
        pass for many groups at once; else claimed here when due, unless the pass found
        nothing the group could claim (``may_claim``); ``view``: the group as the pass read
        it, else read here)."""
        view = view or await self._groups.by_id(group_id, now)
        if view is None:
            return
        notices = await self._notices.due_notices(view, now)
        card = claimed
        if card is None and may_claim:
            card = await self._daily.claim_post(group_id, now, early=early)
        if not notices and card is None:
            return  # nothing to post: the channel is not even looked at (an API call on Slack)
        await self._publisher.check_channel(view.external_id, view.settings.channel_id)
        refused: ChannelProblem | None = None
        for notice in notices:
            try:
                message_id = await self._publisher.publish_notice(notice)
            except ChannelProblem as problem:
                if not problem.refused:
                    raise
                refused = problem  # an announcement Discord will not take never holds
                continue  # back the day's question; organisers hear of it below
            await self._notices.transition(
                Announcement,
                notice.announcement_id,
                [SendState.CLAIMED],
                SendState.SENT,
                message_id=message_id,
            )
        if card is None:
            if refused is not None:
                raise refused
            return
        try:
            message_id = await self._publisher.publish_question(card)
        except ChannelProblem as problem:
            if problem.refused:  # the same question would be refused on every pass
                await self._skipped(card.daily_id)
            raise
        await self._posted(card.daily_id, message_id, now)
        due_at = view.schedule.post_at(card.study_date)
        if not early:
            self._observer.observe_lag("post", (self._clock.now() - due_at).total_seconds())
        log.info(
            "posted question %s for group %s",
            card.question.id,
            group_id,
            extra={"group_id": group_id},
        )
        await self._guarded(self._refresh_overview(group_id, view), "overview", group_id)
        if refused is not None:
            raise refused

    async def _reveal(self, due: DueReveal, now: datetime) -> None:
        daily_id = due.daily_id
        if due.state == DailyState.CLAIMED:
            # The bot stopped between claiming and confirming the post: was it sent?
            card = await self._daily.question_card(daily_id)
            message_id = await self._publisher.find_question(card)
            if message_id is None:
                await self._skipped(daily_id)
                log.warning("daily %s was never posted before its reveal time; skipped", daily_id)
                return
            await self._posted(daily_id, message_id, now)
        reveal = await self._daily.begin_reveal(daily_id, now)
        if reveal is None:
            return
        try:
            reveal_message_id = reveal.reveal_message_id or await self._publisher.publish_reveal(
                reveal
            )
        except ChannelProblem as problem:
            if problem.refused:
                # Answering closed when the reveal began; rather than retry a message that
                # will never go through (and leave the day half revealed), finish without it.
                await self._publisher.close_question(await self._daily.question_card(daily_id))
                await self._revealed(daily_id, None, None)
            raise
        # Remember the reveal message as soon as it exists, before the thread is opened.
        await self._daily.transition(
            DailyQuestion,
            daily_id,
            [DailyState.REVEALING],
            DailyState.REVEALING,
            reveal_message_id=reveal_message_id,
        )
        thread_id = reveal.thread_id or await self._publisher.open_thread(reveal, reveal_message_id)
        # Closing the question message is an idempotent edit, done before the reveal is
        # marked finished so that a restart in between closes it again.
        await self._publisher.close_question(await self._daily.question_card(daily_id))
        await self._revealed(daily_id, reveal_message_id, thread_id)
        card = await self._daily.question_card(daily_id)
        self._observer.observe_lag("reveal", (self._clock.now() - card.reveal_at).total_seconds())
        await self._guarded(self._refresh_overview(due.group_id), "overview", due.group_id)

    async def _posted(self, daily_id: int, message_id: str, now: datetime) -> None:
        await self._daily.transition(
            DailyQuestion,
            daily_id,
            [DailyState.CLAIMED],
            DailyState.POSTED,
            message_id=message_id,
            posted_at=now,
        )

    async def _skipped(self, daily_id: int) -> None:
        """A claimed question that never reached the channel before its reveal time."""
        await self._daily.transition(
            DailyQuestion, daily_id, [DailyState.CLAIMED], DailyState.SKIPPED
        )

    async def _revealed(
        self, daily_id: int, reveal_message_id: str | None, thread_id: str | None
    ) -> None:
        """The reveal is done (``reveal_message_id`` None: the platform refused it for good)."""
        await self._daily.finish_reveal(daily_id, reveal_message_id, thread_id)

    async def _mock_nights(self, group_ids: set[int], now: datetime) -> None:
        await self._mocks.submit_overdue(group_ids, now)
        for item in await self._mocks.due(group_ids, now):
            for kind in item.reminders:
                await self._publisher.publish_mock_reminder(item.mock, kind)
                interested = await self._publisher.interested_members(item.mock)
                for member in await self._mocks.reminder_dms(item.mock.id, kind, interested, now):
                    await self._publisher.send_mock_dm(member, item.mock, kind)
            if item.opened:
                message_id = await self._publisher.publish_mock_start(item.mock)
                await self._mocks.transition(
                    MockNight,
                    item.mock.id,
                    [MockStatus.OPEN],
                    MockStatus.OPEN,
                    start_message_id=message_id,
                )
            if item.debrief is not None:
                message_id = await self._publisher.publish_debrief(item.debrief)
                await self._mocks.transition(
                    MockNight,
                    item.mock.id,
                    [MockStatus.CLOSED],
                    MockStatus.CLOSED,
                    debrief_message_id=message_id,
                )
            if item.opened or item.debrief is not None:  # "on now", then the next night
                await self._guarded(
                    self._refresh_overview(item.mock.group_id), "overview", item.mock.group_id
                )

    async def _direct_messages(self, group_ids: set[int], now: datetime) -> None:
        for notice in await self._notices.due_direct_messages(group_ids, now):
            if await self._publisher.send_direct(notice):
                await self._notices.transition(
                    DirectMessage, notice.dm_id, [SendState.CLAIMED], SendState.SENT
                )
            # A DM the member would not take stays claimed: it is not tried again.

    async def _guarded(self, work: Awaitable[None], what: str, group_id: int | None = None) -> None:
        """One group's failure is logged (channel problems are also reported to its
        organisers, once a day) and retried on the next pass; the other groups go on."""
        try:
            await work
        except ChannelProblem as problem:
            self._observer.observe_error(problem.code.split(":")[0])
            log.warning("%s: %s", what, problem.message, extra={"group_id": group_id})
            if group_id is not None:
                await self._report(group_id, problem)
        except Exception as error:
            self._observer.observe_error(type(error).__name__)
            log.exception(
                "%s failed; it will be retried on the next pass", what, extra={"group_id": group_id}
            )

    async def _report(self, group_id: int, problem: ChannelProblem) -> None:
        now = self._clock.now()
        view = await self._groups.by_id(group_id, now)
        if view is None:
            return
        day = view.schedule.local_date(now).isoformat()
        if await self._notices.claim_report(group_id, f"{day}:{problem.code}", now):
            try:
                await self._publisher.report_to_organisers(view.external_id, problem.message)
            except Exception:
                log.exception("could not report a channel problem of group %s", group_id)
