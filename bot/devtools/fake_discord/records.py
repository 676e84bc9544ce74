"""What the fake records of requests, interactions and gateway sessions."""

from __future__ import annotations

import asyncio
import re
from collections.abc import (
    Awaitable,
    Callable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.devtools.fake_discord.constants import AUTOCOMPLETE_RESULT, FLAG_EPHEMERAL, JSON, MODAL


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


_Handler = Callable[[_Request, Sequence[str]], Awaitable[web.StreamResponse]]
