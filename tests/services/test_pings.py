"""Who a post pings: at most MAX_SLACK_PINGS members per group, first joined first, counted
per group when many groups are read at once."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.services.groups import GroupService
from bot.services.pings import MAX_SLACK_PINGS, PingService, subscribers_of
from tests.services.helpers import make_group


async def test_the_first_members_to_join_are_pinged_up_to_the_cap_in_each_group(
    database: Database, clock: FakeClock
) -> None:
    groups = GroupService(database)
    pings = PingService(database, "slack")
    big = await make_group(groups, clock, guild="T1")
    small = await make_group(groups, clock, guild="T2")
    for n in range(MAX_SLACK_PINGS + 5):
        clock.advance(timedelta(minutes=1))  # joined one after another
        await pings.choose(big.id, f"U{n:03d}", f"member {n}", True, clock.now())
    await pings.choose(small.id, "U900", "other", True, clock.now())
    await pings.choose(small.id, "U901", "quiet", False, clock.now())

    first = [f"U{n:03d}" for n in range(MAX_SLACK_PINGS)]
    assert await pings.subscribers(big.id) == first
    async with database.unit_of_work() as session:
        both = await subscribers_of(session, [big.id, small.id])
    assert both == {big.id: first, small.id: ["U900"]}
