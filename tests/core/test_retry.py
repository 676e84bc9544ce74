"""Retrying with backoff within a budget, on a fake clock (no waiting)."""

from __future__ import annotations

import pytest

from bot.core.retry import RetryBudgetSpent, backoff_delays, retry_within


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_backoff_doubles_up_to_a_cap() -> None:
    delay = backoff_delays(0.5, 10)
    assert [delay(n) for n in range(1, 8)] == [0.5, 1, 2, 4, 8, 10, 10]


async def test_it_retries_until_the_service_answers() -> None:
    time = FakeTime()
    answers = iter([ConnectionRefusedError(), ConnectionRefusedError(), "up"])
    retried: list[int] = []

    async def attempt() -> str:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    result = await retry_within(
        attempt,
        budget=60,
        retryable=lambda e: isinstance(e, OSError),
        on_retry=lambda n, _e, _d: retried.append(n),
        sleep=time.sleep,
        monotonic=time.monotonic,
    )
    assert result == "up"
    assert time.sleeps == [0.5, 1.0] and retried == [1, 2]


async def test_it_gives_up_after_the_budget_with_the_last_error() -> None:
    time = FakeTime()

    async def attempt() -> None:
        raise ConnectionRefusedError("refused")

    with pytest.raises(RetryBudgetSpent) as spent:
        await retry_within(
            attempt,
            budget=60,
            retryable=lambda e: isinstance(e, OSError),
            sleep=time.sleep,
            monotonic=time.monotonic,
        )
    assert isinstance(spent.value.last, ConnectionRefusedError)
    assert spent.value.waited == 60 and sum(time.sleeps) == 60
    assert time.sleeps[:6] == [0.5, 1, 2, 4, 8, 10] and max(time.sleeps) == 10


async def test_an_error_that_waiting_would_not_fix_is_raised_at_once() -> None:
    time = FakeTime()

    async def attempt() -> None:
        raise PermissionError("wrong password")

    with pytest.raises(PermissionError):
        await retry_within(
            attempt,
            budget=60,
            retryable=lambda e: isinstance(e, ConnectionError),
            sleep=time.sleep,
            monotonic=time.monotonic,
        )
    assert time.sleeps == []


async def test_a_zero_budget_tries_once() -> None:
    time = FakeTime()
    calls = 0

    async def attempt() -> None:
        nonlocal calls
        calls += 1
        raise ConnectionRefusedError()

    with pytest.raises(RetryBudgetSpent):
        await retry_within(
            attempt, budget=0, retryable=lambda e: True, sleep=time.sleep, monotonic=time.monotonic
        )
    assert calls == 1 and time.sleeps == []
