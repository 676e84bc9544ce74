"""The live answer count: shown at once, then at most one edit per interval however many
answers arrive, and nothing left stale after a drain."""

import asyncio

from bot.live_counts import CountRefresher


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_a_burst_gets_one_edit_at_once_and_one_more_for_the_rest() -> None:
    edits: list[int] = []

    async def edit(daily_id: int) -> None:
        edits.append(daily_id)

    counts = CountRefresher(edit, min_interval=3600)
    counts.refresh(7)
    await settle()
    assert edits == [7], "the first answer shows at once"
    for _ in range(500):
        counts.refresh(7)
    await settle()
    assert edits == [7], "answers within the interval wait for the next edit"
    counts.refresh(8)
    await settle()
    assert edits == [7, 8], "another question's message is not held back"
    await counts.drain()
    assert edits == [7, 8, 7], "one more edit covers the whole burst"


async def test_a_failed_edit_is_logged_and_the_next_answer_tries_again() -> None:
    calls = 0

    async def edit(daily_id: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("Discord is down")

    counts = CountRefresher(edit, min_interval=0)
    counts.refresh(1)
    await counts.drain()
    counts.refresh(1)
    await counts.drain()
    assert calls == 2
