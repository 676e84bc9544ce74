"""Roles, as strict as Discord (the mention rules of messages: ``mentions``).

- ``POST /guilds/{id}/roles`` needs Manage Roles, grants no permission the bot lacks, and
  stops at 250 roles; the new role sits just above @everyone (GUILD_ROLE_CREATE follows).
- ``PUT``/``DELETE /guilds/{id}/members/{id}/roles/{id}`` need Manage Roles and a role below
  the bot's highest role; a managed (integration) role cannot be given or taken.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import web

from bot.devtools.fake_discord.callbacks import Callbacks
from bot.devtools.fake_discord.constants import ADMINISTRATOR
from bot.devtools.fake_discord.limits import _Errors
from bot.devtools.fake_discord.model import FakeGuild, FakeRole
from bot.devtools.fake_discord.records import _Request
from bot.devtools.fake_discord.responses import _error, _form_error, _json, _no_content

MANAGE_ROLES = 1 << 28
MAX_ROLES = 250


class Roles(Callbacks):
    """Role endpoints."""

    def _bot_guild_permissions(self, guild: FakeGuild) -> int:
        return self._permissions(guild, self.bot_id, None)

    def _bot_top_position(self, guild: FakeGuild) -> int:
        member = guild.members[self.bot_id]
        return max((guild.roles[r].position for r in member.roles), default=0)

    async def _h_create_role(self, req: _Request, args: Sequence[str]) -> web.Response:
        guild = self._guilds.get(int(args[0]))
        if guild is None:
            return _error(404, 10004, "Unknown Guild")
        granted = self._bot_guild_permissions(guild)
        if not granted & (MANAGE_ROLES | ADMINISTRATOR):
            return _error(403, 50013, "Missing Permissions")
        body = dict(req.body or {})
        name = str(body.get("name") or "new role")
        if len(name) > 100:
            errors = _Errors()
            errors.max_len("name", name, 100)
            return _form_error(errors)
        permissions = int(body.get("permissions") or 0)
        if permissions & ~granted and not granted & ADMINISTRATOR:
            return _error(403, 50013, "Missing Permissions")
        if len(guild.roles) >= MAX_ROLES:
            return _error(400, 30005, "Maximum number of server roles reached (250)")
        for role in guild.roles.values():
            if role.id != guild.id:
                role.position += 1
        role = FakeRole(
            self._snowflakes.next(),
            name,
            permissions,
            1,
            mentionable=bool(body.get("mentionable")),
        )
        guild.roles[role.id] = role
        await self._dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()}, guild.id
        )
        return _json(role.payload())

    async def _h_member_role(self, req: _Request, args: Sequence[str]) -> web.Response:
        guild = self._guilds.get(int(args[0]))
        if guild is None:
            return _error(404, 10004, "Unknown Guild")
        member = guild.members.get(int(args[1]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        role = guild.roles.get(int(args[2]))
        if role is None or role.id == guild.id:
            return _error(404, 10011, "Unknown Role")
        granted = self._bot_guild_permissions(guild)
        if not granted & (MANAGE_ROLES | ADMINISTRATOR):
            return _error(403, 50013, "Missing Permissions")
        if role.bot_id is not None or role.position >= self._bot_top_position(guild):
            return _error(403, 50013, "Missing Permissions")
        if req.method == "PUT" and role.id not in member.roles:
            member.roles.append(role.id)
        elif req.method == "DELETE" and role.id in member.roles:
            member.roles.remove(role.id)
        return _no_content()
