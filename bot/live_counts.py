"""Keeping the live answer count on a question message current without flooding the chat
platform (both adapters use it: Discord edits the message, Slack calls ``chat.update``).

Answers can arrive in bursts; each message gets at most one edit in flight and at most one
edit every ``min_interval`` seconds: the first answer shows at once, and all answers that
arrive meanwhile are covered by one more edit when the interval is over. (Editing after every
batch cost more CPU than recording the answers, and both platforms rate-limit edits anyway.)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

MIN_INTERVAL_SECONDS = 3.0


class CountRefresher:
    def __init__(
        self, edit: Callable[[int], Awaitable[None]], min_interval: float = MIN_INTERVAL_SECONDS
    ) -> None:
        self._edit = edit
        self._min_interval = min_interval
        self._dirty: set[int] = set()
        self._running: dict[int, asyncio.Task[None]] = {}
        self._last: dict[int, float] = {}  # when each message's last edit began (loop time)
        self._hurry = asyncio.Event()

    def refresh(self, daily_id: int) -> None:
        """Ask for the message of ``daily_id`` to show the current count soon."""
        self._dirty.add(daily_id)
        if daily_id not in self._running:
            self._running[daily_id] = asyncio.create_task(self._run(daily_id))

    async def _run(self, daily_id: int) -> None:
        loop = asyncio.get_running_loop()
        try:
            while daily_id in self._dirty:
                wait = self._last.get(daily_id, -math.inf) + self._min_interval - loop.time()
                if wait > 0 and not self._hurry.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._hurry.wait(), wait)
                self._dirty.discard(daily_id)
                self._last[daily_id] = loop.time()
                try:
                    await self._edit(daily_id)
                except Exception:
                    log.warning(
                        "could not update the answer count of daily %s", daily_id, exc_info=True
                    )
        finally:
            self._running.pop(daily_id, None)
            self._forget_old(loop.time())

    def _forget_old(self, now: float) -> None:
        if len(self._last) > 1000:
            for key, at in list(self._last.items()):
                if at + self._min_interval < now:
                    del self._last[key]

    async def drain(self) -> None:
        """Make every pending refresh now and wait for it (shutdown and tests)."""
        self._hurry.set()
        try:
            while self._running:
                await asyncio.gather(*self._running.values(), return_exceptions=True)
        finally:
            self._hurry.clear()
