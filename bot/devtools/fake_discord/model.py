"""The fake's world: users, roles, members, channels, guilds, attachments, messages and
scheduled events, and the errors it raises in tests."""

from __future__ import annotations

import json
import time
from collections.abc import (
    Iterable,
    Iterator,
)
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.devtools.fake_discord.constants import (
    DISCORD_EPOCH_MS,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    JSON,
    TEXT_DISPLAY,
    THREAD_TYPES,
)


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
    mentionable: bool = False

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
            "mentionable": self.mentionable,
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
    pinged: frozenset[int] = frozenset()  # users notified when it was sent (see mentions)
    mention_roles: frozenset[int] = frozenset()
    pinned_at: datetime | None = None

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
