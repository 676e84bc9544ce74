"""Socket Mode on the fake Slack: the ``/link`` websocket, envelopes and their acks.

``apps.connections.open`` hands out a one-use ticket URL; a connection opened with it gets a
``hello``. Each injected user action travels as an envelope, and the app must answer
``{"envelope_id": ..., "payload": ...}`` within the ack deadline (3 s on Slack). A late or
missing ack is what a user sees as an error ("operation_timeout"); it is recorded, as are
acks for unknown envelopes and frames that are not JSON.
"""

# Every wait here is bounded and takes its bound as ``timeout``.

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.devtools.fake_slack.model import JSON

ACK_DEADLINE_SECONDS = 3.0


@dataclass
class Envelope:
    """One envelope sent to the app and what became of it."""

    id: str
    type: str
    payload: JSON
    sent_at: float
    deadline: float
    acked: asyncio.Future[JSON] = field(repr=False)
    ack: JSON | None = None
    ack_seconds: float | None = None
    late: bool = False

    @property
    def timed_out(self) -> bool:
        """No ack arrived in time: the user saw an error."""
        return self.ack_seconds is None or self.late


@dataclass
class _Connection:
    ws: web.WebSocketResponse
    request: web.Request
    closed: bool = False


class SocketModeServer:
    """The websocket side of the fake: connections, envelopes, acks, disconnect requests."""

    def __init__(self, *, app_id: str, ack_deadline: float, notify: Callable[[], None]) -> None:
        self.app_id = app_id
        self.ack_deadline = ack_deadline
        self._notify = notify
        self._tickets: set[str] = set()
        self._connections: list[_Connection] = []
        self.envelopes: dict[str, Envelope] = {}
        self.connections_opened = 0
        self.protocol_errors: list[str] = []

    # ------------------------------------------------------------------ connections

    def issue_url(self, port: int) -> str:
        """A fresh one-use ``wss`` URL as ``apps.connections.open`` returns it."""
        ticket = secrets.token_hex(16)
        self._tickets.add(ticket)
        return f"ws://127.0.0.1:{port}/link/?ticket={ticket}&app_id={self.app_id}"

    @property
    def open_connections(self) -> int:
        return sum(1 for c in self._connections if not c.closed)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The ``/link`` endpoint."""
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.Response(status=401, text="invalid or used ticket")
        self._tickets.discard(ticket)
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = _Connection(ws, request)
        self._connections.append(conn)
        self.connections_opened += 1
        await ws.send_str(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": self.open_connections,
                    "debug_info": {"host": "fake-slack", "approximate_connection_time": 3600},
                    "connection_info": {"app_id": self.app_id},
                }
            )
        )
        self._notify()
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self._on_text(message.data)
        finally:
            conn.closed = True
            self._connections.remove(conn)
            self._notify()
        return ws

    async def request_reconnect(self, reason: str = "refresh_requested") -> None:
        """Send ``{"type": "disconnect"}`` on every open connection (Slack does before a restart)."""
        frame = json.dumps(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "fake-slack"}}
        )
        for conn in list(self._connections):
            with contextlib.suppress(ConnectionError):
                await conn.ws.send_str(frame)

    async def close_all(self) -> None:
        for conn in list(self._connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001)

    # -------------------------------------------------------------------- envelopes

    async def deliver(self, kind: str, payload: JSON, *, accepts_response: bool) -> Envelope:
        """Send one envelope on the newest connection and wait (bounded) for its ack."""
        live = [c for c in self._connections if not c.closed]
        if not live:
            raise AssertionError("no Socket Mode connection: is the handler started?")
        loop = asyncio.get_running_loop()
        envelope = Envelope(
            id=str(uuid.uuid4()),
            type=kind,
            payload=payload,
            sent_at=loop.time(),
            deadline=self.ack_deadline,
            acked=loop.create_future(),
        )
        self.envelopes[envelope.id] = envelope
        frame: JSON = {
            "envelope_id": envelope.id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts_response,
        }
        if kind == "events_api":
            frame.update(retry_attempt=0, retry_reason="")
        await live[-1].ws.send_str(json.dumps(frame))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(envelope.acked), self.ack_deadline)
        return envelope

    def _on_text(self, data: str) -> None:
        try:
            message: Any = json.loads(data)
        except ValueError:
            self.protocol_errors.append(f"not JSON: {data[:200]!r}")
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        envelope = self.envelopes.get(str(envelope_id))
        if envelope is None:
            self.protocol_errors.append(f"ack for unknown envelope: {data[:200]!r}")
            return
        if envelope.ack_seconds is not None:
            self.protocol_errors.append(f"second ack for envelope {envelope.id}")
            return
        envelope.ack_seconds = asyncio.get_running_loop().time() - envelope.sent_at
        envelope.ack = message.get("payload") or {}
        envelope.late = envelope.ack_seconds > envelope.deadline
        if not envelope.acked.done():
            envelope.acked.set_result(envelope.ack)
        self._notify()

    def late_acks(self) -> list[Envelope]:
        """Envelopes acked after the deadline or not at all (each was an error for a user)."""
        return [e for e in self.envelopes.values() if e.timed_out]
