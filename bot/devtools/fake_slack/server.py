"""The :class:`FakeSlack` server: lifecycle, world building, injected user actions, waits."""

# Every wait here is bounded and takes its bound as ``timeout``.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from aiohttp import web

from bot.core.clock import Clock, SystemClock
from bot.devtools.fake_slack.blocks import check_suggestions
from bot.devtools.fake_slack.limits import Fault, PaceLog, PaceReport, RateLimiter
from bot.devtools.fake_slack.model import (
    JSON,
    FakeSlackTimeout,
    SlackChannel,
    SlackError,
    SlackFile,
    SlackMessage,
    SlackUser,
    SlackView,
)
from bot.devtools.fake_slack.payloads import PayloadBuilder, Value, find_element
from bot.devtools.fake_slack.results import ActionResult
from bot.devtools.fake_slack.screen import acted_on, apply_view_ack, escape_command_text, open_modal
from bot.devtools.fake_slack.socket_mode import (
    ACK_DEADLINE_SECONDS,
    Envelope,
    SocketModeServer,
)
from bot.devtools.fake_slack.web_api import ApiCall, WebApi
from bot.devtools.fake_slack.workspace import ResponseUrl, Workspace

T = TypeVar("T")

BOT_TOKEN = "xoxb-1-fake-bot-token"
APP_TOKEN = "xapp-1-A0FAKEAPP-1-fake-app-token"
APP_ID = "A0FAKEAPP"
BOT_USER_ID = "U0FAKEBOT"
BOT_ID = "B0FAKEBOT"


