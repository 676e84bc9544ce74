"""Retrying with exponential backoff within a time budget (start-up waits for services)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

FIRST_DELAY = 0.5
MAX_DELAY = 10.0


class RetryBudgetSpent(Exception):
    """Every attempt within the budget failed; ``last`` is the last attempt's error."""

    def __init__(self, last: BaseException, attempts: int, waited: float) -> None:
        super().__init__(str(last))
        self.last = last
        self.attempts = attempts
        self.waited = waited


def backoff_delays(first: float = FIRST_DELAY, cap: float = MAX_DELAY) -> Callable[[int], float]:
    """Delay before retry ``n`` (1-based): first, 2×first, 4×first, … at most ``cap``."""
    return lambda n: min(cap, first * 2 ** (n - 1))


async def retry_within(
    attempt: Callable[[], Awaitable[T]],
    *,
    budget: float,
    retryable: Callable[[BaseException], bool],
    on_retry: Callable[[int, BaseException, float], None] | None = None,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    delays: Callable[[int], float] | None = None,
) -> T:
    """Call ``attempt`` until it succeeds, retrying errors ``retryable`` accepts with growing
    pauses for about ``budget`` seconds; then raise :class:`RetryBudgetSpent`. Errors that are
    not retryable are raised at once. ``on_retry(n, error, delay)`` runs before each pause."""
    delay_for = delays or backoff_delays()
    started = monotonic()
    failures = 0
    while True:
        try:
            return await attempt()
        except Exception as error:
            if not retryable(error):
                raise
            failures += 1
            remaining = budget - (monotonic() - started)
            if remaining <= 0:
                raise RetryBudgetSpent(error, failures, monotonic() - started) from error
            delay = min(delay_for(failures), remaining)
            if on_retry is not None:
                on_retry(failures, error, delay)
            await sleep(delay)
