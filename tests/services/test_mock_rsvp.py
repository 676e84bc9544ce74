"""RSVPs to mock nights, kept in our database (platforms without scheduled events)."""

from __future__ import annotations

import pytest

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.errors import AnsweringClosed, NotFound
from bot.db.engine import Database
from bot.services.groups import GroupService
from bot.services.mock import MockService
from bot.services.mock.rsvp import MockRsvps
from bot.services.privacy import PrivacyService
from tests.services.helpers import make_group


async def test_the_last_answer_counts_and_reminders_go_to_those_going(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups, mocks = GroupService(database), MockService(database, bank, "discord")
    rsvps = MockRsvps(database, "discord")
    await make_group(groups, clock)
    night = await mocks.schedule("100", "2026-03-04", "19:00", 10, 30, None, clock.now())

    await rsvps.answer("100", "u1", "Ada", night.id, True, clock.now())
    counted = await rsvps.answer("100", "u2", "Bo", night.id, False, clock.now())
    assert (counted.going, counted.not_going, counted.yours) == (1, 1, False)
    await rsvps.answer("100", "u3", "Cy", night.id, True, clock.now())
    changed = await rsvps.answer("100", "u1", "Ada", night.id, False, clock.now())
    assert (changed.going, changed.not_going) == (1, 2), "a member counts once"
    assert await rsvps.going(night.id) == ["u3"]

    with pytest.raises(NotFound):
        await rsvps.answer("200", "u1", "Ada", night.id, True, clock.now())
    await mocks.cancel("100", night.id)
    with pytest.raises(AnsweringClosed, match="cancelled"):
        await rsvps.answer("100", "u2", "Bo", night.id, True, clock.now())
    assert (await rsvps.count(night.id)).going == 1


async def test_forgetting_a_member_forgets_their_rsvps(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups, mocks = GroupService(database), MockService(database, bank, "discord")
    rsvps = MockRsvps(database, "discord")
    await make_group(groups, clock)
    night = await mocks.schedule("100", "2026-03-04", "19:00", 10, 30, None, clock.now())
    await rsvps.answer("100", "u1", "Ada", night.id, True, clock.now())

    await PrivacyService(database, "discord").forget("u1")
    assert await rsvps.going(night.id) == []
    assert (await rsvps.count(night.id)).going == 0
