"""The Slack client: an explicit slack-bolt ``AsyncApp`` over Socket Mode.

Built by hand so nothing is read from the environment behind our back: one
``AsyncWebClient`` with the configured Web API address, one shared aiohttp session (without
it every call and every ``respond()`` opens its own) and retries of 429s; no OAuth (a single
workspace installs with a bot token and an app-level token).

Multi-workspace installs later need: OAuth settings with an installation store (a table of
team id → bot token), ``authorize`` instead of the fixed token, and a publisher that picks
each group's token by its team id; groups are already keyed by team id.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.core.errors import StartupError
from bot.core.retry import RetryBudgetSpent, retry_within
from bot.lifecycle import release_start_up_objects, settle_start_up_objects
from bot.live_counts import CountRefresher
from bot.network import unreachable_reason
from bot.slack import (
    answering,
    commands,
    controls,
    home,
    me,
    miss_tags,
    mistakes,
    mock,
    organisers,
    plan,
    practice,
    reports,
    review,
    stats,
)
from bot.slack.names import DisplayNames
from bot.slack.publisher import SlackPublisher
from bot.slack.responding import respond_over
from bot.slack.router import Router

log = logging.getLogger(__name__)
TOKEN_REJECTED = (
    "SLACK_BOT_TOKEN was refused by Slack ({error}): copy the Bot User OAuth Token (xoxb-…) "
    'again from the app\'s OAuth & Permissions page (README.md, "Create the Slack app")'
)
OAUTH_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


class SlackBot:
    """The running Slack side: Bolt app, Socket Mode connection, publisher and schedule."""

    def __init__(self, services: Services, *, bot_token: str, app_token: str, api_url: str) -> None:
        self.services = services
        self._bot_token = bot_token
        self._app_token = app_token
        self._api_url = api_url
        self.counts = CountRefresher(self._refresh_count)
        self.names = DisplayNames(
            self._user_info, lambda user, name: services.me.rename(user, name, services.clock.now())
        )
        self._session: aiohttp.ClientSession | None = None
        self._handler: AsyncSocketModeHandler | None = None
        self._closed = asyncio.Event()
        self.client: AsyncWebClient | None = None
        self.publisher: SlackPublisher | None = None

    async def start(self) -> None:
        """Check the token, connect over Socket Mode, then start the schedule (inside a
        running loop: the Socket Mode client makes its session and task when built)."""
        if all(os.environ.get(name) for name in OAUTH_VARIABLES):
            raise StartupError(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set, which would switch Slack to "
                "multi-workspace OAuth; this install uses SLACK_BOT_TOKEN and SLACK_APP_TOKEN: "
                "unset the other two"
            )
        self._session = aiohttp.ClientSession()
        self.client = AsyncWebClient(
            token=self._bot_token,
            base_url=self._api_url,
            session=self._session,
            retry_handlers=[
                AsyncConnectionErrorRetryHandler(),
                AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            ],
        )
        identity = await self._check_token(self.client)
        app = AsyncApp(
            client=self.client,
            signing_secret="",
            request_verification_enabled=False,
            ssl_check_enabled=False,
        )
        respond_over(app, self._session)
        router = Router()
        commands.register(app, self, router)
        organisers.register(app, self, router)
        controls.register(app, self, router)
        answering.register(app, self)
        miss_tags.register(app, self)
        for feature in (stats, plan, mistakes, review, practice, me, mock, reports):
            feature.register(app, self, router)
        home.register(app, self)
        self.publisher = SlackPublisher(
            self.client,
            lambda team: self.services.groups.organisers("slack", team),
            app_name=str(identity.get("user") or "Study Bot"),
            going=self.services.mock_rsvps.going,
            domain_names={d.slug: d.name for d in self.services.bank.exam.domains},
        )
        self._handler = AsyncSocketModeHandler(app, app_token=self._app_token)
        await self._handler.connect_async()
        await self.services.start_schedule(self.publisher)
        settle_start_up_objects()
        log.info("connected to Slack workspace %s", identity.get("team"))

    async def _check_token(self, client: AsyncWebClient) -> Any:
        """``auth.test`` until Slack answers: a refused token is one line at once; an
        unreachable Slack is retried for SLACK_RETRY_SECONDS, then one line."""
        budget = self.services.settings.slack_retry_seconds

        async def attempt() -> Any:
            try:
                return await client.auth_test()
            except SlackApiError as error:
                problem = error.response.get("error")
                raise StartupError(TOKEN_REJECTED.format(error=problem)) from None

        def waiting(attempt_number: int, error: BaseException, delay: float) -> None:
            level = logging.WARNING if attempt_number == 1 else logging.DEBUG
            log.log(
                level,
                "Slack is not reachable yet (%s); retrying for up to %.0f s (SLACK_RETRY_SECONDS)",
                unreachable_reason(error),
                budget,
            )

        try:
            return await retry_within(
                attempt,
                budget=budget,
                retryable=lambda e: isinstance(e, aiohttp.ClientError | OSError | TimeoutError),
                on_retry=waiting,
            )
        except RetryBudgetSpent as spent:
            raise StartupError(
                f"Cannot reach Slack at {self._api_url} ({unreachable_reason(spent.last)}) after "
                f"trying for {spent.waited:.0f} s; check the network, DNS, firewall or proxy "
                "(SLACK_RETRY_SECONDS sets how long to wait)"
            ) from None

    async def _user_info(self, user_id: str) -> dict[str, Any]:
        assert self.client is not None
        info = await self.client.users_info(user=user_id)
        user: dict[str, Any] = info["user"]
        return user

    async def connected(self) -> bool:
        """Whether the Socket Mode connection is up (for the health endpoint)."""
        return self._handler is not None and await self._handler.client.is_connected()

    async def serve(self) -> None:
        """Start, then run until :meth:`close`."""
        await self.start()
        await self._closed.wait()

    async def schedule_group(self, group_id: int) -> None:
        """(Re)build a group's jobs after its settings changed, and catch up at once."""
        await self.services.reschedule_group(group_id)

    async def close(self) -> None:
        """Stop the schedule, finish pending count edits, then disconnect."""
        await self.services.stop_schedule()
        await self.counts.drain()
        await self.names.drain()
        if self._handler is not None:
            await self._handler.close_async()
        if self._session is not None:
            await self._session.close()
        release_start_up_objects()
        self._closed.set()

    async def _refresh_count(self, daily_id: int) -> None:
        assert self.publisher is not None
        await self.publisher.refresh_count(lambda: self.services.daily.question_card(daily_id))
