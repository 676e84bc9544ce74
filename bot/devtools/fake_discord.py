"""A local fake Discord (REST API + gateway on 127.0.0.1) for end-to-end tests.

The real discord.py 2.7 client connects to it unchanged once :meth:`FakeDiscord.patch` has
pointed ``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY`` at the fake.
Tests build a small world (guilds, channels, members), start a bot, drive it with injected
interactions (slash commands, autocomplete, buttons, selects, modal submits) and assert on
what the fake recorded (messages, interaction responses, threads, scheduled events, DMs).

Typical use::

    fake = FakeDiscord()
    fake.add_guild(GUILD, "Study group", owner_id=OWNER)
    fake.add_channel(GUILD, CHANNEL, "daily")
    fake.add_member(GUILD, USER, "ada")
    await fake.start()
    try:
        async with fake.run_client(MyBot(guild_ready_timeout=0.05)):
            result = await fake.slash(GUILD, CHANNEL, USER, "plan")
            assert result.ephemeral
    finally:
        await fake.stop()

Behaviour mirrors Discord where it matters to a bot: permission checks on sends, the
"first follow-up after a defer fills the thinking message" rule, one response per
interaction, message/embed/component/modal limits answered with Discord's error JSON, and
429s carrying the headers discord.py's rate limiter reads (including ``Via``, without which
discord.py treats a 429 as a Cloudflare ban).

Registered commands are offered only where Discord offers them: a member whose permissions
lack a top-level command's ``default_member_permissions`` (or who lacks Use Application
Commands in the channel) does not see it, nor does anyone see a server-only command
(``contexts`` without BOT_DM, or ``dm_permission: false``) in a DM. :meth:`FakeDiscord.slash`
and :meth:`FakeDiscord.autocomplete` raise :class:`CommandUnavailable` for such a command,
:meth:`FakeDiscord.visible_commands` lists what a member sees, and
:meth:`FakeDiscord.set_command_permission` models a server's per-command override
(Server Settings → Integrations). Commands the bot never registered are still delivered,
so tests can see what the bot does with a stale or unknown command.
"""

# Every wait here is bounded and takes its bound as ``timeout``: that is the API, not an
# oversight, so the "use asyncio.timeout instead" rule does not apply.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import math
import mimetypes
import re
import secrets
import time
from collections import deque
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import BodyPartReader, WSMsgType, web

__all__ = [
    "BotCrashed",
    "FakeAttachment",
    "FakeChannel",
    "FakeDiscord",
    "FakeDiscordTimeout",
    "FakeMessage",
    "FakeScheduledEvent",
    "FakeUser",
    "FaultRule",
    "InteractionCallback",
    "InteractionResult",
    "OptionValue",
    "RequestRecord",
]

_log = logging.getLogger(__name__)

JSON = dict[str, Any]
T = TypeVar("T")
ClientT = TypeVar("ClientT", bound=discord.Client)

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
HEARTBEAT_INTERVAL_MS = 41_250
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

# Message flags.
FLAG_HAS_THREAD = 1 << 5
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_SUPPRESS_NOTIFICATIONS = 1 << 12
FLAG_COMPONENTS_V2 = 1 << 15
SETTABLE_FLAGS = FLAG_SUPPRESS_EMBEDS | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_COMPONENTS_V2

# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_NEWS = 5
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
THREAD_TYPES = frozenset({10, PUBLIC_THREAD, PRIVATE_THREAD})

# Interaction types.
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# Interaction callback types.
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

# Component types.
ACTION_ROW = 1
BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
SELECT_TYPES = frozenset({3, 5, 6, 7, 8})
TEXT_DISPLAY = 10
LABEL = 18
FILE_UPLOAD = 19
RADIO_GROUP = 21
CHECKBOX_GROUP = 22
CHECKBOX = 23

# Application command option types.
OPT_SUB_COMMAND = 1
OPT_SUB_COMMAND_GROUP = 2
OPT_STRING = 3
OPT_INTEGER = 4
OPT_BOOLEAN = 5
OPT_USER = 6
OPT_CHANNEL = 7
OPT_ROLE = 8
OPT_MENTIONABLE = 9
OPT_NUMBER = 10
OPT_ATTACHMENT = 11

# Interaction context types (a command's ``contexts``).
CONTEXT_GUILD = 0
CONTEXT_BOT_DM = 1

# Gateway opcodes.
OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_PRESENCE = 3
OP_RESUME = 6
OP_REQUEST_MEMBERS = 8
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11

PRIVILEGED_INTENTS = discord.Intents(members=True, presences=True, message_content=True).value

ALL_PERMISSIONS = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value
VIEW_CHANNEL = discord.Permissions(view_channel=True).value
SEND_MESSAGES = discord.Permissions(send_messages=True).value
SEND_IN_THREADS = discord.Permissions(send_messages_in_threads=True).value
ATTACH_FILES = discord.Permissions(attach_files=True).value
CREATE_PUBLIC_THREADS = discord.Permissions(create_public_threads=True).value
CREATE_PRIVATE_THREADS = discord.Permissions(create_private_threads=True).value
MANAGE_EVENTS = discord.Permissions(manage_events=True).value
USE_APPLICATION_COMMANDS = discord.Permissions(use_application_commands=True).value
CREATE_EVENTS = discord.Permissions(create_events=True).value

#: What a fresh server grants @everyone.
EVERYONE_PERMISSIONS = discord.Permissions(
    create_instant_invite=True,
    add_reactions=True,
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_external_emojis=True,
    connect=True,
    speak=True,
    change_nickname=True,
    use_application_commands=True,
    create_public_threads=True,
    send_messages_in_threads=True,
).value

#: The bot's managed role: what the bot's invite link asks for.
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    create_public_threads=True,
    send_messages_in_threads=True,
    manage_events=True,
    read_message_history=True,
).value

#: The role given to members added with ``manage_guild=True``.
MANAGER_PERMISSIONS = discord.Permissions(manage_guild=True).value


def _now() -> datetime:
    return datetime.now(UTC)