class FakeSlack:
    """A fake Slack (Web API + Socket Mode on 127.0.0.1) for the real slack-bolt/slack_sdk.

    Args:
        clock: what message ``ts``, trigger expiry (3 s) and response URL expiry (30 min)
            follow; the system clock by default.
        timeout: default bound, in seconds, of every wait.
        ack_deadline: seconds an app has to ack an envelope (3 on Slack). Measured in real
            time, like Bolt itself does.
        throttled_history: apply the 1 request/min, 15 items limit Slack puts on
            ``conversations.history`` of apps not approved for the Marketplace.
        escape_commands: turn ``@name``/``@U…`` and ``#channel`` in slash command text into
            ``<@U…|name>``/``<#C…|name>``, as a command with ``should_escape: true`` gets them.
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        timeout: float = 5.0,
        ack_deadline: float = ACK_DEADLINE_SECONDS,
        throttled_history: bool = False,
        escape_commands: bool = True,
    ) -> None:
        self.clock = clock or SystemClock()
        self.timeout = timeout
        self.escape_commands = escape_commands
        self.bot_token, self.app_token = BOT_TOKEN, APP_TOKEN
        self.app_id, self.bot_user_id, self.bot_id = APP_ID, BOT_USER_ID, BOT_ID
        self._changed: asyncio.Event | None = None
        self.workspace = Workspace(
            clock=self.clock,
            bot_user_id=BOT_USER_ID,
            bot_id=BOT_ID,
            app_id=APP_ID,
            notify=self._notify,
        )
        self.socket_mode = SocketModeServer(
            app_id=APP_ID, ack_deadline=ack_deadline, notify=self._notify
        )
        # Slack's windows are real seconds, so limits and pace are measured on real time.
        self.limiter = RateLimiter(time.monotonic)
        self.throttled_history = throttled_history
        self.pace_log = PaceLog(time.monotonic)
        self.api = WebApi(
            workspace=self.workspace,
            socket_mode=self.socket_mode,
            limiter=self.limiter,
            pace=self.pace_log,
            bot_token=BOT_TOKEN,
            app_token=APP_TOKEN,
            base_url=lambda: self.base_url,
            port=lambda: self.port,
        )
        self.payloads = PayloadBuilder(self.workspace, lambda: self.base_url)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # ----------------------------------------------------------------- server lifecycle

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeSlack is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """What ``AsyncWebClient(base_url=...)`` takes."""
        return f"{self.base_url}/api/"

    async def start(self) -> None:
        """Bind on 127.0.0.1 with a free port."""
        if self._runner is not None:
            raise RuntimeError("FakeSlack already started")
        self._changed = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/api/{method}", self.api.handle)
        app.router.add_get("/api/{method}", self.api.handle)
        app.router.add_post("/upload/v1/{token}", self.api.upload)
        app.router.add_post("/hooks/{token}", self.api.hook)
        app.router.add_get("/link/", self.socket_mode.handle)
        app.router.add_get("/link", self.socket_mode.handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Close Socket Mode connections and the server. Stop the app first."""
        await self.socket_mode.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._port = None

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------------ world

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        display_name: str = "",
        tz: str = "UTC",
        is_admin: bool = False,
        is_owner: bool = False,
    ) -> SlackUser:
        """Add a workspace member (``users.info`` answers with these)."""
        user = SlackUser(
            user_id, name, display_name=display_name, tz=tz, is_admin=is_admin, is_owner=is_owner
        )
        self.workspace.users[user_id] = user
        return user

    def add_channel(
        self,
        channel_id: str,
        name: str,
        *,
        members: Iterable[str] = (),
        bot_member: bool = True,
        private: bool = False,
        archived: bool = False,
    ) -> SlackChannel:
        """Add a channel; the bot is in it unless ``bot_member=False`` (then ``not_in_channel``)."""
        people = set(members) | ({self.bot_user_id} if bot_member else set())
        channel = SlackChannel(
            channel_id,
            name,
            created=int(self.clock.now().timestamp()),
            is_private=private,
            archived=archived,
            members=people,
        )
        self.workspace.channels[channel_id] = channel
        return channel

    @property
    def ack_deadline(self) -> float:
        """Seconds the app has to ack an envelope (real time, as Bolt measures it)."""
        return self.socket_mode.ack_deadline

    @ack_deadline.setter
    def ack_deadline(self, seconds: float) -> None:
        self.socket_mode.ack_deadline = seconds

    @property
    def throttled_history(self) -> bool:
        """``conversations.history`` at 1 request/min and 15 items (non-Marketplace apps)."""
        return self.limiter.throttled_history

    @throttled_history.setter
    def throttled_history(self, on: bool) -> None:
        self.limiter.throttled_history = on

    def new_trigger(self, user_id: str) -> str:
        """A ``trigger_id`` as a click by ``user_id`` just now would carry (Web API tests)."""
        return self.workspace.issue_trigger(self.workspace.user(user_id).id)

    def archive(self, channel_id: str) -> None:
        self.workspace.channel(channel_id).archived = True

    # ---------------------------------------------------------------------- knobs

    def enable_rate_limits(
        self, *, retry_after: int = 0, per_minute: Mapping[str, int] | None = None
    ) -> None:
        """Answer 429 with ``Retry-After: retry_after`` once a method's tier is used up.

        ``per_minute`` overrides tiers per method, e.g. ``{"users.info": 2}``. Keep
        ``retry_after`` at 0 or 1: slack_sdk's retry handler really sleeps it.
        """
        self.limiter.enabled = True
        self.limiter.retry_after = retry_after
        self.limiter.per_minute = dict(per_minute or {})

    def enforce_pace(self, seconds: float = 1.0, *, retry_after: int = 1) -> None:
        """429 (``Retry-After: retry_after``) for a ``chat.postMessage`` sooner than
        ``seconds`` after the channel's last one: Slack's 1/s per channel, without bursts."""
        self.limiter.pace = seconds
        self.limiter.retry_after = retry_after

    def fail_next(
        self, method: str, status: int = 500, *, times: int = 1, error: str = "fatal_error"
    ) -> Fault:
        """Answer the next ``times`` calls of ``method`` (``"*"``: any) with ``status``.

        A 429 carries ``Retry-After`` (the rate-limit setting, 1 s unless changed).
        """
        error = "ratelimited" if status == 429 else error
        fault = Fault(method, status, times, error)
        self.api.faults.append(fault)
        return fault

    async def request_reconnect(self, timeout: float | None = None) -> None:
        """Send ``{"type": "disconnect"}`` and wait until the app has connected again."""
        opened = self.socket_mode.connections_opened
        await self.socket_mode.request_reconnect()
        await self.wait_until(
            lambda: self.socket_mode.connections_opened > opened,
            timeout,
            what="the app to open a new Socket Mode connection",
        )

    # ------------------------------------------------------------------------ queries

    def messages(self, channel_id: str) -> list[SlackMessage]:
        """Live messages of a channel, oldest first (thread replies included)."""
        return self.workspace.channel_messages(channel_id)

    def message(self, ts: str) -> SlackMessage:
        return self.workspace.message_by_ts(ts)

    def ephemerals(self, user_id: str | None = None) -> list[SlackMessage]:
        """Ephemeral messages (acks, ``respond()``, ``chat.postEphemeral``), oldest first."""
        return [
            m
            for m in self.workspace.ephemerals
            if not m.deleted and (user_id is None or m.ephemeral_to == user_id)
        ]

    def dm_messages(self, user_id: str) -> list[SlackMessage]:
        """What the bot sent to ``user_id`` in their DM."""
        dms = [c for c in self.workspace.channels.values() if c.im_user == user_id]
        return self.messages(dms[0].id) if dms else []

    def home_view(self, user_id: str) -> SlackView | None:
        """The Home tab published for ``user_id``."""
        return self.workspace.homes.get(user_id)

    def open_views(self, user_id: str) -> list[SlackView]:
        """Modals on ``user_id``'s screen, bottom of the stack first."""
        return [v for v in self.workspace.views.values() if v.user == user_id and v.open]

    def files(self, channel_id: str | None = None) -> list[SlackFile]:
        """Completed uploads, all or those shared in ``channel_id``."""
        return [
            f
            for f in self.workspace.files.values()
            if f.completed and (channel_id is None or channel_id in f.channels)
        ]

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Web API requests as answered, optionally of one method."""
        return [c for c in self.api.calls if method is None or c.method == method]

    def pace(self, channel_id: str) -> PaceReport:
        """How fast messages were posted into a channel (Slack allows about 1/s)."""
        return self.pace_log.report(channel_id)

    @property
    def failed_acks(self) -> list[Envelope]:
        """Envelopes acked late or never: each one showed a user an error."""
        return self.socket_mode.late_acks()

    @property
    def connected(self) -> int:
        return self.socket_mode.open_connections

    # -------------------------------------------------------------------------- waiting

    async def wait_until(
        self,
        predicate: Callable[[], T | None],
        timeout: float | None = None,
        what: str = "condition",
    ) -> T:
        """Wait (bounded) until ``predicate()`` is truthy and return its value.

        Re-checked after every request, ack and connection change; raises
        :class:`FakeSlackTimeout` (an AssertionError) describing recent calls on time-out.
        """
        limit = self.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [f"{c.method} -> {c.error or 'ok'}" for c in self.api.calls[-8:]]
                raise FakeSlackTimeout(
                    f"timed out after {limit:.1f}s waiting for {what}; recent calls: {recent}"
                )
            changed = self._changed_event()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def wait_connected(self, count: int = 1, timeout: float | None = None) -> None:
        await self.wait_until(
            lambda: self.connected >= count, timeout, what=f"{count} Socket Mode connection(s)"
        )

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    def _changed_event(self) -> asyncio.Event:
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    # ----------------------------------------------------------------- user actions

    async def slash(
        self, user_id: str, channel_id: str, command: str, text: str = ""
    ) -> ActionResult:
        """Run ``command`` (e.g. ``"/study"``) with ``text`` in a channel; wait for the ack."""
        channel = self.workspace.channel(channel_id)
        if channel.archived:
            raise ValueError(f"nobody can type in archived channel {channel_id}")
        payload, record = self.payloads.slash(
            user_id, channel_id, command, self._command_text(text)
        )
        result, ack = await self._send("slash_commands", payload, user_id, record)
        if ack is not None and (ack.get("text") or ack.get("blocks")):
            try:
                if ack.get("response_type") == "in_channel":
                    self.workspace.post({**ack, "channel": channel_id}, require_member=False)
                else:
                    text, blocks = self.workspace.message_body(ack)
                    self.workspace.add_ephemeral(channel_id, user_id, text, blocks)
            except SlackError as refusal:
                result.user_error = refusal.code
        return result

    async def click(self, user_id: str, where: str, action_id: str) -> ActionResult:
        """Click button ``action_id`` on a message (``where`` = its ts) or a view (its id)."""
        target = acted_on(self.workspace, user_id, where)
        _, element = find_element(target.blocks, action_id)
        if element.get("type") != "button":
            raise ValueError(f"{action_id!r} is a {element.get('type')}, not a button")
        return await self._block_action(user_id, target, action_id, None)

    async def select(self, user_id: str, where: str, action_id: str, value: Value) -> ActionResult:
        """Choose ``value`` (a list for multi-selects and checkboxes) in an element."""
        target = acted_on(self.workspace, user_id, where)
        _, element = find_element(target.blocks, action_id)
        if element.get("type") == "button":
            raise ValueError(f"{action_id!r} is a button: use click()")
        return await self._block_action(user_id, target, action_id, value)

    async def suggest(self, user_id: str, where: str, action_id: str, typed: str) -> ActionResult:
        """Type into an external select; the result's ``options`` are what the app offered."""
        target = acted_on(self.workspace, user_id, where)
        payload = self.payloads.block_suggestion(user_id, target, action_id, typed)
        result, ack = await self._send("interactive", payload, user_id)
        if ack is not None:
            options = ack.get("options", [])
            problems = check_suggestions(options)
            if problems:
                result.user_error = "; ".join(problems)
            else:
                result.options = options
        return result

    async def submit_view(
        self, user_id: str, view_id: str, values: Mapping[str, Value] | None = None
    ) -> ActionResult:
        """Submit a modal with input values by ``action_id``; apply the ack's response_action."""
        view = open_modal(self.workspace, user_id, view_id)
        state = self.payloads.view_state(view, values or {})
        payload = self.payloads.view_submission(user_id, view, state)
        result, ack = await self._send("interactive", payload, user_id)
        if ack is not None:
            try:
                apply_view_ack(self.workspace, view, ack, result)
                self._notify()
            except SlackError as refusal:
                result.user_error = refusal.code
        return result

    async def close_view(self, user_id: str, view_id: str) -> ActionResult | None:
        """Close a modal; the app hears of it only when it set ``notify_on_close``."""
        view = open_modal(self.workspace, user_id, view_id)
        view.open = False
        self._notify()
        if not view.definition.get("notify_on_close"):
            return None
        result, _ = await self._send(
            "interactive", self.payloads.view_closed(user_id, view), user_id
        )
        return result

    async def shortcut(
        self, user_id: str, callback_id: str, *, message_ts: str | None = None
    ) -> ActionResult:
        """A global shortcut, or a message shortcut on ``message_ts``."""
        record: ResponseUrl | None = None
        if message_ts is None:
            payload = self.payloads.shortcut(user_id, callback_id)
        else:
            message = acted_on(self.workspace, user_id, message_ts)
            assert isinstance(message, SlackMessage)
            payload, record = self.payloads.message_action(user_id, callback_id, message)
        result, _ = await self._send("interactive", payload, user_id, record)
        return result

    async def open_home(self, user_id: str) -> ActionResult:
        """The user opens the app's Home tab (``app_home_opened``); only an app with a
        Home tab has one to open."""
        if not self.workspace.home_tab_enabled:
            raise ValueError("the app has no Home tab (home_tab_enabled is off)")
        result, _ = await self._send("events_api", self.payloads.app_home_opened(user_id), user_id)
        return result

    # ------------------------------------------------------------------ internals

    def _command_text(self, text: str) -> str:
        return escape_command_text(self.workspace, text) if self.escape_commands else text

    async def _block_action(
        self, user_id: str, target: SlackMessage | SlackView, action_id: str, value: Value
    ) -> ActionResult:
        payload, record = self.payloads.block_actions(user_id, target, action_id, value)
        result, _ = await self._send("interactive", payload, user_id, record)
        return result

    async def _send(
        self, kind: str, payload: JSON, user_id: str, record: ResponseUrl | None = None
    ) -> tuple[ActionResult, JSON | None]:
        """Deliver an envelope; return the result and the ack, None when it came too late.

        A late or missing ack is the error the user sees (``operation_timeout``).
        """
        before = len(self.workspace.ephemerals)
        envelope = await self.socket_mode.deliver(
            kind, payload, accepts_response=kind != "events_api"
        )
        trigger = payload.get("trigger_id")
        result = ActionResult(self, envelope, user_id, record, trigger, before)
        if envelope.timed_out:
            result.user_error = "operation_timeout"
            return result, None
        return result, envelope.ack
