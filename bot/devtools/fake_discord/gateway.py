"""The gateway: HELLO, IDENTIFY, READY, RESUME, heartbeats and dispatched events."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from typing import Any

from aiohttp import WSMsgType, web

from bot.devtools.fake_discord.constants import (
    HEARTBEAT_INTERVAL_MS,
    JSON,
    OP_DISPATCH,
    OP_HEARTBEAT,
    OP_HEARTBEAT_ACK,
    OP_HELLO,
    OP_IDENTIFY,
    OP_INVALID_SESSION,
    OP_PRESENCE,
    OP_REQUEST_MEMBERS,
    OP_RESUME,
    PRIVILEGED_INTENTS,
)
from bot.devtools.fake_discord.payloads import Payloads
from bot.devtools.fake_discord.records import _GatewayConnection, _Session


class Gateway(Payloads):
    """The gateway side."""

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
