"""Keeping the live answer count on a question message current without flooding Discord.

Answers can arrive in bursts; each message gets at most one edit in flight, and answers that
arrive during an edit are covered by one more edit afterwards.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class CountRefresher:
    def __init__(self, edit: Callable[[int], Awaitable[None]]) -> None:
        self._edit = edit
        self._dirty: set[int] = set()
        self._running: dict[int, asyncio.Task[None]] = {}

    def refresh(self, daily_id: int) -> None:
        """Ask for the message of ``daily_id`` to show the current count soon."""
        self._dirty.add(daily_id)
        if daily_id not in self._running:
            self._running[daily_id] = asyncio.create_task(self._run(daily_id))

    async def _run(self, daily_id: int) -> None:
        try:
            while daily_id in self._dirty:
                self._dirty.discard(daily_id)
                try:
                    await self._edit(daily_id)
                except Exception:
                    log.warning(
                        "could not update the answer count of daily %s", daily_id, exc_info=True
                    )
        finally:
            self._running.pop(daily_id, None)

    async def drain(self) -> None:
        """Wait until every pending refresh is done (shutdown and tests)."""
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)
