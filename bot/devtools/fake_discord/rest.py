"""REST routing, authorisation, faults and rate limits; users, the application, commands
and guilds."""

from __future__ import annotations

import copy
import functools
import json
import math
import re
import time
from collections.abc import (
    Sequence,
)
from typing import Any

from aiohttp import BodyPartReader, web

from bot.devtools.fake_discord.constants import DM, JSON
from bot.devtools.fake_discord.limits import _Errors
from bot.devtools.fake_discord.model import FakeChannel
from bot.devtools.fake_discord.pins import Pins
from bot.devtools.fake_discord.records import RequestRecord, _Handler, _Request, _Upload
from bot.devtools.fake_discord.responses import _error, _form_error, _json, _no_content
from bot.devtools.fake_discord.state import _log


class Rest(Pins):
    """The REST side."""

    @functools.cached_property
    def _routes(self) -> list[tuple[str, re.Pattern[str], _Handler]]:
        return self._build_routes()

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
            ("POST", rf"/guilds/{s}/roles", self._h_create_role),
            ("PUT", rf"/guilds/{s}/members/{s}/roles/{s}", self._h_member_role),
            ("DELETE", rf"/guilds/{s}/members/{s}/roles/{s}", self._h_member_role),
            ("GET", rf"/guilds/{s}/scheduled-events", self._h_list_events),
            ("POST", rf"/guilds/{s}/scheduled-events", self._h_create_event),
            ("GET", rf"/guilds/{s}/scheduled-events/{s}", self._h_get_event),
            ("PATCH", rf"/guilds/{s}/scheduled-events/{s}", self._h_edit_event),
            ("DELETE", rf"/guilds/{s}/scheduled-events/{s}", self._h_delete_event),
            ("GET", rf"/guilds/{s}/scheduled-events/{s}/users", self._h_event_users),
            ("GET", rf"/channels/{s}", self._h_get_channel),
            ("PATCH", rf"/channels/{s}", self._h_edit_channel),
            ("POST", rf"/channels/{s}/typing", self._h_no_content),
            ("GET", rf"/channels/{s}/messages/pins", self._h_list_pins),
            ("PUT", rf"/channels/{s}/messages/pins/{s}", self._h_pin),
            ("DELETE", rf"/channels/{s}/messages/pins/{s}", self._h_pin),
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
