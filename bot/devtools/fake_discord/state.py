"""The fake's recorded state and the waits on it."""

# Every wait here is bounded and takes its bound as ``timeout``: that is the API, not an
# oversight, so the "use asyncio.timeout instead" rule does not apply.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections import deque
from collections.abc import (
    Callable,
)
from typing import Any

from aiohttp import web

from bot.devtools.fake_discord.constants import API_PREFIX, JSON, OP_HEARTBEAT, T
from bot.devtools.fake_discord.model import (
    BotCrashed,
    FakeAttachment,
    FakeChannel,
    FakeDiscordTimeout,
    FakeGuild,
    FakeMessage,
    FakeScheduledEvent,
    FakeUser,
    SnowflakeGenerator,
)
from bot.devtools.fake_discord.records import (
    FaultRule,
    InteractionCallback,
    RequestRecord,
    _GatewayConnection,
    _InteractionRecord,
    _ModalRecord,
    _Session,
)

_log = logging.getLogger(__name__)


class FakeState:
    """Everything the fake holds, what tests read of it, and waiting for it to change."""

    def __init__(
        self,
        *,
        bot_id: int | None = None,
        bot_name: str = "FakeBot",
        timeout: float = 5.0,
        allow_privileged_intents: bool = False,
        interaction_deadline: float | None = 3.0,
        interaction_clock: Callable[[], float] = time.monotonic,
        token: str = "fake-token",
    ) -> None:
        self._snowflakes = SnowflakeGenerator()
        self.token = token
        self.bot_id: int = bot_id if bot_id is not None else self._snowflakes.next()
        self.application_id: int = self.bot_id
        self.timeout = timeout
        self.allow_privileged_intents = allow_privileged_intents
        self.interaction_deadline = interaction_deadline
        self.interaction_clock = interaction_clock
        self.recommended_shards = 1

        self._users: dict[int, FakeUser] = {self.bot_id: FakeUser(self.bot_id, bot_name, bot=True)}
        self._guilds: dict[int, FakeGuild] = {}
        self._channels: dict[int, FakeChannel] = {}
        self._dm_channel_ids: dict[int, int] = {}
        self._messages: dict[int, FakeMessage] = {}
        self._attachments: dict[int, FakeAttachment] = {}
        self._commands: dict[int | None, dict[int, JSON]] = {}
        # (guild id, command name) -> {user, role or @everyone (= guild) id: allowed}
        self._command_overrides: dict[tuple[int, str], dict[int, bool]] = {}
        self._events: dict[int, FakeScheduledEvent] = {}
        self._interactions: dict[int, _InteractionRecord] = {}
        self._interactions_by_token: dict[str, _InteractionRecord] = {}
        self._modals: dict[str, _ModalRecord] = {}
        self._callbacks: list[InteractionCallback] = []

        self._request_log: list[RequestRecord] = []
        self._faults: list[FaultRule] = []
        self._global_limit: float | None = None
        self._global_window: deque[float] = deque()
        self.rate_limited_count = 0
        self.unknown_routes: list[tuple[str, str]] = []
        self.identify_payloads: list[JSON] = []
        self.gateway_close_codes: list[int | None] = []  # how each gateway socket ended
        self.presence_updates: list[JSON] = []
        self.bot_errors: list[str] = []

        self._sessions: dict[str, _Session] = {}
        self._connections: set[_GatewayConnection] = set()
        self._watched: set[asyncio.Task[Any]] = set()
        self._background: set[asyncio.Task[Any]] = set()
        self._changed: asyncio.Event | None = None

        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        """The bound port (after :meth:`start`)."""
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The value ``discord.http.Route.BASE`` is patched to."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The websocket URL (also sent as ``resume_gateway_url``)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def guild(self, guild_id: int) -> FakeGuild:
        """The guild's model (roles, members, channel ids)."""
        return self._guilds[guild_id]

    def channel(self, channel_id: int) -> FakeChannel:
        """A channel, thread or DM channel by id."""
        return self._channels[channel_id]

    def user(self, user_id: int) -> FakeUser:
        """A user by id."""
        return self._users[user_id]

    def message(self, message_id: int) -> FakeMessage:
        """A message by id (also deleted and ephemeral ones)."""
        return self._messages[message_id]

    def messages(self, channel_id: int, *, include_ephemeral: bool = False) -> list[FakeMessage]:
        """Current messages of a channel or thread, oldest first; deleted ones removed."""
        return [
            m
            for m in sorted(self._messages.values(), key=lambda m: m.id)
            if m.channel_id == channel_id
            and not m.deleted
            and (include_ephemeral or not m.ephemeral)
        ]

    def ephemeral_messages(self, user_id: int | None = None) -> list[FakeMessage]:
        """Ephemeral interaction messages (optionally only those shown to ``user_id``)."""
        result = []
        for message in sorted(self._messages.values(), key=lambda m: m.id):
            if not message.ephemeral or message.deleted:
                continue
            record = self._interactions.get(message.interaction_id or 0)
            if user_id is None or (record is not None and record.user_id == user_id):
                result.append(message)
        return result

    def dm_messages(self, user_id: int) -> list[FakeMessage]:
        """Messages the bot successfully sent to this user's DM channel."""
        channel_id = self._dm_channel_ids.get(user_id)
        return [] if channel_id is None else self.messages(channel_id)

    def threads(self, parent_id: int | None = None) -> list[FakeChannel]:
        """Threads (optionally of one parent channel), oldest first."""
        return [
            c
            for c in sorted(self._channels.values(), key=lambda c: c.id)
            if c.is_thread and (parent_id is None or c.parent_id == parent_id)
        ]

    @property
    def interaction_responses(self) -> list[InteractionCallback]:
        """Every initial interaction callback, in order."""
        return list(self._callbacks)

    def scheduled_events(
        self, guild_id: int | None = None, *, include_deleted: bool = False
    ) -> list[FakeScheduledEvent]:
        """Scheduled events (optionally of one guild), oldest first."""
        return [
            e
            for e in sorted(self._events.values(), key=lambda e: e.id)
            if (guild_id is None or e.guild_id == guild_id) and (include_deleted or not e.deleted)
        ]

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """Registered application commands (global when ``guild_id`` is None)."""
        return list(self._commands.get(guild_id, {}).values())

    @property
    def request_log(self) -> list[RequestRecord]:
        """Every REST request answered, in order."""
        return list(self._request_log)

    def requests(
        self, method: str | None = None, path_regex: str | None = None
    ) -> list[RequestRecord]:
        """The request log filtered by method and a regex searched in the path."""
        pattern = None if path_regex is None else re.compile(path_regex)
        return [
            r
            for r in self._request_log
            if (method is None or r.method == method.upper())
            and (pattern is None or pattern.search(r.path))
        ]

    @property
    def connected_sessions(self) -> int:
        """Gateway sessions currently attached to a socket."""
        return sum(1 for s in self._sessions.values() if s.conn is not None and not s.invalid)

    async def wait_until(
        self,
        predicate: Callable[[], T | None],
        timeout: float | None = None,
        what: str = "condition",
    ) -> T:
        """Wait (bounded) until ``predicate()`` is truthy and return its value.

        The predicate is re-checked after every REST request and gateway change. Raises
        :class:`BotCrashed` as soon as a watched client task dies, and
        :class:`FakeDiscordTimeout` (an AssertionError) when the time is up.
        """
        limit = self.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            self._raise_if_crashed()
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise FakeDiscordTimeout(self._describe_timeout(what, limit))
            changed = self._changed_event()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def wait_for_message(
        self,
        channel_id: int,
        predicate: Callable[[FakeMessage], bool] | None = None,
        timeout: float | None = None,
    ) -> FakeMessage:
        """Wait until a (non-ephemeral) message matching ``predicate`` is in the channel."""

        def find() -> FakeMessage | None:
            return next(
                (m for m in self.messages(channel_id) if predicate is None or predicate(m)), None
            )

        return await self.wait_until(find, timeout, what=f"a message in channel {channel_id}")

    async def wait_connected(self, count: int = 1, timeout: float | None = None) -> None:
        """Wait until at least ``count`` gateway sessions are attached (after a drop)."""
        await self.wait_until(
            lambda: self.connected_sessions >= count, timeout, what=f"{count} connected session(s)"
        )

    async def flush_gateway(self, timeout: float | None = None) -> None:
        """Wait until every connected client has processed every event sent so far.

        Sends op 1 (the server may ask for a heartbeat); discord.py answers after handling
        all earlier frames, with its last processed sequence number. Use it before asserting
        on the client's cache (e.g. ``client.get_channel(thread_id)`` after THREAD_CREATE).
        """
        targets = [
            (s, s.seq) for s in self._sessions.values() if s.conn is not None and not s.invalid
        ]
        for session, _ in targets:
            if session.conn is not None:
                await session.conn.send(json.dumps({"op": OP_HEARTBEAT, "d": None}))
        await self.wait_until(
            lambda: all(session.client_seq >= seq for session, seq in targets),
            timeout,
            what="connected clients to process all gateway events",
        )

    async def drop_connections(
        self, *, resumable: bool = True, timeout: float | None = None
    ) -> None:
        """Abort every gateway socket at the TCP level, like a network drop.

        discord.py then reconnects and RESUMEs; missed events are replayed. With
        ``resumable=False`` the sessions are invalidated instead (op 9), so the client
        IDENTIFYs again and gets a fresh READY + GUILD_CREATE (events in between are lost);
        discord.py waits 5 s before that IDENTIFY unless ``Client.before_identify_hook`` is
        overridden.
        """
        dropped = list(self._connections)
        for conn in dropped:
            conn.dropped = True
            if conn.session is not None and not resumable:
                conn.session.invalid = True
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
            else:
                await conn.ws.close(code=4000)
        await self.wait_until(
            lambda: not any(c in self._connections for c in dropped),
            timeout,
            what="dropped sockets to close",
        )

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    def _changed_event(self) -> asyncio.Event:
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    def _raise_if_crashed(self) -> None:
        for task in self._watched:
            if task.done() and not task.cancelled() and task.exception() is not None:
                exc = task.exception()
                raise BotCrashed(f"discord.py connect task died: {exc!r}") from exc

    def _describe_timeout(self, what: str, limit: float) -> str:
        lines = [f"timed out after {limit:.1f}s waiting for {what}"]
        lines.append(f"gateway sessions connected: {self.connected_sessions}")
        if self.unknown_routes:
            lines.append(f"unknown routes requested: {self.unknown_routes[-5:]}")
        recent = [f"{r.method} {r.path} -> {r.status}" for r in self._request_log[-8:]]
        lines.append(f"recent requests: {recent}")
        if self.bot_errors:
            lines.append("errors logged by discord.py:\n" + "\n".join(self.bot_errors[-3:]))
        return "\n".join(lines)

    def _find_command(
        self, name: str, guild_id: int | None, ctype: int
    ) -> tuple[JSON, bool] | None:
        for scope in (
            ((guild_id, True), (None, False)) if guild_id is not None else ((None, False),)
        ):
            for command in self._commands.get(scope[0], {}).values():
                if command["name"] == name and command["type"] == ctype:
                    return command, scope[1]
        return None
