"""The fake Discord: its server's lifecycle, the world a test builds, and injected faults."""

# Every wait here is bounded and takes its bound as ``timeout``: that is the API, not an
# oversight, so the "use asyncio.timeout instead" rule does not apply.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import (
    AsyncIterator,
    Callable,
    Iterator,
)
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import web

from bot.devtools.fake_discord.constants import (
    API_PREFIX,
    BOT_PERMISSIONS,
    EVERYONE_PERMISSIONS,
    GUILD_TEXT,
    JSON,
    MANAGER_PERMISSIONS,
    SEND_MESSAGES,
    ClientT,
)
from bot.devtools.fake_discord.interactions import Interactions
from bot.devtools.fake_discord.model import (
    BotCrashed,
    FakeChannel,
    FakeDiscordTimeout,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    PermissionOverwrite,
)
from bot.devtools.fake_discord.records import FaultRule
from bot.devtools.fake_discord.responses import _command_paths, _ErrorCollector


class FakeDiscord(Interactions):
    """A fake Discord REST API and gateway for the real discord.py client.

    Args:
        bot_id: the bot user's id (also the application id); a fresh snowflake by default.
        bot_name: the bot user's name.
        timeout: default bound, in seconds, for every wait (interaction answers, follow-ups).
        allow_privileged_intents: when False (a fresh application), IDENTIFY with members,
            presences or message_content intents is closed with 4014 like Discord does.
        interaction_deadline: an initial response later than this many seconds after the
            interaction was created gets 404 "Unknown interaction" and the interaction fails,
            as on Discord (3 s); None switches the check off.
        interaction_clock: the seconds the deadline is measured in (real elapsed time by
            default); a test that simulates a stall advances it.
        token: the bot token this fake accepts. As on Discord, a REST request with another
            token (or none, except on interaction callbacks and webhooks) gets 401
            "401: Unauthorized", and an IDENTIFY with another token is closed with 4004
            "Authentication failed.".

    Public attributes besides the constructor's: ``application_id`` (= ``bot_id``),
    ``recommended_shards`` (what ``GET /gateway/bot`` answers), ``rate_limited_count``,
    ``unknown_routes``, ``identify_payloads``, ``presence_updates``, ``gateway_close_codes``
    (how each gateway socket ended: 1000 when the client closed it cleanly) and ``bot_errors``
    (ERROR logs of discord.py collected by :meth:`run_client`).
    """

    async def start(self) -> None:
        """Bind the server on 127.0.0.1 with a free port."""
        if self._runner is not None:
            raise RuntimeError("FakeDiscord already started")
        self._changed = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_get("/gateway/", self._gateway_handler)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self._attachment_handler)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest_handler)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Close gateway sockets and the server. Close the bot first."""
        for task in list(self._background):
            task.cancel()
        for conn in list(self._connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._port = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @contextlib.contextmanager
    def patch(self) -> Iterator[FakeDiscord]:
        """Point discord.py's REST base and default gateway at this fake; restore on exit."""
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    @contextlib.asynccontextmanager
    async def run_client(
        self, client: ClientT, token: str = "fake-token", *, timeout: float | None = None
    ) -> AsyncIterator[ClientT]:
        """Log ``client`` in, run its gateway loop in a watched task, wait for ``on_ready``.

        On exit the client is closed (before the fake, as it must be) and a crash of its
        connect task is raised as :class:`BotCrashed`. ERROR logs of the ``discord`` logger
        (exceptions in commands, views, modals) are collected in :attr:`bot_errors`.
        """
        limit = self.timeout if timeout is None else timeout
        handler = _ErrorCollector(self.bot_errors)
        discord_logger = logging.getLogger("discord")
        discord_logger.addHandler(handler)
        task: asyncio.Task[None] | None = None
        try:
            with self.patch():
                try:
                    await client.login(token)
                    task = asyncio.create_task(
                        client.connect(reconnect=True), name="fake-discord-client"
                    )
                    self.watch_task(task)
                    ready = asyncio.ensure_future(client.wait_until_ready())
                    done, _ = await asyncio.wait(
                        {task, ready}, timeout=limit, return_when=asyncio.FIRST_COMPLETED
                    )
                    if ready not in done:
                        ready.cancel()
                        if task in done:
                            self._raise_if_crashed()
                            raise BotCrashed(
                                "client.connect() returned before the client was ready"
                            )
                        raise FakeDiscordTimeout(
                            self._describe_timeout("the client to become ready", limit)
                        )
                    yield client
                finally:
                    await client.close()
                    if task is not None:
                        await asyncio.wait({task}, timeout=limit)
                        task.cancel()
            if task is not None:
                self._raise_if_crashed()
        finally:
            if task is not None:
                self._watched.discard(task)
            discord_logger.removeHandler(handler)

    def watch_task(self, task: asyncio.Task[Any]) -> None:
        """Fail waits fast with :class:`BotCrashed` if ``task`` (the client's connect) dies."""
        self._watched.add(task)
        task.add_done_callback(lambda _: self._notify())

    def add_user(
        self, user_id: int, name: str, *, dms_closed: bool = False, bot: bool = False
    ) -> FakeUser:
        """Add (or update) a user."""
        user = self._users.get(user_id)
        if user is None:
            user = self._users[user_id] = FakeUser(user_id, name, bot=bot, dms_closed=dms_closed)
        else:
            user.name, user.dms_closed = name, dms_closed
        return user

    def set_dms_closed(self, user_id: int, closed: bool = True) -> None:
        """Make DMs to this user fail (403, code 50007) or succeed again."""
        self._users[user_id].dms_closed = closed

    def add_guild(self, guild_id: int, name: str, owner_id: int) -> FakeGuild:
        """Add a guild with @everyone, the bot's role, a manager role, the owner and the bot."""
        bot_role = FakeRole(
            self._snowflakes.next(), "FakeBot", BOT_PERMISSIONS, 2, bot_id=self.bot_id
        )
        manager_role = FakeRole(self._snowflakes.next(), "Organisers", MANAGER_PERMISSIONS, 1)
        everyone = FakeRole(guild_id, "@everyone", EVERYONE_PERMISSIONS, 0)
        guild = FakeGuild(
            id=guild_id,
            name=name,
            owner_id=owner_id,
            roles={r.id: r for r in (everyone, manager_role, bot_role)},
            bot_role_id=bot_role.id,
            manager_role_id=manager_role.id,
        )
        self._guilds[guild_id] = guild
        guild.members[self.bot_id] = FakeMember(self.bot_id, guild_id, [bot_role.id])
        if owner_id not in self._users:
            self.add_user(owner_id, f"owner-{owner_id}")
        guild.members[owner_id] = FakeMember(owner_id, guild_id, [])
        self._spawn_dispatch("GUILD_CREATE", lambda: self._guild_create_payload(guild), guild_id)
        return guild

    def add_channel(
        self, guild_id: int, channel_id: int, name: str, bot_can_send: bool = True
    ) -> FakeChannel:
        """Add a text channel; with ``bot_can_send=False`` the bot's role and member are denied SEND_MESSAGES."""
        guild = self._guilds[guild_id]
        channel = FakeChannel(
            channel_id, GUILD_TEXT, name, guild_id, position=len(guild.channel_ids)
        )
        if not bot_can_send:
            channel.overwrites += [
                PermissionOverwrite(guild.bot_role_id, 0, deny=SEND_MESSAGES),
                PermissionOverwrite(self.bot_id, 1, deny=SEND_MESSAGES),
            ]
        self._channels[channel_id] = channel
        guild.channel_ids.append(channel_id)
        self._spawn_dispatch("CHANNEL_CREATE", lambda: self._channel_payload(channel), guild_id)
        return channel

    def delete_channel(self, channel_id: int) -> None:
        """Delete a guild text channel with its messages and threads, as a member with
        Manage Channels would: from now on every request about it gets 404 Unknown Channel."""
        channel = self._channels.pop(channel_id)
        assert channel.guild_id is not None, "only guild channels can be deleted"
        self._guilds[channel.guild_id].channel_ids.remove(channel_id)
        for thread in [c for c in self._channels.values() if c.parent_id == channel_id]:
            del self._channels[thread.id]
        for message in self._messages.values():
            if message.channel_id == channel_id:
                message.deleted = True
        payload = self._channel_payload(channel)
        self._spawn_dispatch("CHANNEL_DELETE", lambda: payload, channel.guild_id)

    def add_member(
        self, guild_id: int, user_id: int, name: str, manage_guild: bool = False
    ) -> FakeMember:
        """Add (or update) a member; ``manage_guild`` gives them the MANAGE_GUILD role."""
        guild = self._guilds[guild_id]
        if user_id in self._users:
            self._users[user_id].name = name
        else:
            self.add_user(user_id, name)
        member = guild.members.get(user_id)
        if member is None:
            member = guild.members[user_id] = FakeMember(user_id, guild_id, [])
        has_role = guild.manager_role_id in member.roles
        if manage_guild and not has_role:
            member.roles.append(guild.manager_role_id)
        elif not manage_guild and has_role:
            member.roles.remove(guild.manager_role_id)
        return member

    def remove_member(self, guild_id: int, user_id: int) -> None:
        """The user leaves the guild (the user itself stays known, as on Discord).

        No GUILD_MEMBER_REMOVE is dispatched: the bots tested here ask for no members intent.
        """
        del self._guilds[guild_id].members[user_id]

    def set_command_permission(
        self, guild_id: int, name: str, target_id: int, allowed: bool | None = True
    ) -> None:
        """A server's override for one command (Server Settings → Integrations).

        ``target_id`` is a user, a role, or the guild id for @everyone; ``allowed=None``
        removes the override. An override wins over ``default_member_permissions``, as on
        Discord: a user's own beats their roles', which beat @everyone's.
        """
        overrides = self._command_overrides.setdefault((guild_id, name), {})
        if allowed is None:
            overrides.pop(target_id, None)
        else:
            overrides[target_id] = allowed

    def permissions(
        self, guild_id: int, user_id: int, channel_id: int | None = None
    ) -> discord.Permissions:
        """A member's computed permissions (in a channel, with overwrites, when given)."""
        channel = None if channel_id is None else self._channels[channel_id]
        return discord.Permissions(self._permissions(self._guilds[guild_id], user_id, channel))

    def subscribe_to_event(self, event_id: int, user_id: int) -> None:
        """Mark a user as interested in a scheduled event (visible to ``event.users()``)."""
        event = self._events[event_id]
        if user_id not in event.subscribers:
            event.subscribers.append(user_id)
            event.data["user_count"] = len(event.subscribers)
            self._spawn_dispatch(
                "GUILD_SCHEDULED_EVENT_USER_ADD",
                lambda: {
                    "guild_scheduled_event_id": str(event_id),
                    "user_id": str(user_id),
                    "guild_id": str(event.guild_id),
                },
                event.guild_id,
            )

    def visible_commands(
        self, guild_id: int | None, user_id: int, channel_id: int | None = None
    ) -> list[str]:
        """The chat-input commands this user is offered, as paths ("setup configure", "help").

        In a guild (its own commands and the global ones), in ``channel_id`` when given, else
        by the member's server-wide permissions; with ``guild_id=None`` in the user's DM with
        the bot (global commands only). Sorted, without duplicates.
        """
        channel = None if channel_id is None else self._channels[channel_id]
        scopes = [None] if guild_id is None else [guild_id, None]
        paths: set[str] = set()
        for scope in scopes:
            for command in self._commands.get(scope, {}).values():
                if command["type"] != 1:
                    continue
                if self._unavailable(command, guild_id, user_id, channel) is None:
                    paths.update(_command_paths(command))
        return sorted(paths)

    def get_command(self, name: str, guild_id: int | None = None) -> JSON | None:
        """A registered chat-input command by name: the guild's first, then the global one."""
        found = self._find_command(name, guild_id, 1)
        return None if found is None else found[0]

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        times: int = 1,
        retry_after: float | None = None,
        json_code: int | None = None,
        *,
        is_global: bool = False,
    ) -> FaultRule:
        """Answer the next ``times`` matching requests with ``status``.

        ``path_regex`` is searched in the path relative to ``/api/v10`` (e.g.
        ``r"/channels/\\d+/messages$"``); ``method`` may be ``"*"``. A 429 carries
        ``Retry-After``, ``X-RateLimit-*`` and ``Via`` headers and JSON ``retry_after`` /
        ``global`` (``retry_after`` defaults to 0.05 s).
        """
        rule = FaultRule(
            method=method.upper(),
            pattern=re.compile(path_regex),
            status=status,
            remaining=times,
            retry_after=retry_after,
            json_code=json_code,
            is_global=is_global,
        )
        self._faults.append(rule)
        return rule

    def set_global_limit(self, requests_per_second: float | None) -> None:
        """Enforce a global limit (429 with ``X-RateLimit-Global: true``); None disables.

        Interaction callbacks and interaction webhooks are exempt, as on Discord.
        """
        self._global_limit = requests_per_second
        self._global_window.clear()

    def _spawn_dispatch(self, event: str, build: Callable[[], JSON], guild_id: int | None) -> None:
        """Dispatch from synchronous world-model setters when a bot is already connected."""
        if not self._sessions:
            return
        task = asyncio.get_running_loop().create_task(self._dispatch(event, build(), guild_id))
        self._background.add(task)
        task.add_done_callback(self._background.discard)
