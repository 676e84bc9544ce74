"""Operations: Prometheus metrics, a health endpoint and JSON logs — all off unless set.

``HEALTH_PORT`` starts a small HTTP server (aiohttp, already a discord.py dependency) with
``/health`` (200 when every running platform is connected and the catch-up pass ran
recently, else 503)
and ``/metrics`` (Prometheus text format).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
)

from bot.core.errors import StartupError

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)


class Metrics:
    """The bot's counters; a registry of its own so tests and processes do not share it."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.answers = Counter("studybot_answers", "Answers recorded", registry=self.registry)
        self.discord_errors = Counter(
            "studybot_discord_errors", "Discord errors by kind", ["kind"], registry=self.registry
        )
        self.scheduler_lag = Gauge(
            "studybot_scheduler_lag_seconds",
            "How late the last scheduled post or reveal ran",
            ["action"],
            registry=self.registry,
        )
        self.passes = Counter(
            "studybot_catch_up_passes", "Catch-up passes run", registry=self.registry
        )
        self.last_pass: datetime | None = None

    def observe_lag(self, action: str, seconds: float) -> None:
        self.scheduler_lag.labels(action=action).set(max(seconds, 0.0))

    def observe_pass(self, at: datetime) -> None:
        self.passes.inc()
        self.last_pass = at

    def observe_error(self, kind: str) -> None:
        self.discord_errors.labels(kind=kind).inc()


class HealthServer:
    """``/health`` and ``/metrics`` for the whole process: healthy when every running
    platform is connected and the catch-up pass ran recently."""

    def __init__(
        self,
        metrics: Metrics,
        connections: dict[str, Callable[[], Awaitable[bool]]],
        now: Callable[[], datetime],
        max_pass_age_seconds: float,
    ) -> None:
        self._metrics = metrics
        self._connections = connections
        self._now = now
        self._max_age = max_pass_age_seconds
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def status(self) -> tuple[bool, dict[str, object]]:
        last = self._metrics.last_pass
        age = (self._now() - last).total_seconds() if last else None
        connected = {name: await check() for name, check in self._connections.items()}
        healthy = all(connected.values()) and age is not None and age <= self._max_age
        return healthy, {
            "status": "ok" if healthy else "unhealthy",
            "connected": connected,
            "seconds_since_last_pass": age,
        }

    async def _health(self, _request: web.Request) -> web.Response:
        healthy, body = await self.status()
        return web.Response(
            status=200 if healthy else 503, text=json.dumps(body), content_type="application/json"
        )

    async def _metrics_page(self, _request: web.Request) -> web.Response:
        return web.Response(
            body=generate_latest(self._metrics.registry),
            headers={"Content-Type": CONTENT_TYPE_LATEST},
        )

    async def start(self, host: str, port: int) -> int:
        app = web.Application()
        app.router.add_get("/health", self._health)
        app.router.add_get("/metrics", self._metrics_page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = int(self._runner.addresses[0][1])
        log.info("health and metrics on http://%s:%s/health", host, bound)
        self.port = bound
        return bound

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


async def start_health(
    settings: Settings,
    metrics: Metrics,
    now: Callable[[], datetime],
    connections: dict[str, Callable[[], Awaitable[bool]]],
) -> HealthServer | None:
    """The process's health server when ``HEALTH_PORT`` is set (else None); a port that
    cannot be listened on is a start-up error in one line."""
    if settings.health_port is None:
        return None
    server = HealthServer(
        metrics,
        connections,
        now=now,
        max_pass_age_seconds=3 * settings.catch_up_interval_seconds,
    )
    try:
        await server.start(settings.health_host, settings.health_port)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise StartupError(
            f"HEALTH_PORT={settings.health_port} on HEALTH_HOST={settings.health_host}: "
            f"cannot listen there ({reason}); set HEALTH_PORT to a free port (0 to "
            "65535) or unset it, and HEALTH_HOST to an address of this machine, e.g. "
            "127.0.0.1 or 0.0.0.0"
        ) from None
    return server


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the group id when the record carries one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        group_id = getattr(record, "group_id", None)
        if group_id is not None:
            entry["group_id"] = group_id
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
