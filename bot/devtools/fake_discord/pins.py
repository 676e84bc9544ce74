"""Pinned messages, as strict as Discord: pinning needs Pin Messages (or Manage Messages,
which granted it before the split) and View Channel, a channel holds at most 50 pins
(400, code 30003), and the pins list (``GET /channels/{id}/messages/pins``) answers newest
pin first with ``pinned_at``, as discord.py 2.7 reads it."""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import web

from bot.devtools.fake_discord.constants import VIEW_CHANNEL
from bot.devtools.fake_discord.model import _iso, _now
from bot.devtools.fake_discord.records import _Request
from bot.devtools.fake_discord.responses import _error, _json, _no_content
from bot.devtools.fake_discord.roles import Roles

MANAGE_MESSAGES = 1 << 13
PIN_MESSAGES = 1 << 51
MAX_PINS = 50


class Pins(Roles):
    """Pin, unpin and list pins."""

    async def _h_pin(self, req: _Request, args: Sequence[str]) -> web.Response:
        found = self._message_or_error(args)
        if isinstance(found, web.Response):
            return found
        channel = self._channels[found.channel_id]
        if channel.guild_id is not None:
            if not self._bot_can(channel, VIEW_CHANNEL):
                return _error(403, 50001, "Missing Access")
            guild = self._guilds[channel.guild_id]
            granted = self._permissions(guild, self.bot_id, channel)
            if not granted & (PIN_MESSAGES | MANAGE_MESSAGES):
                return _error(403, 50013, "Missing Permissions")
        if req.method == "DELETE":
            found.pinned_at = None
            return _no_content()
        if found.pinned_at is None:
            pinned = [m for m in self.messages(channel.id) if m.pinned_at is not None]
            if len(pinned) >= MAX_PINS:
                return _error(400, 30003, "Maximum number of pins reached (50)")
            found.pinned_at = _now()
        return _no_content()

    async def _h_list_pins(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel_id = int(args[0])
        if channel_id not in self._channels:
            return _error(404, 10003, "Unknown Channel")
        limit = min(int(req.query.get("limit", MAX_PINS)), MAX_PINS)
        pinned = sorted(
            (m for m in self.messages(channel_id) if m.pinned_at is not None),
            key=lambda m: m.pinned_at or _now(),
            reverse=True,
        )
        items = [
            {"pinned_at": _iso(m.pinned_at), "message": self._message_payload(m)}
            for m in pinned[:limit]
        ]
        return _json({"items": items, "has_more": len(pinned) > limit})