def _json_copy(value: Any) -> Any:
    """A deep copy of plain JSON data, several times faster than ``copy.deepcopy``."""
    return json.loads(json.dumps(value))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _to_id(value: Any) -> int:
    """Accept an int, a numeric string or anything with an ``id`` (discord objects, fakes)."""
    if isinstance(value, bool):
        raise TypeError(f"expected a snowflake, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return int(value)
    inner = getattr(value, "id", None)
    if inner is None:
        raise TypeError(f"expected a snowflake, got {value!r}")
    return int(inner)


class SnowflakeGenerator:
    """Strictly increasing, time-based snowflakes so discord.py's ``created_at`` is sane."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        """Return a new snowflake greater than every previous one."""
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


class FakeDiscordTimeout(AssertionError):
    """A bounded wait on the fake ran out (the bot did not do what the test expected)."""


class CommandUnavailable(AssertionError):
    """Discord would not offer this command to this user here, so it cannot be invoked.

    Raised for a registered command whose ``default_member_permissions`` the member lacks,
    or that is not available in this context (a server-only command in a DM).
    """


class InteractionFailed(AssertionError):
    """The bot did not acknowledge an interaction within Discord's deadline: Discord refused
    its late answer (404 Unknown interaction) and the member sees "This interaction failed"."""


class BotCrashed(RuntimeError):
    """The discord.py connect task watched by the fake ended with an exception."""


# --------------------------------------------------------------------------------------
# World model and recorded state
# --------------------------------------------------------------------------------------


@dataclass
class FakeUser:
    """A Discord user. Set ``dms_closed`` to make DMs to this user fail with 50007."""

    id: int
    name: str
    bot: bool = False
    dms_closed: bool = False
    locale: str = "en-US"

    def payload(self) -> JSON:
        """The user object as Discord sends it."""
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": None if self.bot else self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
        }


@dataclass
class FakeRole:
    """A guild role."""

    id: int
    name: str
    permissions: int
    position: int
    bot_id: int | None = None

    def payload(self) -> JSON:
        """The role object as Discord sends it."""
        data: JSON = {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.bot_id is not None,
            "mentionable": False,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


@dataclass
class PermissionOverwrite:
    """A channel permission overwrite (``type`` 0 = role, 1 = member)."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> JSON:
        """The overwrite object as Discord sends it."""
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


@dataclass
class FakeMember:
    """A user's membership in a guild (role ids exclude @everyone, as on Discord)."""

    user_id: int
    guild_id: int
    roles: list[int]
    joined_at: datetime = field(default_factory=_now)
    nick: str | None = None


@dataclass
class FakeChannel:
    """A text channel, thread or DM channel."""

    id: int
    type: int
    name: str
    guild_id: int | None
    position: int = 0
    parent_id: int | None = None
    overwrites: list[PermissionOverwrite] = field(default_factory=list)
    topic: str | None = None
    recipient_id: int | None = None
    owner_id: int | None = None
    starter_message_id: int | None = None
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440
    created_at: datetime = field(default_factory=_now)
    message_count: int = 0
    last_message_id: int | None = None

    @property
    def is_thread(self) -> bool:
        """Whether this channel is a thread."""
        return self.type in THREAD_TYPES


@dataclass
class FakeGuild:
    """A guild with its roles, channel ids and members."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole]
    bot_role_id: int
    manager_role_id: int
    channel_ids: list[int] = field(default_factory=list)
    members: dict[int, FakeMember] = field(default_factory=dict)


@dataclass
class FakeAttachment:
    """A file uploaded with a message; ``data`` holds its bytes."""

    id: int
    filename: str
    data: bytes
    content_type: str
    url: str
    description: str | None = None

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.data)

    def payload(self) -> JSON:
        """The attachment object as Discord sends it."""
        data: JSON = {
            "id": str(self.id),
            "filename": self.filename,
            "size": self.size,
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }
        if self.description is not None:
            data["description"] = self.description
        return data


def _walk_components(components: Iterable[JSON]) -> Iterator[JSON]:
    """Yield every component, depth first (rows, labels, sections and containers included)."""
    for component in components:
        yield component
        yield from _walk_components(component.get("components") or [])
        for key in ("component", "accessory"):
            child = component.get(key)
            if isinstance(child, dict):
                yield from _walk_components([child])


@dataclass
class FakeMessage:
    """A message as the fake stores it (current version: edits applied)."""

    id: int
    channel_id: int
    guild_id: int | None
    author_id: int
    content: str
    embeds: list[JSON]
    components: list[JSON]
    attachments: list[FakeAttachment]
    flags: int
    created_at: datetime
    type: int = 0
    edited_at: datetime | None = None
    edits: int = 0
    thread_id: int | None = None
    interaction_id: int | None = None
    webhook_id: int | None = None
    message_reference: JSON | None = None
    nonce: str | None = None
    tts: bool = False
    deleted: bool = False

    @property
    def ephemeral(self) -> bool:
        """Whether only the interacting user can see this message."""
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def loading(self) -> bool:
        """Whether this is a deferred "thinking..." message not yet filled."""
        return bool(self.flags & FLAG_LOADING)

    @property
    def custom_ids(self) -> list[str]:
        """Custom ids of all interactive components, in display order."""
        return [c["custom_id"] for c in _walk_components(self.components) if "custom_id" in c]

    def find_component(self, custom_id: str) -> JSON | None:
        """The component with this custom id, or None."""
        return next(
            (c for c in _walk_components(self.components) if c.get("custom_id") == custom_id), None
        )

    @property
    def text(self) -> str:
        """Content plus embed titles/descriptions/fields, for loose text assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for embed_field in embed.get("fields") or []:
                parts += [embed_field.get("name") or "", embed_field.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
        parts += [
            c["content"] for c in _walk_components(self.components) if c.get("type") == TEXT_DISPLAY
        ]
        return "\n".join(p for p in parts if p)


@dataclass
class FakeScheduledEvent:
    """A guild scheduled event; ``data`` is the Discord object, ``subscribers`` are user ids."""

    id: int
    guild_id: int
    data: JSON
    subscribers: list[int] = field(default_factory=list)
    deleted: bool = False

    @property
    def name(self) -> str:
        """The event's name."""
        return str(self.data["name"])

    @property
    def status(self) -> int:
        """1 scheduled, 2 active, 3 completed, 4 cancelled."""
        return int(self.data["status"])

    @property
    def start_time(self) -> datetime:
        """Scheduled start as an aware datetime."""
        return datetime.fromisoformat(self.data["scheduled_start_time"])


@dataclass(frozen=True)
class RequestRecord:
    """One REST request the fake answered (``path`` is relative to ``/api/v10``)."""

    method: str
    path: str
    status: int
    time: float
    query: Mapping[str, str]
    body: Any = None


@dataclass
class FaultRule:
    """A fault injected with :meth:`FakeDiscord.fail_next`; ``hits`` counts uses."""

    method: str
    pattern: re.Pattern[str]
    status: int
    remaining: int
    retry_after: float | None = None
    json_code: int | None = None
    is_global: bool = False
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule applies to a request."""
        return (
            self.remaining > 0
            and self.method in ("*", method)
            and self.pattern.search(path) is not None
        )


@dataclass
class InteractionCallback:
    """The initial response a bot gave to an interaction (``POST .../callback``)."""

    interaction_id: int
    type: int
    data: JSON
    time: float
    message_id: int | None = None

    @property
    def flags(self) -> int:
        """Message flags of the response (64 = ephemeral)."""
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        """Whether the response (or the deferred message) is ephemeral."""
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def content(self) -> str | None:
        """Content of a message response."""
        return self.data.get("content")

    @property
    def embeds(self) -> list[JSON]:
        """Embeds of a message response."""
        return list(self.data.get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        """Components of a message response (or of a modal)."""
        return list(self.data.get("components") or [])

    @property
    def modal(self) -> JSON | None:
        """The modal (custom_id, title, components) for a type 9 response."""
        return self.data if self.type == MODAL else None

    @property
    def choices(self) -> list[JSON] | None:
        """Autocomplete choices for a type 8 response."""
        return list(self.data.get("choices") or []) if self.type == AUTOCOMPLETE_RESULT else None


@dataclass(frozen=True)
class OptionValue:
    """An explicitly typed slash-command option value (when the command is not registered)."""

    type: int
    value: Any


@dataclass
class _Upload:
    filename: str
    data: bytes
    content_type: str | None


@dataclass
class _Request:
    method: str
    path: str
    query: Mapping[str, str]
    body: Any
    uploads: dict[str, _Upload]


@dataclass
class _InteractionRecord:
    id: int
    token: str
    type: int
    guild_id: int | None
    channel_id: int
    user_id: int
    payload: JSON
    source_message_id: int | None
    created: float  # on the fake's interaction clock
    callback: InteractionCallback | None = None
    failed: bool = False  # acknowledged too late: the member saw "This interaction failed"
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    original_edits: int = 0
    answered: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class _ModalRecord:
    data: JSON
    interaction: _InteractionRecord


@dataclass(eq=False)
class _GatewayConnection:
    ws: web.WebSocketResponse
    request: web.Request
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    session: _Session | None = None
    dropped: bool = False

    async def send(self, frame: str) -> bool:
        """Send one text frame; False when the socket is gone."""
        async with self.lock:
            try:
                await self.ws.send_str(frame)
            except (ConnectionError, RuntimeError):
                return False
            return True


@dataclass(eq=False)
class _Session:
    id: str
    intents: int
    shard: tuple[int, int] | None
    seq: int = 0
    sent_seq: int = 0
    backlog: list[str] = field(default_factory=list)
    conn: _GatewayConnection | None = None
    invalid: bool = False
    client_seq: int = 0

    def handles_guild(self, guild_id: int | None) -> bool:
        """Whether events for this guild (None: DMs, which go to shard 0) reach this session."""
        if self.shard is None:
            return True
        shard_id, shard_count = self.shard
        if guild_id is None:
            return shard_id == 0
        return (guild_id >> 22) % shard_count == shard_id


# --------------------------------------------------------------------------------------
# Interaction results
# --------------------------------------------------------------------------------------


class InteractionResult:
    """What the bot answered to an injected interaction, plus access to later follow-ups."""

    def __init__(self, fake: FakeDiscord, record: _InteractionRecord) -> None:
        self._fake = fake
        self._record = record

    def __repr__(self) -> str:
        return f"<InteractionResult id={self.id} type={self.type} content={self.content!r} ephemeral={self.ephemeral}>"

    @property
    def id(self) -> int:
        """The interaction id."""
        return self._record.id

    @property
    def token(self) -> str:
        """The interaction token."""
        return self._record.token

    @property
    def response(self) -> InteractionCallback:
        """The initial callback (always set once the result is returned)."""
        assert self._record.callback is not None
        return self._record.callback

    @property
    def type(self) -> int:
        """Callback type: 4 message, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal."""
        return self.response.type

    @property
    def deferred(self) -> bool:
        """Whether the bot deferred (type 5 or 6)."""
        return self.type in (DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE)

    @property
    def ephemeral(self) -> bool:
        """Whether the initial response is ephemeral."""
        return self.response.ephemeral

    @property
    def content(self) -> str | None:
        """Content of the initial response."""
        return self.response.content

    @property
    def embeds(self) -> list[JSON]:
        """Embeds of the initial response."""
        return self.response.embeds

    @property
    def components(self) -> list[JSON]:
        """Components of the initial response."""
        return self.response.components

    @property
    def modal(self) -> JSON | None:
        """The modal the bot opened, if any."""
        return self.response.modal

    @property
    def choices(self) -> list[JSON] | None:
        """Autocomplete choices, if this was an autocomplete interaction."""
        return self.response.choices

    @property
    def message(self) -> FakeMessage | None:
        """Current version of the original response message.

        For type 4/5 responses this is the message the response created; for type 6/7 on a
        component it is the message the component sits on.
        """
        mid = self._record.original_message_id
        return None if mid is None else self._fake.message(mid)

    @property
    def followups(self) -> list[FakeMessage]:
        """Current versions of follow-up messages, in order (deleted ones omitted)."""
        found = (self._fake.message(mid) for mid in self._record.followup_ids)
        return [m for m in found if not m.deleted]

    async def wait_followup(self, index: int = 0, timeout: float | None = None) -> FakeMessage:
        """Wait until follow-up number ``index`` (0-based) exists and return it."""
        await self._fake.wait_until(
            lambda: len(self._record.followup_ids) > index,
            timeout=timeout,
            what=f"follow-up #{index} to interaction {self.id}",
        )
        return self._fake.message(self._record.followup_ids[index])

    async def wait_original_edit(self, count: int = 1, timeout: float | None = None) -> FakeMessage:
        """Wait until the original response has been edited ``count`` times; return it.

        A deferred "thinking" message counts as edited when it is filled, either by
        ``PATCH .../messages/@original`` or by the first follow-up.
        """
        await self._fake.wait_until(
            lambda: self._record.original_edits >= count,
            timeout=timeout,
            what=f"{count} edit(s) of the original response to interaction {self.id}",
        )
        message = self.message
        assert message is not None
        return message


# --------------------------------------------------------------------------------------
# Validation of what the bot sends (Discord's documented limits)
# --------------------------------------------------------------------------------------


class _Errors:
    """Collects Discord-style field errors ("Invalid Form Body", code 50035)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.items.append((path, code, message))

    def max_len(self, path: str, value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def in_range(self, path: str, value: Any, low: int, high: int) -> None:
        if value is None:
            return
        if int(value) < low:
            self.add(path, "NUMBER_TYPE_MIN", f"Must be greater than or equal to {low}.")
        elif int(value) > high:
            self.add(path, "NUMBER_TYPE_MAX", f"Must be less than or equal to {high}.")

    def required(self, path: str, value: Any) -> None:
        if value is None or value == "":
            self.add(path, "BASE_TYPE_REQUIRED", "This field is required")

    def prefixed(self, prefix: str) -> _Errors:
        """The same errors under ``prefix`` (e.g. ``data`` for interaction callbacks)."""
        out = _Errors()
        for path, code, message in self.items:
            out.add(f"{prefix}.{path}" if path else prefix, code, message)
        return out

    def lines(self) -> list[str]:
        return [f"{path}: {message}" for path, _code, message in self.items]

    def tree(self) -> JSON:
        """Errors nested the way Discord nests them."""
        root: JSON = {}
        for path, code, message in self.items:
            node = root
            for part in path.split("."):
                node = node.setdefault(part, {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        return root


def _check_embeds(errors: _Errors, embeds: Sequence[JSON], prefix: str = "embeds") -> None:
    if len(embeds) > 10:
        errors.add(prefix, "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        path = f"{prefix}.{i}"
        for key, limit in (("title", 256), ("description", 4096)):
            errors.max_len(f"{path}.{key}", embed.get(key), limit)
            total += len(embed.get(key) or "")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.add(f"{path}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, embed_field in enumerate(fields):
            errors.required(f"{path}.fields.{j}.name", embed_field.get("name"))
            errors.required(f"{path}.fields.{j}.value", embed_field.get("value"))
            errors.max_len(f"{path}.fields.{j}.name", embed_field.get("name"), 256)
            errors.max_len(f"{path}.fields.{j}.value", embed_field.get("value"), 1024)
            total += len(embed_field.get("name") or "") + len(embed_field.get("value") or "")
        footer = (embed.get("footer") or {}).get("text")
        errors.max_len(f"{path}.footer.text", footer, 2048)
        author = (embed.get("author") or {}).get("name")
        errors.max_len(f"{path}.author.name", author, 256)
        total += len(footer or "") + len(author or "")
    if total > 6000:
        errors.add(prefix, "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")


def _check_select(errors: _Errors, path: str, select: JSON) -> None:
    errors.max_len(f"{path}.placeholder", select.get("placeholder"), 150)
    errors.in_range(f"{path}.min_values", select.get("min_values"), 0, 25)
    errors.in_range(f"{path}.max_values", select.get("max_values"), 1, 25)
    if select.get("type") == STRING_SELECT:
        options = select.get("options") or []
        if not 1 <= len(options) <= 25:
            errors.add(
                f"{path}.options", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."
            )
        for k, option in enumerate(options):
            for key in ("label", "value"):
                errors.required(f"{path}.options.{k}.{key}", option.get(key))
            for key in ("label", "value", "description"):
                errors.max_len(f"{path}.options.{k}.{key}", option.get(key), 100)
        max_values = select.get("max_values", 1)
        if options and max_values > len(options):
            errors.add(
                f"{path}.max_values",
                "BASE_TYPE_MAX",
                f"Must be less than or equal to {len(options)}.",
            )


def _check_components(errors: _Errors, components: Sequence[JSON], flags: int) -> None:
    seen: set[str] = set()
    for path, component in _component_paths(components, "components"):
        custom_id = component.get("custom_id")
        if custom_id is not None:
            errors.max_len(f"{path}.custom_id", custom_id, 100)
            if custom_id in seen:
                errors.add(
                    f"{path}.custom_id",
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                    "Component custom id cannot be duplicated",
                )
            seen.add(custom_id)
        ctype = component.get("type")
        if ctype == BUTTON:
            errors.max_len(f"{path}.label", component.get("label"), 80)
            style = component.get("style")
            if style == 5 and not component.get("url"):
                errors.required(f"{path}.url", None)
            elif style not in (5, 6) and not custom_id:
                errors.required(f"{path}.custom_id", None)
        elif ctype in SELECT_TYPES:
            _check_select(errors, path, component)
    if flags & FLAG_COMPONENTS_V2:
        return
    if len(components) > 5:
        errors.add("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    for i, row in enumerate(components):
        if row.get("type") != ACTION_ROW:
            errors.add(
                f"components.{i}",
                "UNION_TYPE_CHOICES",
                "Top-level components must be action rows without the components v2 flag",
            )
            continue
        children = row.get("components") or []
        buttons = sum(1 for c in children if c.get("type") == BUTTON)
        selects = sum(1 for c in children if c.get("type") in SELECT_TYPES)
        if buttons > 5 or (selects and (selects > 1 or buttons)) or not children:
            errors.add(
                f"components.{i}.components",
                "BASE_TYPE_BAD_LENGTH",
                "An action row holds 1-5 buttons or exactly one select",
            )


def _component_paths(components: Sequence[JSON], prefix: str) -> Iterator[tuple[str, JSON]]:
    """Yield ``(error path, component)`` for every component, depth first."""
    for i, component in enumerate(components):
        yield from _component_and_children(component, f"{prefix}.{i}")


def _component_and_children(component: JSON, path: str) -> Iterator[tuple[str, JSON]]:
    yield path, component
    yield from _component_paths(component.get("components") or [], f"{path}.components")
    for key in ("component", "accessory"):
        child = component.get(key)
        if isinstance(child, dict):
            yield from _component_and_children(child, f"{path}.{key}")


def _check_message(body: JSON, new_files: int, *, creating: bool) -> _Errors:
    errors = _Errors()
    errors.max_len("content", body.get("content"), 2000)
    _check_embeds(errors, body.get("embeds") or [])
    _check_components(errors, body.get("components") or [], int(body.get("flags") or 0))
    if creating and not any(
        (
            body.get("content"),
            body.get("embeds"),
            body.get("components"),
            new_files,
            body.get("sticker_ids"),
            body.get("poll"),
        )
    ):
        errors.add("", "EMPTY", "Cannot send an empty message")
    return errors


def message_problems(body: JSON) -> list[str]:
    """What Discord would refuse in a message body (content, embeds, components), as
    ``path: message`` lines: the checks the fake applies to every message it receives."""
    return _check_message(body, 0, creating=True).lines()


def modal_problems(data: JSON) -> list[str]:
    """What Discord would refuse in a modal, as ``path: message`` lines."""
    return _check_modal(data).lines()


def _check_modal(data: JSON) -> _Errors:
    errors = _Errors()
    errors.required("title", data.get("title"))
    errors.max_len("title", data.get("title"), 45)
    errors.required("custom_id", data.get("custom_id"))
    errors.max_len("custom_id", data.get("custom_id"), 100)
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        errors.add("components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
    for i, top in enumerate(components):
        path = f"components.{i}"
        if top.get("type") == ACTION_ROW:
            inner = top.get("components") or []
            if len(inner) != 1 or inner[0].get("type") != TEXT_INPUT:
                errors.add(
                    path, "BASE_TYPE_BAD_LENGTH", "A modal action row holds exactly one text input"
                )
                continue
            errors.required(f"{path}.components.0.label", inner[0].get("label"))
            errors.max_len(f"{path}.components.0.label", inner[0].get("label"), 45)
            _check_text_input(errors, f"{path}.components.0", inner[0])
        elif top.get("type") == LABEL:
            errors.required(f"{path}.label", top.get("label"))
            errors.max_len(f"{path}.label", top.get("label"), 45)
            errors.max_len(f"{path}.description", top.get("description"), 100)
            child = top.get("component") or {}
            if child.get("type") == TEXT_INPUT:
                _check_text_input(errors, f"{path}.component", child)
            elif child.get("type") in SELECT_TYPES:
                _check_select(errors, f"{path}.component", child)
            elif child.get("type") not in (FILE_UPLOAD, RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX):
                errors.add(
                    f"{path}.component", "UNION_TYPE_CHOICES", "Unsupported component in a label"
                )
        elif top.get("type") != TEXT_DISPLAY:
            errors.add(
                path, "UNION_TYPE_CHOICES", "Modals take action rows, labels or text displays"
            )
    return errors


def _check_text_input(errors: _Errors, path: str, text_input: JSON) -> None:
    errors.required(f"{path}.custom_id", text_input.get("custom_id"))
    errors.max_len(f"{path}.custom_id", text_input.get("custom_id"), 100)
    errors.max_len(f"{path}.placeholder", text_input.get("placeholder"), 100)
    errors.max_len(f"{path}.value", text_input.get("value"), 4000)
    errors.in_range(f"{path}.min_length", text_input.get("min_length"), 0, 4000)
    errors.in_range(f"{path}.max_length", text_input.get("max_length"), 1, 4000)
    if text_input.get("style") not in (1, 2):
        errors.add(f"{path}.style", "BASE_TYPE_CHOICES", "Value must be one of (1, 2).")


def _check_choices(choices: Sequence[JSON]) -> _Errors:
    errors = _Errors()
    if len(choices) > 25:
        errors.add("choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for i, choice in enumerate(choices):
        errors.required(f"choices.{i}.name", choice.get("name"))
        errors.max_len(f"choices.{i}.name", choice.get("name"), 100)
        errors.max_len(f"choices.{i}.value", choice.get("value"), 100)
    return errors


def _assign_component_ids(components: list[JSON]) -> None:
    """Number components depth first, as Discord does for components without an ``id``."""
    used = {c["id"] for c in _walk_components(components) if isinstance(c.get("id"), int)}
    counter = 1
    for component in _walk_components(components):
        if "id" not in component:
            while counter in used:
                counter += 1
            component["id"] = counter
            used.add(counter)


# --------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------


_Handler = Callable[[_Request, Sequence[str]], Awaitable[web.StreamResponse]]


class FakeDiscord:
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
        self._routes: list[tuple[str, re.Pattern[str], _Handler]] = self._build_routes()

    # ----------------------------------------------------------------- server lifecycle

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

    # ------------------------------------------------------------------------ world model

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

    def guild(self, guild_id: int) -> FakeGuild:
        """The guild's model (roles, members, channel ids)."""
        return self._guilds[guild_id]

    def channel(self, channel_id: int) -> FakeChannel:
        """A channel, thread or DM channel by id."""
        return self._channels[channel_id]

    def user(self, user_id: int) -> FakeUser:
        """A user by id."""
        return self._users[user_id]

    def permissions(
        self, guild_id: int, user_id: int, channel_id: int | None = None
    ) -> discord.Permissions:
        """A member's computed permissions (in a channel, with overwrites, when given)."""
        channel = None if channel_id is None else self._channels[channel_id]
        return discord.Permissions(self._permissions(self._guilds[guild_id], user_id, channel))

    # -------------------------------------------------------------------- recorded state

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

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """Registered application commands (global when ``guild_id`` is None)."""
        return list(self._commands.get(guild_id, {}).values())

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

    # ----------------------------------------------------------------- fault injection

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

    # -------------------------------------------------------------------------- waiting

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

    # ------------------------------------------------------------- driving interactions

    async def slash(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        options: Mapping[str, Any] | None = None,
        subcommand: str | None = None,
        group: str | None = None,
        *,
        timeout: float | None = None,
    ) -> InteractionResult:
        """Invoke a chat-input command and wait for the bot's initial response.

        Option types come from the registered command (so ``{"channel": 123}`` becomes a
        channel option with resolved data); for unregistered commands they are inferred
        from Python types, or given explicitly with :class:`OptionValue`. ``guild_id=None``
        invokes the command in the user's DM with the bot.
        """
        self._check_offered(guild_id, channel_id, user_id, name)
        data = self._command_data(
            guild_id, user_id, channel_id, name, options or {}, subcommand, group, None, None
        )
        return await self._interact(
            APPLICATION_COMMAND, guild_id, channel_id, user_id, data, None, timeout
        )

    async def autocomplete(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        focused: str,
        value: str = "",
        options: Mapping[str, Any] | None = None,
        subcommand: str | None = None,
        group: str | None = None,
        *,
        timeout: float | None = None,
    ) -> list[JSON]:
        """Send an autocomplete interaction for option ``focused`` typed as ``value``; return the choices."""
        self._check_offered(guild_id, channel_id, user_id, name)
        data = self._command_data(
            guild_id, user_id, channel_id, name, options or {}, subcommand, group, focused, value
        )
        result = await self._interact(
            AUTOCOMPLETE, guild_id, channel_id, user_id, data, None, timeout
        )
        if result.choices is None:
            raise AssertionError(f"bot answered autocomplete with callback type {result.type}")
        return result.choices

    async def click(
        self, user_id: int, message_id: int, custom_id: str, *, timeout: float | None = None
    ) -> InteractionResult:
        """Click the button ``custom_id`` on a message and wait for the bot's response."""
        message, component = self._component_on(message_id, custom_id)
        if component.get("type") != BUTTON:
            raise ValueError(f"component {custom_id!r} is not a button")
        data: JSON = {"custom_id": custom_id, "component_type": BUTTON, "id": component.get("id")}
        return await self._interact(
            MESSAGE_COMPONENT, message.guild_id, message.channel_id, user_id, data, message, timeout
        )

    async def select(
        self,
        user_id: int,
        message_id: int,
        custom_id: str,
        values: Sequence[Any],
        *,
        timeout: float | None = None,
    ) -> InteractionResult:
        """Choose ``values`` in the select ``custom_id`` on a message and wait for the response.

        For user/role/channel/mentionable selects pass ids; resolved data is included.
        """
        message, component = self._component_on(message_id, custom_id)
        ctype = int(component.get("type", 0))
        if ctype not in SELECT_TYPES:
            raise ValueError(f"component {custom_id!r} is not a select")
        str_values = [str(_to_id(v)) if ctype != STRING_SELECT else str(v) for v in values]
        self._check_select_values(component, str_values)
        data: JSON = {
            "custom_id": custom_id,
            "component_type": ctype,
            "values": str_values,
            "id": component.get("id"),
        }
        if ctype != STRING_SELECT:
            data["resolved"] = self._resolved_for_select(
                ctype, message.guild_id, user_id, str_values
            )
        return await self._interact(
            MESSAGE_COMPONENT, message.guild_id, message.channel_id, user_id, data, message, timeout
        )

    async def submit_modal(
        self,
        user_id: int,
        custom_id: str,
        fields: Mapping[str, str | bool | Sequence[str]],
        channel_id: int | None = None,
        guild_id: int | None = None,
        message_id: int | None = None,
        *,
        timeout: float | None = None,
    ) -> InteractionResult:
        """Submit the modal ``custom_id`` with ``fields`` (custom_id -> value) and wait.

        When the bot opened this modal, its layout (action rows or Labels) is mirrored and
        channel, guild and source message default to those of the opening interaction.
        Select/checkbox-group values are lists; a checkbox value is a bool.
        """
        recorded = self._modals.get(custom_id)
        layout: list[JSON] = []
        if recorded is not None:
            opener = recorded.interaction
            channel_id = opener.channel_id if channel_id is None else channel_id
            message_id = opener.source_message_id if message_id is None else message_id
            layout = recorded.data.get("components") or []
        if channel_id is None:
            raise ValueError("channel_id is required for a modal the bot did not open")
        if guild_id is None:
            guild_id = self._channels[channel_id].guild_id
        components = self._modal_submit_components(layout, fields)
        message = None if message_id is None else self._messages[message_id]
        data: JSON = {"custom_id": custom_id, "components": components}
        return await self._interact(
            MODAL_SUBMIT, guild_id, channel_id, user_id, data, message, timeout
        )

    # ================================================================== internals below

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

    def _spawn_dispatch(self, event: str, build: Callable[[], JSON], guild_id: int | None) -> None:
        """Dispatch from synchronous world-model setters when a bot is already connected."""
        if not self._sessions:
            return
        task = asyncio.get_running_loop().create_task(self._dispatch(event, build(), guild_id))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # ------------------------------------------------------------------ permissions

    def _permissions(self, guild: FakeGuild, user_id: int, channel: FakeChannel | None) -> int:
        if user_id == guild.owner_id:
            return ALL_PERMISSIONS
        member = guild.members.get(user_id)
        role_ids = [] if member is None else member.roles
        base = guild.roles[guild.id].permissions
        for role_id in role_ids:
            base |= guild.roles[role_id].permissions
        if base & ADMINISTRATOR:
            return ALL_PERMISSIONS
        if channel is not None and channel.is_thread and channel.parent_id is not None:
            channel = self._channels[channel.parent_id]
        if channel is None:
            return base
        overwrites = {(o.type, o.id): o for o in channel.overwrites}
        everyone = overwrites.get((0, guild.id))
        if everyone is not None:
            base = (base & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for role_id in role_ids:
            role_ow = overwrites.get((0, role_id))
            if role_ow is not None:
                allow |= role_ow.allow
                deny |= role_ow.deny
        base = (base & ~deny) | allow
        member_ow = overwrites.get((1, user_id))
        if member_ow is not None:
            base = (base & ~member_ow.deny) | member_ow.allow
        if not base & VIEW_CHANNEL:
            return 0
        return base

    def _check_offered(
        self, guild_id: int | None, channel_id: int | None, user_id: int, name: str
    ) -> None:
        """Raise :class:`CommandUnavailable` when Discord would not offer ``/name`` here."""
        found = self._find_command(name, guild_id, 1)
        if found is None:
            return  # never registered: delivered anyway (see the module's docstring)
        channel = None if channel_id is None else self._channels.get(channel_id)
        reason = self._unavailable(found[0], guild_id, user_id, channel)
        if reason is not None:
            where = "in a DM" if guild_id is None else f"in guild {guild_id}"
            raise CommandUnavailable(
                f"Discord does not offer /{name} to user {user_id} {where}: {reason}"
            )

    def _unavailable(
        self, command: JSON, guild_id: int | None, user_id: int, channel: FakeChannel | None
    ) -> str | None:
        """Why Discord would not offer ``command`` to the user here; None when it would."""
        contexts = command.get("contexts")
        if guild_id is None:
            in_dms = (
                CONTEXT_BOT_DM in contexts
                if contexts is not None
                else command.get("dm_permission") is not False
            )
            # default_member_permissions does not apply in DMs: there are no roles there.
            return None if in_dms else "it is a server-only command"
        if contexts is not None and CONTEXT_GUILD not in contexts:
            return "it is not available in servers"
        guild = self._guilds[guild_id]
        if user_id not in guild.members:
            return "the user is not a member of the guild"
        permissions = self._permissions(guild, user_id, channel)
        if not permissions & USE_APPLICATION_COMMANDS:
            return "the member lacks Use Application Commands here"
        override = self._override(guild, str(command["name"]), user_id)
        if override is not None:
            return None if override else "the server's Integrations settings deny it"
        required = command.get("default_member_permissions")
        if required is None or permissions & ADMINISTRATOR:
            return None
        if int(required) == 0:
            return "default_member_permissions is 0 (administrators only)"
        missing = int(required) & ~permissions
        if missing:
            names = ", ".join(n for n, on in discord.Permissions(missing) if on)
            return f"the member lacks {names} (default_member_permissions)"
        return None

    def _override(self, guild: FakeGuild, name: str, user_id: int) -> bool | None:
        """The server's override of a command for this member, as Discord resolves it."""
        overrides = self._command_overrides.get((guild.id, name))
        if not overrides:
            return None
        if user_id in overrides:
            return overrides[user_id]
        member = guild.members.get(user_id)
        by_role = [overrides[r] for r in (member.roles if member else []) if r in overrides]
        if by_role:
            return any(by_role)
        return overrides.get(guild.id)

    def _bot_can(self, channel: FakeChannel, needed: int) -> bool:
        if channel.guild_id is None:
            return True
        return (
            self._permissions(self._guilds[channel.guild_id], self.bot_id, channel) & needed
            == needed
        )

    # ------------------------------------------------------------------- payloads

    def _member_payload(
        self,
        guild: FakeGuild,
        user_id: int,
        *,
        with_user: bool = True,
        channel: FakeChannel | None = None,
    ) -> JSON:
        member = guild.members.get(user_id)
        if member is None:
            raise ValueError(
                f"user {user_id} is not a member of guild {guild.id}; call add_member first"
            )
        data: JSON = {
            "roles": [str(r) for r in member.roles],
            "nick": member.nick,
            "avatar": None,
            "banner": None,
            "joined_at": _iso(member.joined_at),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "avatar_decoration_data": None,
        }
        if with_user:
            data["user"] = self._users[user_id].payload()
        if channel is not None:
            data["permissions"] = str(self._permissions(guild, user_id, channel))
        return data

    def _channel_payload(self, channel: FakeChannel, *, for_user: int | None = None) -> JSON:
        if channel.type == DM:
            recipient = self._users[channel.recipient_id or 0]
            return {
                "id": str(channel.id),
                "type": DM,
                "last_message_id": None
                if channel.last_message_id is None
                else str(channel.last_message_id),
                "flags": 0,
                "recipients": [recipient.payload()],
            }
        data: JSON = {
            "id": str(channel.id),
            "type": channel.type,
            "guild_id": str(channel.guild_id),
            "name": channel.name,
            "parent_id": None if channel.parent_id is None else str(channel.parent_id),
            "last_message_id": None
            if channel.last_message_id is None
            else str(channel.last_message_id),
            "rate_limit_per_user": 0,
            "flags": 0,
            "nsfw": False,
        }
        if channel.is_thread:
            data.update(
                owner_id=str(channel.owner_id),
                message_count=channel.message_count,
                total_message_sent=channel.message_count,
                member_count=1,
                applied_tags=[],
                thread_metadata={
                    "archived": channel.archived,
                    "auto_archive_duration": channel.auto_archive_duration,
                    "archive_timestamp": _iso(channel.created_at),
                    "locked": channel.locked,
                    "invitable": True,
                    "create_timestamp": _iso(channel.created_at),
                },
                member={
                    "id": str(channel.id),
                    "user_id": str(self.bot_id),
                    "join_timestamp": _iso(channel.created_at),
                    "flags": 0,
                },
            )
        else:
            data.update(
                position=channel.position,
                topic=channel.topic,
                permission_overwrites=[o.payload() for o in channel.overwrites],
                default_auto_archive_duration=1440,
                default_thread_rate_limit_per_user=0,
            )
        if for_user is not None and channel.guild_id is not None:
            data["permissions"] = str(
                self._permissions(self._guilds[channel.guild_id], for_user, channel)
            )
        return data

    def _guild_create_payload(self, guild: FakeGuild) -> JSON:
        channels = [self._channels[cid] for cid in guild.channel_ids]
        threads = [t for t in self.threads() if t.guild_id == guild.id and not t.archived]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "owner_id": str(guild.owner_id),
            "unavailable": False,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [r.payload() for r in guild.roles.values()],
            "channels": [self._channel_payload(c) for c in channels],
            "threads": [self._channel_payload(t) for t in threads],
            "members": [self._member_payload(guild, self.bot_id)],
            "member_count": len(guild.members),
            "large": False,
            "joined_at": _iso(guild.members[self.bot_id].joined_at),
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "soundboard_sounds": [],
            "guild_scheduled_events": [e.data for e in self.scheduled_events(guild.id)],
            "afk_timeout": 300,
            "afk_channel_id": None,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "application_id": None,
            "nsfw": False,
            "lazy": True,
        }

    def _message_payload(self, message: FakeMessage) -> JSON:
        data: JSON = {
            "id": str(message.id),
            "channel_id": str(message.channel_id),
            "type": message.type,
            "content": message.content,
            "author": self._users[message.author_id].payload(),
            "timestamp": _iso(message.created_at),
            "edited_timestamp": _iso(message.edited_at),
            "tts": message.tts,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [a.payload() for a in message.attachments],
            "embeds": _json_copy(message.embeds),
            "components": _json_copy(message.components),
            "flags": message.flags,
            "pinned": False,
        }
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
            guild = self._guilds[message.guild_id]
            if message.author_id in guild.members and message.webhook_id is None:
                data["member"] = self._member_payload(guild, message.author_id, with_user=False)
        if message.webhook_id is not None:
            data["webhook_id"] = str(message.webhook_id)
            data["application_id"] = str(self.application_id)
        record = self._interactions.get(message.interaction_id or 0)
        if record is not None:
            metadata: JSON = {
                "id": str(record.id),
                "type": record.type,
                "user": self._users[record.user_id].payload(),
                "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
            }
            if message.id != record.original_message_id and record.original_message_id is not None:
                metadata["original_response_message_id"] = str(record.original_message_id)
            if record.source_message_id is not None:
                metadata["interacted_message_id"] = str(record.source_message_id)
            data["interaction_metadata"] = metadata
        if message.thread_id is not None and message.thread_id in self._channels:
            data["thread"] = self._channel_payload(self._channels[message.thread_id])
        if message.message_reference is not None:
            data["message_reference"] = message.message_reference
        if message.nonce is not None:
            data["nonce"] = message.nonce
        return data

    def _event_users_payload(self, event: FakeScheduledEvent, with_member: bool) -> list[JSON]:
        result = []
        for user_id in sorted(event.subscribers):
            entry: JSON = {
                "guild_scheduled_event_id": str(event.id),
                "user": self._users[user_id].payload(),
            }
            guild = self._guilds[event.guild_id]
            if with_member and user_id in guild.members:
                entry["member"] = self._member_payload(guild, user_id, with_user=False)
            result.append(entry)
        return result

    # ---------------------------------------------------------------------- gateway

    async def _gateway_handler(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        conn = _GatewayConnection(ws, request)
        self._connections.add(conn)
        await conn.send(
            json.dumps({"op": OP_HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        )
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_message(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.ERROR:
                    break
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._connections.discard(conn)
            self.gateway_close_codes.append(ws.close_code)
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
                if not conn.dropped and ws.close_code in (1000, 1001):
                    # A client that closes cleanly ends its session, as on Discord.
                    session.invalid = True
                    self._sessions.pop(session.id, None)
            self._notify()
        return ws

    async def _on_gateway_message(self, conn: _GatewayConnection, message: JSON) -> None:
        op = message.get("op")
        data: Any = message.get("d")
        if op == OP_HEARTBEAT:
            # A heartbeat carries the last sequence the client has processed.
            if conn.session is not None and isinstance(data, int):
                conn.session.client_seq = max(conn.session.client_seq, data)
            await conn.send(json.dumps({"op": OP_HEARTBEAT_ACK}))
        elif op == OP_IDENTIFY:
            await self._on_identify(conn, data)
        elif op == OP_RESUME:
            await self._on_resume(conn, data)
        elif op == OP_PRESENCE:
            self.presence_updates.append(data)
        elif op == OP_REQUEST_MEMBERS:
            await self._on_request_members(conn, data)
        self._notify()

    async def _on_identify(self, conn: _GatewayConnection, data: JSON) -> None:
        self.identify_payloads.append(data)
        if data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS and not self.allow_privileged_intents:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        shard = data.get("shard")
        session = _Session(
            id=secrets.token_hex(16),
            intents=intents,
            shard=None if shard is None else (int(shard[0]), int(shard[1])),
        )
        session.conn = conn
        conn.session = session
        self._sessions[session.id] = session
        guilds = [g for g in self._guilds.values() if session.handles_guild(g.id)]
        ready: JSON = {
            "v": 10,
            "user": {
                **self._users[self.bot_id].payload(),
                "verified": True,
                "mfa_enabled": False,
                "email": None,
            },
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ["fake-discord"],
        }
        if session.shard is not None:
            ready["shard"] = list(session.shard)
        self._enqueue(session, "READY", ready)
        for guild in guilds:
            self._enqueue(session, "GUILD_CREATE", self._guild_create_payload(guild))
        await self._flush(session)

    async def _on_resume(self, conn: _GatewayConnection, data: JSON) -> None:
        session = self._sessions.get(str(data.get("session_id")))
        if session is None or session.invalid:
            await conn.send(json.dumps({"op": OP_INVALID_SESSION, "d": False}))
            return
        old = session.conn
        if old is not None and old is not conn:
            old.dropped = True
            with contextlib.suppress(Exception):
                await old.ws.close(code=4000)
        session.conn = conn
        conn.session = session
        session.sent_seq = min(int(data.get("seq") or 0), session.seq)
        self._enqueue(session, "RESUMED", {"_trace": ["fake-discord"]})
        await self._flush(session)

    async def _on_request_members(self, conn: _GatewayConnection, data: JSON) -> None:
        session = conn.session
        if session is None:
            return
        guild_ids: Any = data.get("guild_id")
        for guild_id in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            guild = self._guilds.get(int(guild_id))
            if guild is None:
                continue
            wanted = {int(u) for u in data.get("user_ids") or []}
            members = [
                self._member_payload(guild, uid)
                for uid in guild.members
                if not wanted or uid in wanted
            ]
            chunk: JSON = {
                "guild_id": str(guild.id),
                "members": members,
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if data.get("nonce") is not None:
                chunk["nonce"] = data["nonce"]
            self._enqueue(session, "GUILD_MEMBERS_CHUNK", chunk)
        await self._flush(session)

    def _enqueue(self, session: _Session, event: str, data: JSON) -> None:
        session.seq += 1
        session.backlog.append(
            json.dumps({"op": OP_DISPATCH, "t": event, "s": session.seq, "d": data})
        )

    async def _flush(self, session: _Session) -> None:
        """Send a session's backlog in sequence order over its current socket, if any."""
        conn = session.conn
        if conn is None:
            return
        while session.conn is conn and session.sent_seq < session.seq:
            frame = session.backlog[session.sent_seq]
            if not await conn.send(frame):
                return
            session.sent_seq += 1

    async def _dispatch(self, event: str, data: JSON, guild_id: int | None = None) -> int:
        """Send a dispatch to every live session handling ``guild_id``; return how many."""
        sessions = [
            s for s in self._sessions.values() if not s.invalid and s.handles_guild(guild_id)
        ]
        for session in sessions:
            self._enqueue(session, event, data)
        await asyncio.gather(*(self._flush(s) for s in sessions))
        self._notify()
        return len(sessions)

    # ------------------------------------------------------------------------- REST

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], _Handler]]:
        s = r"(\d+)"
        table: list[tuple[str, str, _Handler]] = [
            ("GET", r"/gateway", self._h_get_gateway),
            ("GET", r"/gateway/bot", self._h_get_gateway),
            ("GET", r"/users/@me", self._h_get_me),
            ("POST", r"/users/@me/channels", self._h_create_dm),
            ("GET", rf"/users/{s}", self._h_get_user),
            ("GET", r"/oauth2/applications/@me", self._h_application),
            ("GET", r"/applications/@me", self._h_application),
            ("GET", rf"/applications/{s}/commands", self._h_list_commands),
            ("PUT", rf"/applications/{s}/commands", self._h_bulk_commands),
            ("POST", rf"/applications/{s}/commands", self._h_upsert_command),
            ("GET", rf"/applications/{s}/commands/{s}", self._h_get_command),
            ("PATCH", rf"/applications/{s}/commands/{s}", self._h_edit_command),
            ("DELETE", rf"/applications/{s}/commands/{s}", self._h_delete_command),
            ("GET", rf"/applications/{s}/guilds/{s}/commands", self._h_list_commands),
            ("PUT", rf"/applications/{s}/guilds/{s}/commands", self._h_bulk_commands),
            ("POST", rf"/applications/{s}/guilds/{s}/commands", self._h_upsert_command),
            ("GET", rf"/applications/{s}/guilds/{s}/commands/{s}", self._h_get_command),
            ("PATCH", rf"/applications/{s}/guilds/{s}/commands/{s}", self._h_edit_command),
            ("DELETE", rf"/applications/{s}/guilds/{s}/commands/{s}", self._h_delete_command),
            ("GET", rf"/guilds/{s}", self._h_get_guild),
            ("GET", rf"/guilds/{s}/channels", self._h_guild_channels),
            ("GET", rf"/guilds/{s}/members/{s}", self._h_get_member),
            ("GET", rf"/guilds/{s}/scheduled-events", self._h_list_events),
            ("POST", rf"/guilds/{s}/scheduled-events", self._h_create_event),
            ("GET", rf"/guilds/{s}/scheduled-events/{s}", self._h_get_event),
            ("PATCH", rf"/guilds/{s}/scheduled-events/{s}", self._h_edit_event),
            ("DELETE", rf"/guilds/{s}/scheduled-events/{s}", self._h_delete_event),
            ("GET", rf"/guilds/{s}/scheduled-events/{s}/users", self._h_event_users),
            ("GET", rf"/channels/{s}", self._h_get_channel),
            ("PATCH", rf"/channels/{s}", self._h_edit_channel),
            ("POST", rf"/channels/{s}/typing", self._h_no_content),
            ("GET", rf"/channels/{s}/messages", self._h_history),
            ("POST", rf"/channels/{s}/messages", self._h_create_message),
            ("GET", rf"/channels/{s}/messages/{s}", self._h_get_message),
            ("PATCH", rf"/channels/{s}/messages/{s}", self._h_edit_message),
            ("DELETE", rf"/channels/{s}/messages/{s}", self._h_delete_message),
            ("POST", rf"/channels/{s}/messages/{s}/threads", self._h_thread_from_message),
            ("POST", rf"/channels/{s}/threads", self._h_thread_without_message),
            ("PUT", rf"/channels/{s}/thread-members/@me", self._h_no_content),
            ("DELETE", rf"/channels/{s}/thread-members/@me", self._h_no_content),
            ("POST", rf"/interactions/{s}/([^/]+)/callback", self._h_interaction_callback),
            ("POST", rf"/webhooks/{s}/([^/]+)", self._h_followup),
            (
                "GET",
                rf"/webhooks/{s}/([^/]+)/messages/(@original|\d+)",
                self._h_get_webhook_message,
            ),
            (
                "PATCH",
                rf"/webhooks/{s}/([^/]+)/messages/(@original|\d+)",
                self._h_edit_webhook_message,
            ),
            (
                "DELETE",
                rf"/webhooks/{s}/([^/]+)/messages/(@original|\d+)",
                self._h_delete_webhook_message,
            ),
        ]
        return [(method, re.compile(pattern + "$"), handler) for method, pattern, handler in table]

    async def _rest_handler(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, uploads = await self._read_body(request)
        req = _Request(request.method, path, dict(request.query), body, uploads)
        response: web.StreamResponse | None = (
            self._unauthorized(request.headers.get("Authorization"), path)
            or self._injected_fault(req)
            or self._global_limited(req)
        )
        if response is None:
            response = await self._route(req)
        self._request_log.append(
            RequestRecord(req.method, path, response.status, time.monotonic(), req.query, body)
        )
        self._notify()
        return response

    async def _route(self, req: _Request) -> web.StreamResponse:
        for method, pattern, handler in self._routes:
            match = pattern.match(req.path)
            if match is not None and method == req.method:
                return await handler(req, match.groups())
        _log.warning("fake discord: unknown route %s %s", req.method, req.path)
        self.unknown_routes.append((req.method, req.path))
        return _error(404, 0, "404: Not Found")

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, dict[str, _Upload]]:
        uploads: dict[str, _Upload] = {}
        if request.content_type == "multipart/form-data":
            body: Any = None
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                elif part.name is not None:
                    raw = await part.read(decode=False)
                    uploads[part.name] = _Upload(
                        part.filename or part.name, bytes(raw), part.headers.get("Content-Type")
                    )
            return body, uploads
        if not request.can_read_body:
            return None, uploads
        text = await request.text()
        return (json.loads(text) if text else None), uploads

    def _unauthorized(self, header: str | None, path: str) -> web.Response | None:
        """Discord's check of the bot token: 401 for a wrong one, or none where one is
        needed (interaction callbacks and webhooks carry their own token in the path)."""
        if header is None and path.startswith(("/interactions/", "/webhooks/")):
            return None
        if header != f"Bot {self.token}":
            return _error(401, 0, "401: Unauthorized")
        return None

    def _injected_fault(self, req: _Request) -> web.Response | None:
        rule = next((r for r in self._faults if r.matches(req.method, req.path)), None)
        if rule is None:
            return None
        rule.remaining -= 1
        rule.hits += 1
        if rule.status == 429:
            return self._rate_limited(
                0.05 if rule.retry_after is None else rule.retry_after, is_global=rule.is_global
            )
        default_codes = {400: 50035, 401: 0, 403: 50013, 404: 10003}
        messages = {
            403: "Missing Permissions",
            404: "Unknown Channel",
            400: "Invalid Form Body",
            401: "401: Unauthorized",
        }
        code = rule.json_code if rule.json_code is not None else default_codes.get(rule.status, 0)
        return _error(
            rule.status, code, messages.get(rule.status, f"{rule.status}: Injected failure")
        )

    def _global_limited(self, req: _Request) -> web.Response | None:
        if self._global_limit is None or req.path.startswith(("/interactions/", "/webhooks/")):
            return None
        now = time.monotonic()
        while self._global_window and self._global_window[0] <= now - 1.0:
            self._global_window.popleft()
        if len(self._global_window) >= self._global_limit:
            return self._rate_limited(
                max(0.001, self._global_window[0] + 1.0 - now), is_global=True
            )
        self._global_window.append(now)
        return None

    def _rate_limited(self, retry_after: float, *, is_global: bool) -> web.Response:
        self.rate_limited_count += 1
        headers = {
            "Retry-After": str(max(1, math.ceil(retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": "fakebucket0000000000000000000000",
            "X-RateLimit-Scope": "global" if is_global else "user",
            # discord.py treats a 429 without Via as a Cloudflare ban and raises at once.
            "Via": "1.1 google",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
            "code": 0,
        }
        return _json(body, status=429, headers=headers)

    async def _attachment_handler(self, request: web.Request) -> web.StreamResponse:
        attachment = self._attachments.get(int(request.match_info["attachment_id"]))
        if attachment is None:
            return _error(404, 0, "404: Not Found")
        return web.Response(body=attachment.data, headers={"Content-Type": attachment.content_type})

    # ----------------------------------------------------------- REST: users, app

    async def _h_get_gateway(self, req: _Request, args: Sequence[str]) -> web.Response:
        return _json(
            {
                "url": self.gateway_url,
                "shards": self.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _h_get_me(self, req: _Request, args: Sequence[str]) -> web.Response:
        return _json({**self._users[self.bot_id].payload(), "verified": True, "mfa_enabled": False})

    async def _h_get_user(self, req: _Request, args: Sequence[str]) -> web.Response:
        user = self._users.get(int(args[0]))
        return _error(404, 10013, "Unknown User") if user is None else _json(user.payload())

    async def _h_application(self, req: _Request, args: Sequence[str]) -> web.Response:
        bot = self._users[self.bot_id]
        return _json(
            {
                "id": str(self.application_id),
                "name": bot.name,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": self._users[next(iter(self._guilds.values())).owner_id].payload()
                if self._guilds
                else bot.payload(),
                "team": None,
                "bot": bot.payload(),
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "tags": [],
                "approximate_guild_count": len(self._guilds),
            }
        )

    async def _h_create_dm(self, req: _Request, args: Sequence[str]) -> web.Response:
        user_id = int((req.body or {}).get("recipient_id", 0))
        if user_id not in self._users:
            return _error(400, 50033, "Invalid Recipient(s)")
        return _json(self._channel_payload(self._dm_channel(user_id)))

    def _dm_channel(self, user_id: int) -> FakeChannel:
        channel_id = self._dm_channel_ids.get(user_id)
        if channel_id is None:
            channel_id = self._snowflakes.next()
            self._channels[channel_id] = FakeChannel(channel_id, DM, "", None, recipient_id=user_id)
            self._dm_channel_ids[user_id] = channel_id
        return self._channels[channel_id]

    # --------------------------------------------------------- REST: commands

    def _command_scope(
        self, req: _Request, args: Sequence[str]
    ) -> tuple[int | None, Sequence[str]] | web.Response:
        if int(args[0]) != self.application_id:
            return _error(404, 10002, "Unknown Application")
        if "/guilds/" in req.path:
            guild_id = int(args[1])
            if guild_id not in self._guilds:
                return _error(403, 50001, "Missing Access")
            return guild_id, args[2:]
        return None, args[1:]

    def _store_command(
        self, guild_id: int | None, payload: JSON, command_id: int | None = None
    ) -> JSON:
        commands = self._commands.setdefault(guild_id, {})
        ctype = int(payload.get("type", 1))
        if command_id is None:
            command_id = next(
                (
                    cid
                    for cid, c in commands.items()
                    if c["name"] == payload["name"] and c["type"] == ctype
                ),
                None,
            )
        stored: JSON = {
            "description": "",
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            "options": [],
            **copy.deepcopy(payload),
            "id": str(command_id if command_id is not None else self._snowflakes.next()),
            "application_id": str(self.application_id),
            "type": ctype,
            "version": str(self._snowflakes.next()),
        }
        if stored["default_member_permissions"] is not None:
            # Discord answers permission bitfields as strings.
            stored["default_member_permissions"] = str(stored["default_member_permissions"])
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        commands[int(stored["id"])] = stored
        return stored

    @staticmethod
    def _check_command(payload: JSON) -> _Errors:
        errors = _Errors()
        name = payload.get("name") or ""
        if int(payload.get("type", 1)) == 1:
            if not re.fullmatch(r"[-_\w]{1,32}", name) or name != name.lower():
                errors.add("name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
            errors.required("description", payload.get("description"))
            errors.max_len("description", payload.get("description"), 100)
        if len(payload.get("options") or []) > 25:
            errors.add("options", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        return errors

    async def _h_list_commands(self, req: _Request, args: Sequence[str]) -> web.Response:
        scope = self._command_scope(req, args)
        if isinstance(scope, web.Response):
            return scope
        return _json(self.commands(scope[0]))

    async def _h_bulk_commands(self, req: _Request, args: Sequence[str]) -> web.Response:
        scope = self._command_scope(req, args)
        if isinstance(scope, web.Response):
            return scope
        guild_id = scope[0]
        payloads = list(req.body or [])
        for index, payload in enumerate(payloads):
            errors = self._check_command(payload)
            if errors.items:
                return _form_error(errors.prefixed(str(index)))
        previous = self._commands.get(guild_id, {})
        ids = {(c["name"], c["type"]): cid for cid, c in previous.items()}
        self._commands[guild_id] = {}
        stored = [
            self._store_command(guild_id, p, ids.get((p["name"], int(p.get("type", 1)))))
            for p in payloads
        ]
        return _json(stored)

    async def _h_upsert_command(self, req: _Request, args: Sequence[str]) -> web.Response:
        scope = self._command_scope(req, args)
        if isinstance(scope, web.Response):
            return scope
        errors = self._check_command(req.body or {})
        if errors.items:
            return _form_error(errors)
        return _json(self._store_command(scope[0], req.body), status=201)

    async def _h_get_command(self, req: _Request, args: Sequence[str]) -> web.Response:
        scope = self._command_scope(req, args)
        if isinstance(scope, web.Response):
            return scope
        command = self._commands.get(scope[0], {}).get(int(scope[1][0]))
        return (
            _error(404, 10063, "Unknown application command") if command is None else _json(command)
        )

    async def _h_edit_command(self, req: _Request, args: Sequence[str]) -> web.Response:
        scope = self._command_scope(req, args)
        if isinstance(scope, web.Response):
            return scope
        command_id = int(scope[1][0])
        command = self._commands.get(scope[0], {}).get(command_id)
        if command is None:
            return _error(404, 10063, "Unknown application command")
        return _json(self._store_command(scope[0], {**command, **(req.body or {})}, command_id))

    async def _h_delete_command(self, req: _Request, args: Sequence[str]) -> web.Response:
        scope = self._command_scope(req, args)
        if isinstance(scope, web.Response):
            return scope
        if self._commands.get(scope[0], {}).pop(int(scope[1][0]), None) is None:
            return _error(404, 10063, "Unknown application command")
        return _no_content()

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

    # ------------------------------------------------------------ REST: guilds

    async def _h_get_guild(self, req: _Request, args: Sequence[str]) -> web.Response:
        guild = self._guilds.get(int(args[0]))
        if guild is None:
            return _error(404, 10004, "Unknown Guild")
        payload = self._guild_create_payload(guild)
        for key in (
            "channels",
            "threads",
            "members",
            "voice_states",
            "presences",
            "guild_scheduled_events",
        ):
            payload.pop(key)
        return _json(payload)

    async def _h_guild_channels(self, req: _Request, args: Sequence[str]) -> web.Response:
        guild = self._guilds.get(int(args[0]))
        if guild is None:
            return _error(404, 10004, "Unknown Guild")
        return _json([self._channel_payload(self._channels[c]) for c in guild.channel_ids])

    async def _h_get_member(self, req: _Request, args: Sequence[str]) -> web.Response:
        guild = self._guilds.get(int(args[0]))
        if guild is None:
            return _error(404, 10004, "Unknown Guild")
        if int(args[1]) not in guild.members:
            return _error(404, 10007, "Unknown Member")
        return _json(self._member_payload(guild, int(args[1])))

    # ---------------------------------------------------------- REST: channels

    async def _h_no_content(self, req: _Request, args: Sequence[str]) -> web.Response:
        return _no_content()

    async def _h_get_channel(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel = self._channels.get(int(args[0]))
        return (
            _error(404, 10003, "Unknown Channel")
            if channel is None
            else _json(self._channel_payload(channel))
        )

    async def _h_edit_channel(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel = self._channels.get(int(args[0]))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        body = req.body or {}
        channel.name = body.get("name", channel.name)
        channel.topic = body.get("topic", channel.topic)
        channel.archived = bool(body.get("archived", channel.archived))
        channel.locked = bool(body.get("locked", channel.locked))
        channel.auto_archive_duration = int(
            body.get("auto_archive_duration", channel.auto_archive_duration)
        )
        payload = self._channel_payload(channel)
        await self._dispatch(
            "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE", payload, channel.guild_id
        )
        return _json(payload)

    async def _h_history(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel_id = int(args[0])
        if channel_id not in self._channels:
            return _error(404, 10003, "Unknown Channel")
        limit = int(req.query.get("limit", 50))
        found = self.messages(channel_id)  # oldest first
        if "before" in req.query:
            found = [m for m in found if m.id < int(req.query["before"])][-limit:]
        if "after" in req.query:
            found = [m for m in found if m.id > int(req.query["after"])][:limit]
        found = sorted(found, key=lambda m: m.id, reverse=True)[
            :limit
        ]  # Discord answers newest first
        return _json([self._message_payload(m) for m in found])

    def _message_or_error(self, args: Sequence[str]) -> FakeMessage | web.Response:
        """The message a ``/channels/{id}/messages/{id}`` route names, or Discord's 404."""
        if int(args[0]) not in self._channels:
            return _error(404, 10003, "Unknown Channel")
        message = self._visible_message(int(args[0]), int(args[1]))
        return _error(404, 10008, "Unknown Message") if message is None else message

    def _visible_message(self, channel_id: int, message_id: int) -> FakeMessage | None:
        message = self._messages.get(message_id)
        if (
            message is None
            or message.deleted
            or message.ephemeral
            or message.channel_id != channel_id
        ):
            return None
        return message

    async def _h_create_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel = self._channels.get(int(args[0]))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        if channel.type == DM:
            if self._users[channel.recipient_id or 0].dms_closed:
                return _error(403, 50007, "Cannot send messages to this user")
        else:
            needed = VIEW_CHANNEL | (SEND_IN_THREADS if channel.is_thread else SEND_MESSAGES)
            if req.uploads:
                needed |= ATTACH_FILES
            if not self._bot_can(channel, needed):
                return _error(403, 50013, "Missing Permissions")
            if channel.is_thread and channel.locked:
                return _error(403, 50083, "Thread is archived")
        body = dict(req.body or {})
        reference = body.get("message_reference")
        if (
            reference is not None
            and reference.get("fail_if_not_exists", True)
            and int(reference["message_id"]) not in self._messages
        ):
            return _form_error(
                _single_error("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message")
            )
        created = await self._create_message(channel, self.bot_id, body, req.uploads)
        return (
            created if isinstance(created, web.Response) else _json(self._message_payload(created))
        )

    async def _h_get_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        message = self._message_or_error(args)
        if isinstance(message, web.Response):
            return message
        return _json(self._message_payload(message))

    async def _h_edit_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        message = self._message_or_error(args)
        if isinstance(message, web.Response):
            return message
        if message.author_id != self.bot_id:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        edited = await self._edit_message(message, req.body or {}, req.uploads)
        return edited if isinstance(edited, web.Response) else _json(self._message_payload(edited))

    async def _h_delete_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        message = self._message_or_error(args)
        if isinstance(message, web.Response):
            return message
        await self._delete_message(message)
        return _no_content()

    async def _create_message(
        self,
        channel: FakeChannel,
        author_id: int,
        body: JSON,
        uploads: Mapping[str, _Upload],
        *,
        interaction: _InteractionRecord | None = None,
        extra_flags: int = 0,
    ) -> FakeMessage | web.Response:
        errors = _check_message(body, len(uploads), creating=True)
        if errors.items:
            return _empty_or_form_error(errors)
        attachments = self._attachments_for(body, uploads, [])
        if isinstance(attachments, web.Response):
            return attachments
        components = copy.deepcopy(body.get("components") or [])
        _assign_component_ids(components)
        # Suppress embeds / notifications and components v2 are honoured everywhere;
        # ephemeral only on interaction responses (Discord ignores it on channel sends).
        allowed_flags = SETTABLE_FLAGS | (FLAG_EPHEMERAL if interaction is not None else 0)
        message = FakeMessage(
            id=self._snowflakes.next(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author_id=author_id,
            content=str(body.get("content") or ""),
            embeds=copy.deepcopy(body.get("embeds") or []),
            components=components,
            attachments=attachments,
            flags=(int(body.get("flags") or 0) & allowed_flags) | extra_flags,
            created_at=_now(),
            type=0,
            message_reference=body.get("message_reference"),
            nonce=None if body.get("nonce") is None else str(body["nonce"]),
            tts=bool(body.get("tts")),
        )
        if message.message_reference is not None:
            message.type = 19
        if interaction is not None:
            message.interaction_id = interaction.id
            message.webhook_id = self.application_id
            message.type = 20 if interaction.type == APPLICATION_COMMAND else 0
        self._messages[message.id] = message
        if not message.ephemeral:
            channel.last_message_id = message.id
            channel.message_count += 1
            if channel.is_thread:
                channel.archived = False
            await self._dispatch("MESSAGE_CREATE", self._message_payload(message), channel.guild_id)
        return message

    def _attachments_for(
        self, body: JSON, uploads: Mapping[str, _Upload], existing: Sequence[FakeAttachment]
    ) -> list[FakeAttachment] | web.Response:
        """Resolve ``attachments`` (kept ids + new ``files[i]`` uploads) into attachments."""
        entries = body.get("attachments")
        if entries is None:
            entries = [{"id": name[6:-1]} for name in uploads if name.startswith("files[")]
            keep = list(existing)
        else:
            keep = []
        by_id = {a.id: a for a in existing}
        result = list(keep)
        for entry in entries:
            key = f"files[{entry.get('id')}]"
            upload = uploads.get(key)
            if upload is not None:
                attachment_id = self._snowflakes.next()
                filename = entry.get("filename") or upload.filename
                content_type = (
                    upload.content_type
                    if upload.content_type and upload.content_type != "application/octet-stream"
                    else mimetypes.guess_type(filename)[0] or "application/octet-stream"
                )
                attachment = FakeAttachment(
                    id=attachment_id,
                    filename=filename,
                    data=upload.data,
                    content_type=content_type,
                    url=f"{self.base_url}/attachments/{attachment_id}/{filename}",
                    description=entry.get("description"),
                )
                self._attachments[attachment_id] = attachment
                result.append(attachment)
            elif int(entry.get("id", -1)) in by_id:
                result.append(by_id[int(entry["id"])])
            else:
                return _form_error(
                    _single_error(
                        "attachments", "ATTACHMENT_NOT_FOUND", f"Unknown attachment {entry}"
                    )
                )
        return result

    async def _edit_message(
        self, message: FakeMessage, body: JSON, uploads: Mapping[str, _Upload]
    ) -> FakeMessage | web.Response:
        errors = _check_message(body, len(uploads), creating=False)
        if errors.items:
            return _form_error(errors)
        attachments = self._attachments_for(body, uploads, message.attachments)
        if isinstance(attachments, web.Response):
            return attachments
        if "content" in body:
            message.content = str(body["content"] or "")
        if "embeds" in body:
            message.embeds = copy.deepcopy(body["embeds"] or [])
        if "components" in body:
            message.components = copy.deepcopy(body["components"] or [])
            _assign_component_ids(message.components)
        if "flags" in body and body["flags"] is not None:
            message.flags = (message.flags & ~FLAG_SUPPRESS_EMBEDS) | (
                int(body["flags"]) & FLAG_SUPPRESS_EMBEDS
            )
        message.attachments = attachments
        message.flags &= ~FLAG_LOADING
        message.edits += 1
        message.edited_at = _now()
        if not message.ephemeral:
            await self._dispatch("MESSAGE_UPDATE", self._message_payload(message), message.guild_id)
        return message

    async def _delete_message(self, message: FakeMessage) -> None:
        message.deleted = True
        if not message.ephemeral:
            data: JSON = {"id": str(message.id), "channel_id": str(message.channel_id)}
            if message.guild_id is not None:
                data["guild_id"] = str(message.guild_id)
            await self._dispatch("MESSAGE_DELETE", data, message.guild_id)

    # ----------------------------------------------------------- REST: threads

    async def _create_thread(
        self, parent: FakeChannel, body: JSON, thread_id: int, thread_type: int
    ) -> FakeChannel | web.Response:
        name = body.get("name") or ""
        if not 1 <= len(name) <= 100:
            return _form_error(
                _single_error(
                    "name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
                )
            )
        needed = VIEW_CHANNEL | (
            CREATE_PUBLIC_THREADS if thread_type == PUBLIC_THREAD else CREATE_PRIVATE_THREADS
        )
        if not self._bot_can(parent, needed):
            return _error(403, 50013, "Missing Permissions")
        thread = FakeChannel(
            id=thread_id,
            type=thread_type,
            name=name,
            guild_id=parent.guild_id,
            parent_id=parent.id,
            owner_id=self.bot_id,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        self._channels[thread.id] = thread
        await self._dispatch(
            "THREAD_CREATE",
            {**self._channel_payload(thread), "newly_created": True},
            parent.guild_id,
        )
        return thread

    async def _h_thread_from_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        parent = self._channels.get(int(args[0]))
        if parent is None or parent.type not in (GUILD_TEXT, GUILD_NEWS):
            return _error(404, 10003, "Unknown Channel")
        message = self._visible_message(parent.id, int(args[1]))
        if message is None:
            return _error(404, 10008, "Unknown Message")
        if message.thread_id is not None:
            return _error(400, 160004, "A thread has already been created for this message")
        thread_type = PUBLIC_THREAD if parent.type == GUILD_TEXT else 10
        thread = await self._create_thread(parent, req.body or {}, message.id, thread_type)
        if isinstance(thread, web.Response):
            return thread
        thread.starter_message_id = message.id
        message.thread_id = thread.id
        message.flags |= FLAG_HAS_THREAD
        return _json(self._channel_payload(thread), status=201)

    async def _h_thread_without_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        parent = self._channels.get(int(args[0]))
        if parent is None or parent.guild_id is None or parent.is_thread:
            return _error(404, 10003, "Unknown Channel")
        body = req.body or {}
        thread_type = int(body.get("type") or PRIVATE_THREAD)
        thread = await self._create_thread(parent, body, self._snowflakes.next(), thread_type)
        if isinstance(thread, web.Response):
            return thread
        return _json(self._channel_payload(thread), status=201)

    # -------------------------------------------------- REST: scheduled events

    def _event_or_error(self, args: Sequence[str]) -> FakeScheduledEvent | web.Response:
        if int(args[0]) not in self._guilds:
            return _error(404, 10004, "Unknown Guild")
        event = self._events.get(int(args[1]))
        if event is None or event.deleted or event.guild_id != int(args[0]):
            return _error(404, 10070, "Unknown Guild Scheduled Event")
        return event

    @staticmethod
    def _check_event(data: JSON) -> _Errors:
        errors = _Errors()
        errors.required("name", data.get("name"))
        errors.max_len("name", data.get("name"), 100)
        errors.max_len("description", data.get("description"), 1000)
        errors.required("scheduled_start_time", data.get("scheduled_start_time"))
        entity_type = data.get("entity_type")
        if entity_type == 3:
            if not (data.get("entity_metadata") or {}).get("location"):
                errors.required("entity_metadata.location", None)
            if not data.get("scheduled_end_time"):
                errors.required("scheduled_end_time", None)
        elif entity_type in (1, 2):
            errors.required("channel_id", data.get("channel_id"))
        else:
            errors.add("entity_type", "BASE_TYPE_CHOICES", "Value must be one of (1, 2, 3).")
        return errors

    async def _h_list_events(self, req: _Request, args: Sequence[str]) -> web.Response:
        if int(args[0]) not in self._guilds:
            return _error(404, 10004, "Unknown Guild")
        return _json([e.data for e in self.scheduled_events(int(args[0]))])

    async def _h_create_event(self, req: _Request, args: Sequence[str]) -> web.Response:
        guild = self._guilds.get(int(args[0]))
        if guild is None:
            return _error(404, 10004, "Unknown Guild")
        if not self._permissions(guild, self.bot_id, None) & (MANAGE_EVENTS | CREATE_EVENTS):
            return _error(403, 50013, "Missing Permissions")
        body = dict(req.body or {})
        errors = self._check_event(body)
        if errors.items:
            return _form_error(errors)
        event_id = self._snowflakes.next()
        data: JSON = {
            "id": str(event_id),
            "guild_id": str(guild.id),
            "channel_id": body.get("channel_id"),
            "creator_id": str(self.bot_id),
            "creator": self._users[self.bot_id].payload(),
            "name": body["name"],
            "description": body.get("description"),
            "scheduled_start_time": body["scheduled_start_time"],
            "scheduled_end_time": body.get("scheduled_end_time"),
            "privacy_level": body.get("privacy_level", 2),
            "status": 1,
            "entity_type": body["entity_type"],
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "user_count": 0,
            "image": None,
            "recurrence_rule": None,
        }
        event = self._events[event_id] = FakeScheduledEvent(event_id, guild.id, data)
        await self._dispatch("GUILD_SCHEDULED_EVENT_CREATE", event.data, guild.id)
        return _json(event.data)

    async def _h_get_event(self, req: _Request, args: Sequence[str]) -> web.Response:
        event = self._event_or_error(args)
        return event if isinstance(event, web.Response) else _json(event.data)

    async def _h_edit_event(self, req: _Request, args: Sequence[str]) -> web.Response:
        event = self._event_or_error(args)
        if isinstance(event, web.Response):
            return event
        merged = {**event.data, **(req.body or {})}
        errors = self._check_event(merged)
        if errors.items:
            return _form_error(errors)
        event.data = merged
        await self._dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event.data, event.guild_id)
        return _json(event.data)

    async def _h_delete_event(self, req: _Request, args: Sequence[str]) -> web.Response:
        event = self._event_or_error(args)
        if isinstance(event, web.Response):
            return event
        event.deleted = True
        await self._dispatch("GUILD_SCHEDULED_EVENT_DELETE", event.data, event.guild_id)
        return _no_content()

    async def _h_event_users(self, req: _Request, args: Sequence[str]) -> web.Response:
        event = self._event_or_error(args)
        if isinstance(event, web.Response):
            return event
        users = self._event_users_payload(event, req.query.get("with_member") in ("1", "true"))
        if "before" in req.query:
            users = [u for u in users if int(u["user"]["id"]) < int(req.query["before"])]
        if "after" in req.query:
            users = [u for u in users if int(u["user"]["id"]) > int(req.query["after"])]
        return _json(users[: int(req.query.get("limit", 100))])

    # ------------------------------------------------------ REST: interactions

    async def _h_interaction_callback(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interactions.get(int(args[0]))
        if record is None or record.token != args[1]:
            return _error(404, 10062, "Unknown interaction")
        if record.callback is not None:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        deadline = self.interaction_deadline
        if deadline is not None and self.interaction_clock() - record.created > deadline:
            record.failed = True
            record.answered.set()
            return _error(404, 10062, "Unknown interaction")
        body = req.body or {}
        ctype = int(body.get("type", 0))
        data = dict(body.get("data") or {})
        outcome = await self._apply_callback(record, ctype, data, req.uploads)
        if isinstance(outcome, web.Response):
            return outcome
        callback = InteractionCallback(
            record.id, ctype, data, time.monotonic(), record.original_message_id
        )
        record.callback = callback
        record.answered.set()
        self._callbacks.append(callback)
        if req.query.get("with_response") not in ("1", "true", "True"):
            return _no_content()
        interaction: JSON = {"id": str(record.id), "type": record.type}
        resource: JSON = {"type": ctype}
        if outcome is not None:
            interaction.update(
                response_message_id=str(outcome.id),
                response_message_loading=outcome.loading,
                response_message_ephemeral=outcome.ephemeral,
            )
            resource["message"] = self._message_payload(outcome)
        return _json({"interaction": interaction, "resource": resource})

    async def _apply_callback(
        self, record: _InteractionRecord, ctype: int, data: JSON, uploads: Mapping[str, _Upload]
    ) -> FakeMessage | web.Response | None:
        """Apply an initial response; return the message it created or updated."""
        channel = self._channels[record.channel_id]
        if ctype == CHANNEL_MESSAGE and record.type != AUTOCOMPLETE:
            created = await self._create_message(
                channel, self.bot_id, data, uploads, interaction=record
            )
            if isinstance(created, FakeMessage):
                record.original_message_id = created.id
            return created
        if ctype == DEFERRED_CHANNEL_MESSAGE and record.type != AUTOCOMPLETE:
            flags = int(data.get("flags") or 0) & FLAG_EPHEMERAL
            loading = FakeMessage(
                id=self._snowflakes.next(),
                channel_id=channel.id,
                guild_id=channel.guild_id,
                author_id=self.bot_id,
                content="",
                embeds=[],
                components=[],
                attachments=[],
                flags=flags | FLAG_LOADING,
                created_at=_now(),
                type=20 if record.type == APPLICATION_COMMAND else 0,
                interaction_id=record.id,
                webhook_id=self.application_id,
            )
            self._messages[loading.id] = loading
            record.original_message_id = loading.id
            if not loading.ephemeral:
                await self._dispatch(
                    "MESSAGE_CREATE", self._message_payload(loading), channel.guild_id
                )
            return loading
        if (
            ctype in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE)
            and record.source_message_id is not None
        ):
            record.original_message_id = record.source_message_id
            source = self._messages[record.source_message_id]
            if ctype == DEFERRED_UPDATE_MESSAGE:
                return source
            return await self._edit_message(source, data, uploads)
        if ctype == AUTOCOMPLETE_RESULT and record.type == AUTOCOMPLETE:
            errors = _check_choices(data.get("choices") or [])
            return _form_error(errors.prefixed("data")) if errors.items else None
        if ctype == MODAL and record.type in (APPLICATION_COMMAND, MESSAGE_COMPONENT):
            errors = _check_modal(data)
            if errors.items:
                return _form_error(errors.prefixed("data"))
            self._modals[str(data["custom_id"])] = _ModalRecord(copy.deepcopy(data), record)
            return None
        return _form_error(
            _single_error(
                "type",
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Invalid response type {ctype} for interaction type {record.type}",
            )
        )

    def _interaction_for_webhook(self, args: Sequence[str]) -> _InteractionRecord | web.Response:
        record = self._interactions_by_token.get(args[1])
        if int(args[0]) != self.application_id or record is None or record.callback is None:
            return _error(404, 10015, "Unknown Webhook")
        if record.callback.type in (AUTOCOMPLETE_RESULT, MODAL):
            return _error(404, 10015, "Unknown Webhook")
        return record

    def _webhook_message(
        self, record: _InteractionRecord, which: str
    ) -> FakeMessage | web.Response:
        message_id = record.original_message_id if which == "@original" else int(which)
        allowed = {record.original_message_id, *record.followup_ids}
        message = (
            None
            if message_id is None or message_id not in allowed
            else self._messages.get(message_id)
        )
        if message is None or message.deleted:
            return _error(404, 10008, "Unknown Message")
        return message

    async def _h_followup(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interaction_for_webhook(args)
        if isinstance(record, web.Response):
            return record
        body = dict(req.body or {})
        original = (
            None
            if record.original_message_id is None
            else self._messages[record.original_message_id]
        )
        if (
            record.callback is not None
            and record.callback.type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and original.loading
        ):
            # Discord: the first follow-up after a deferred response fills the "thinking"
            # message, and its ephemerality comes from the defer, not from these flags.
            errors = _check_message(body, len(req.uploads), creating=True)
            if errors.items:
                return _empty_or_form_error(errors)
            body.pop("flags", None)
            result: FakeMessage | web.Response = await self._edit_message(
                original, body, req.uploads
            )
            if isinstance(result, FakeMessage):
                record.original_edits += 1
        else:
            result = await self._create_message(
                self._channels[record.channel_id],
                self.bot_id,
                body,
                req.uploads,
                interaction=record,
            )
        if isinstance(result, web.Response):
            return result
        record.followup_ids.append(result.id)
        if req.query.get("wait") in ("0", "false", "False"):
            return _no_content()
        return _json(self._message_payload(result))

    async def _h_get_webhook_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interaction_for_webhook(args)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, args[2])
        return (
            message if isinstance(message, web.Response) else _json(self._message_payload(message))
        )

    async def _h_edit_webhook_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interaction_for_webhook(args)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, args[2])
        if isinstance(message, web.Response):
            return message
        edited = await self._edit_message(message, req.body or {}, req.uploads)
        if isinstance(edited, web.Response):
            return edited
        if edited.id == record.original_message_id:
            record.original_edits += 1
        return _json(self._message_payload(edited))

    async def _h_delete_webhook_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interaction_for_webhook(args)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, args[2])
        if isinstance(message, web.Response):
            return message
        await self._delete_message(message)
        return _no_content()

    # ------------------------------------------------- building interactions

    async def _interact(
        self,
        itype: int,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        data: JSON,
        message: FakeMessage | None,
        timeout: float | None,
    ) -> InteractionResult:
        record = self._new_interaction(itype, guild_id, channel_id, user_id, data, message)
        delivered = await self._dispatch("INTERACTION_CREATE", record.payload, guild_id)
        if not delivered:
            raise RuntimeError("no gateway session: is the bot connected to this FakeDiscord?")
        # Each interaction waits on its own event: many concurrent clicks (benchmarks) must
        # not all wake up on every change of the fake's state.
        limit = self.timeout if timeout is None else timeout
        try:
            await asyncio.wait_for(record.answered.wait(), limit)
        except TimeoutError:
            self._raise_if_crashed()
            what = (
                f"the bot to answer interaction {record.id} (type {itype}, data "
                f"{data.get('name') or data.get('custom_id')!r})"
            )
            raise FakeDiscordTimeout(self._describe_timeout(what, limit)) from None
        if record.failed:
            raise InteractionFailed(
                f"This interaction failed: the bot answered interaction {record.id} (data "
                f"{data.get('name') or data.get('custom_id')!r}) after Discord's "
                f"{self.interaction_deadline} s deadline"
            )
        return InteractionResult(self, record)

    def _new_interaction(
        self,
        itype: int,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        data: JSON,
        message: FakeMessage | None,
    ) -> _InteractionRecord:
        if user_id not in self._users:
            raise ValueError(f"unknown user {user_id}; call add_user or add_member first")
        interaction_id = self._snowflakes.next()
        token = f"fake-token-{interaction_id}-{secrets.token_hex(8)}"
        user = self._users[user_id]
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "locale": user.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if guild_id is not None:
            guild = self._guilds[guild_id]
            if channel_id is None:
                raise ValueError("channel_id is required for guild interactions")
            channel = self._channels[channel_id]
            payload.update(
                guild_id=str(guild_id),
                guild={"id": str(guild_id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                channel_id=str(channel_id),
                channel=self._channel_payload(channel, for_user=user_id),
                member=self._member_payload(guild, user_id, channel=channel),
                app_permissions=str(self._permissions(guild, self.bot_id, channel)),
                authorizing_integration_owners={"0": str(guild_id)},
                context=0,
            )
        else:
            channel = (
                self._channels[channel_id] if channel_id is not None else self._dm_channel(user_id)
            )
            payload.update(
                channel_id=str(channel.id),
                channel=self._channel_payload(channel),
                user=user.payload(),
                app_permissions=str(discord.Permissions.all_channel().value & ~ADMINISTRATOR),
                authorizing_integration_owners={"0": "0"},
                context=1,
            )
        if message is not None:
            payload["message"] = self._message_payload(message)
        record = _InteractionRecord(
            id=interaction_id,
            token=token,
            type=itype,
            guild_id=guild_id,
            channel_id=channel.id,
            user_id=user_id,
            payload=payload,
            source_message_id=None if message is None else message.id,
            created=self.interaction_clock(),
        )
        self._interactions[interaction_id] = record
        self._interactions_by_token[token] = record
        return record

    def _command_data(
        self,
        guild_id: int | None,
        user_id: int,
        channel_id: int | None,
        name: str,
        options: Mapping[str, Any],
        subcommand: str | None,
        group: str | None,
        focused: str | None,
        focused_value: str | None,
    ) -> JSON:
        found = self._find_command(name, guild_id, 1)
        command, guild_scoped = found if found is not None else ({"options": []}, False)
        schema: list[JSON] = list(command.get("options") or [])
        resolved: dict[str, dict[str, JSON]] = {}
        if group is not None:
            schema = _sub_schema(schema, group, OPT_SUB_COMMAND_GROUP)
        if subcommand is not None:
            schema = _sub_schema(schema, subcommand, OPT_SUB_COMMAND)
        built = [
            self._build_option(guild_id, user_id, channel_id, schema, key, value, resolved)
            for key, value in options.items()
        ]
        if focused is not None:
            option_type = next(
                (int(o["type"]) for o in schema if o.get("name") == focused), OPT_STRING
            )
            built = [o for o in built if o["name"] != focused]
            built.append(
                {
                    "name": focused,
                    "type": option_type,
                    "value": focused_value or "",
                    "focused": True,
                }
            )
        if subcommand is not None:
            built = [{"name": subcommand, "type": OPT_SUB_COMMAND, "options": built}]
        if group is not None:
            built = [{"name": group, "type": OPT_SUB_COMMAND_GROUP, "options": built}]
        data: JSON = {
            "id": str(command.get("id") or self._snowflakes.next()),
            "name": name,
            "type": 1,
            "options": built,
        }
        if resolved:
            data["resolved"] = resolved
        if guild_scoped and guild_id is not None:
            data["guild_id"] = str(guild_id)
        return data

    def _build_option(
        self,
        guild_id: int | None,
        user_id: int,
        channel_id: int | None,
        schema: Sequence[JSON],
        name: str,
        value: Any,
        resolved: dict[str, dict[str, JSON]],
    ) -> JSON:
        if isinstance(value, OptionValue):
            option_type, value = value.type, value.value
        else:
            declared = next((o for o in schema if o.get("name") == name), None)
            option_type = (
                int(declared["type"]) if declared is not None else _infer_option_type(value)
            )
        if option_type == OPT_STRING:
            return {"name": name, "type": option_type, "value": str(value)}
        if option_type == OPT_INTEGER:
            return {"name": name, "type": option_type, "value": int(value)}
        if option_type == OPT_BOOLEAN:
            return {"name": name, "type": option_type, "value": bool(value)}
        if option_type == OPT_NUMBER:
            return {"name": name, "type": option_type, "value": float(value)}
        target = _to_id(value)
        if option_type == OPT_MENTIONABLE:
            kind = OPT_USER if target in self._users else OPT_ROLE
        else:
            kind = option_type
        self._resolve(kind, guild_id, user_id, target, resolved)
        return {"name": name, "type": option_type, "value": str(target)}

    def _resolve(
        self,
        kind: int,
        guild_id: int | None,
        viewer_id: int,
        target: int,
        resolved: dict[str, dict[str, JSON]],
    ) -> None:
        """Add resolved data for a user/channel/role id, as seen by the invoking user."""
        guild = None if guild_id is None else self._guilds[guild_id]
        key = str(target)
        if kind == OPT_USER:
            resolved.setdefault("users", {})[key] = self._users[target].payload()
            if guild is not None and target in guild.members:
                member = self._member_payload(guild, target, with_user=False)
                member["permissions"] = str(self._permissions(guild, target, None))
                resolved.setdefault("members", {})[key] = member
        elif kind == OPT_CHANNEL:
            channel = self._channels[target]
            resolved.setdefault("channels", {})[key] = self._channel_payload(
                channel, for_user=viewer_id
            )
        elif kind == OPT_ROLE:
            if guild is None:
                raise ValueError("role options need a guild")
            resolved.setdefault("roles", {})[key] = guild.roles[target].payload()
        else:
            raise ValueError(f"option type {kind} is not supported by the fake")

    def _component_on(self, message_id: int, custom_id: str) -> tuple[FakeMessage, JSON]:
        message = self._messages.get(message_id)
        if message is None or message.deleted:
            raise LookupError(f"no message {message_id}")
        component = message.find_component(custom_id)
        if component is None:
            raise LookupError(
                f"message {message_id} has no component {custom_id!r}; it has {message.custom_ids}"
            )
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled")
        return message, component

    @staticmethod
    def _check_select_values(component: JSON, values: Sequence[str]) -> None:
        low, high = int(component.get("min_values", 1)), int(component.get("max_values", 1))
        if not low <= len(values) <= high:
            raise ValueError(
                f"select {component.get('custom_id')!r} takes {low}..{high} values, got {len(values)}"
            )
        if component.get("type") == STRING_SELECT:
            allowed = {o["value"] for o in component.get("options") or []}
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise ValueError(
                    f"values {unknown} are not options of select {component.get('custom_id')!r}"
                )

    def _resolved_for_select(
        self, ctype: int, guild_id: int | None, viewer_id: int, values: Sequence[str]
    ) -> JSON:
        resolved: dict[str, dict[str, JSON]] = {}
        for value in values:
            target = int(value)
            if ctype == 5:
                kind = OPT_USER
            elif ctype == 6:
                kind = OPT_ROLE
            elif ctype == 8:
                kind = OPT_CHANNEL
            else:
                kind = OPT_USER if target in self._users else OPT_ROLE
            self._resolve(kind, guild_id, viewer_id, target, resolved)
        return resolved

    def _modal_submit_components(
        self, layout: Sequence[JSON], fields: Mapping[str, str | bool | Sequence[str]]
    ) -> list[JSON]:
        """Build submitted modal components mirroring the modal's layout (rows or Labels)."""
        remaining = dict(fields)
        if not layout:
            return [_guessed_submission(custom_id, value) for custom_id, value in remaining.items()]
        submitted: list[JSON] = []
        for top in layout:
            if top.get("type") == ACTION_ROW:
                inner = [self._submitted_value(c, remaining) for c in top.get("components") or []]
                submitted.append({"type": ACTION_ROW, "id": top.get("id"), "components": inner})
            elif top.get("type") == LABEL:
                child = self._submitted_value(top.get("component") or {}, remaining)
                submitted.append({"type": LABEL, "id": top.get("id"), "component": child})
            else:
                submitted.append({"type": top.get("type"), "id": top.get("id")})
        if remaining:
            known = [c["custom_id"] for c in _walk_components(layout) if "custom_id" in c]
            raise ValueError(f"fields {sorted(remaining)} are not in the modal (it has {known})")
        return submitted

    @staticmethod
    def _submitted_value(component: JSON, remaining: dict[str, str | bool | Sequence[str]]) -> JSON:
        custom_id = component.get("custom_id")
        ctype = component.get("type")
        out: JSON = {"type": ctype, "id": component.get("id"), "custom_id": custom_id}
        given = remaining.pop(str(custom_id), None)
        if ctype == TEXT_INPUT:
            if given is None and component.get("required", True) and not component.get("value"):
                raise ValueError(f"required text input {custom_id!r} not given")
            out["value"] = str(given if given is not None else component.get("value") or "")
        elif ctype == CHECKBOX:
            out["value"] = bool(given)
        elif ctype == RADIO_GROUP:
            out["value"] = None if given is None else str(given)
        else:
            if isinstance(given, (str, bool)):
                raise ValueError(f"component {custom_id!r} takes a list of values")
            out["values"] = [str(v) for v in given or []]
        return out


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


class _ErrorCollector(logging.Handler):
    """Collects ERROR records from the ``discord`` logger (exceptions in callbacks)."""

    def __init__(self, sink: list[str]) -> None:
        super().__init__(level=logging.ERROR)
        self._sink = sink
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self._sink.append(self.format(record))


def _guessed_submission(custom_id: str, value: str | bool | Sequence[str]) -> JSON:
    """A submitted component for a modal the fake never saw, typed from the Python value."""
    if isinstance(value, bool):
        return {
            "type": LABEL,
            "component": {"type": CHECKBOX, "custom_id": custom_id, "value": value},
        }
    if isinstance(value, str):
        return {
            "type": ACTION_ROW,
            "components": [{"type": TEXT_INPUT, "custom_id": custom_id, "value": value}],
        }
    child = {"type": STRING_SELECT, "custom_id": custom_id, "values": [str(v) for v in value]}
    return {"type": LABEL, "component": child}


def _command_paths(command: JSON) -> list[str]:
    """A chat-input command's invocable paths: "help", "setup configure", "a b c"."""
    name = str(command["name"])
    paths = []
    for option in command.get("options") or []:
        if option.get("type") == OPT_SUB_COMMAND:
            paths.append(f"{name} {option['name']}")
        elif option.get("type") == OPT_SUB_COMMAND_GROUP:
            paths += [f"{name} {option['name']} {sub['name']}" for sub in option["options"]]
    return paths or [name]


def _sub_schema(schema: Sequence[JSON], name: str, option_type: int) -> list[JSON]:
    node = next((o for o in schema if o.get("name") == name and o.get("type") == option_type), None)
    return [] if node is None else list(node.get("options") or [])


def _infer_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return OPT_BOOLEAN
    if isinstance(value, int):
        return OPT_INTEGER
    if isinstance(value, float):
        return OPT_NUMBER
    if isinstance(value, (discord.abc.GuildChannel, discord.Thread, FakeChannel)):
        return OPT_CHANNEL
    if isinstance(value, (discord.abc.User, FakeUser)):
        return OPT_USER
    if isinstance(value, discord.Role):
        return OPT_ROLE
    return OPT_STRING


def _json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    # Content-Type must be exactly application/json: discord.py compares the header verbatim.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


def _no_content() -> web.Response:
    return web.Response(status=204)


def _error(status: int, code: int, message: str, errors: JSON | None = None) -> web.Response:
    body: JSON = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json(body, status=status)


def _single_error(path: str, code: str, message: str) -> _Errors:
    errors = _Errors()
    errors.add(path, code, message)
    return errors


def _form_error(errors: _Errors) -> web.Response:
    return _error(400, 50035, "Invalid Form Body", errors.tree())


def _empty_or_form_error(errors: _Errors) -> web.Response:
    if any(code == "EMPTY" for _, code, _ in errors.items):
        return _error(400, 50006, "Cannot send an empty message")
    return _form_error(errors)
