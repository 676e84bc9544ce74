"""Rate limits, injected faults and per-channel posting pace of the fake Slack.

Slack's limits are per method and per minute ("tiers"); ``chat.postMessage`` is about one
message per second per channel. Tiers are off until a test turns them on; the pace is
measured (timestamps recorded for benchmarks) and, once turned on, enforced: a post that
comes sooner than the pace after the channel's last one is answered 429 (never slept on).
"""

from __future__ import annotations

import itertools
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW_SECONDS = 60.0

#: Requests per minute of each tier (Slack documents "N+ per minute").
TIER_LIMITS = {1: 1, 2: 20, 3: 50, 4: 100}

#: Each implemented method's tier; ``chat.postMessage`` is limited per channel instead.
METHOD_TIERS = {
    "auth.test": 4,
    "apps.connections.open": 1,
    "chat.update": 3,
    "chat.delete": 3,
    "chat.postEphemeral": 4,
    "chat.getPermalink": 4,
    "conversations.info": 3,
    "conversations.open": 3,
    "conversations.history": 3,
    "conversations.replies": 3,
    "users.info": 4,
    "views.open": 4,
    "views.update": 4,
    "views.publish": 4,
    "files.getUploadURLExternal": 4,
    "files.completeUploadExternal": 4,
    "reactions.add": 3,
    "pins.add": 2,
}
#: ``chat.postMessage`` per channel per minute (Slack allows short bursts over 1/s).
POST_MESSAGE_PER_CHANNEL = 60

#: Throttled ``conversations.history`` of apps not approved for the Marketplace (May 2025).
THROTTLED_HISTORY_PER_MINUTE = 1
THROTTLED_HISTORY_ITEMS = 15


@dataclass
class Fault:
    """Answer the next ``remaining`` calls of ``method`` (``"*"`` = any) with ``status``."""

    method: str
    status: int
    remaining: int
    error: str


@dataclass
class PaceReport:
    """How fast the bot posted into one channel (from recorded timestamps)."""

    channel: str
    posts: int
    shortest_gap: float | None
    faster_than_one_per_second: int
    times: list[float] = field(default_factory=list)


class RateLimiter:
    """Sliding one-minute windows per method (and per channel for ``chat.postMessage``).

    ``per_minute`` overrides a method's tier limit (tests use tiny limits to reach a 429
    quickly). The throttled ``conversations.history`` limit applies whenever
    ``throttled_history`` is on, even with tiers off.
    """

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self.enabled = False
        self.throttled_history = False
        self.retry_after = 1
        self.per_minute: dict[str, int] = {}
        self.pace: float | None = None  # seconds between posts in one channel, when enforced
        self._windows: dict[str, deque[float]] = defaultdict(deque)
        self._last_post: dict[str, float] = {}

    def limit_for(self, method: str) -> int | None:
        if method == "conversations.history" and self.throttled_history:
            return THROTTLED_HISTORY_PER_MINUTE
        if not self.enabled:
            return None
        if method in self.per_minute:
            return self.per_minute[method]
        if method == "chat.postMessage":
            return POST_MESSAGE_PER_CHANNEL
        tier = METHOD_TIERS.get(method)
        return None if tier is None else TIER_LIMITS[tier]

    def admit(self, method: str, channel: str | None) -> bool:
        """Count one call; False when it is over the limit (the caller answers 429)."""
        if method == "chat.postMessage" and self.pace is not None and channel is not None:
            last = self._last_post.get(channel)
            if last is not None and self._now() - last < self.pace:
                return False
            self._last_post[channel] = self._now()
        limit = self.limit_for(method)
        if limit is None:
            return True
        key = f"{method}:{channel}" if method == "chat.postMessage" else method
        window = self._windows[key]
        now = self._now()
        while window and window[0] <= now - WINDOW_SECONDS:
            window.popleft()
        if len(window) >= limit:
            return False
        window.append(now)
        return True


class PaceLog:
    """Times of every accepted post per channel, for benchmarks and pacing assertions."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._times: dict[str, list[float]] = defaultdict(list)

    def record(self, channel: str) -> None:
        self._times[channel].append(self._now())

    def report(self, channel: str) -> PaceReport:
        times = list(self._times.get(channel, []))
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        return PaceReport(
            channel=channel,
            posts=len(times),
            shortest_gap=min(gaps) if gaps else None,
            faster_than_one_per_second=sum(1 for gap in gaps if gap < 1.0),
            times=times,
        )
