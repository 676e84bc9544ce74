"""Moving rows between states: the move happens once and never from a wrong state."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.states import DailyState, MockStatus, SendState
from bot.db.engine import Database
from bot.db.models import Announcement, DailyQuestion, DirectMessage, MockNight
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from bot.services.members import get_or_create_member
from bot.services.mock import MockService
from bot.services.notices import NoticeService, claim_dm
from tests.services.helpers import make_group


async def _claimed(database: Database, bank: Bank, clock: FakeClock) -> tuple[DailyService, int]:
    view = await make_group(GroupService(database), clock)
    daily = DailyService(database, bank, "discord")
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    card = await daily.claim_post(view.id, clock.now())
    assert card is not None
    return daily, card.daily_id


async def _row(database: Database, table: type, row_id: int):  # type: ignore[no-untyped-def]
    async with database.unit_of_work() as session:
        return await session.get(table, row_id)


async def test_a_post_is_recorded_once_and_a_late_second_confirmation_changes_nothing(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    daily, daily_id = await _claimed(database, bank, clock)
    claimed, posted = [DailyState.CLAIMED], DailyState.POSTED
    assert await daily.transition(DailyQuestion, daily_id, claimed, posted, message_id="first")
    assert not await daily.transition(DailyQuestion, daily_id, claimed, posted, message_id="again")
    row = await _row(database, DailyQuestion, daily_id)
    assert (row.state, row.message_id) == (DailyState.POSTED, "first")
    assert (await daily.question_card(daily_id)).message_id == "first"


async def test_a_reveal_cannot_be_finished_before_it_began(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    daily, daily_id = await _claimed(database, bank, clock)
    moved = await daily.transition(
        DailyQuestion, daily_id, [DailyState.REVEALING], DailyState.REVEALED, thread_id="t"
    )
    assert not moved
    row = await _row(database, DailyQuestion, daily_id)
    assert (row.state, row.thread_id) == (DailyState.CLAIMED, None)
    assert not (await daily.question_card(daily_id)).closed, "members may still answer"


async def test_a_skipped_question_is_never_marked_posted(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    daily, daily_id = await _claimed(database, bank, clock)
    assert await daily.transition(DailyQuestion, daily_id, [DailyState.CLAIMED], DailyState.SKIPPED)
    assert not await daily.transition(
        DailyQuestion, daily_id, [DailyState.CLAIMED], DailyState.POSTED, message_id="late"
    )
    assert (await daily.question_card(daily_id)).closed


async def test_a_notice_is_sent_once_its_message_is_recorded(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    view = await make_group(GroupService(database), clock)
    notices = NoticeService(database, bank)
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))  # the first week's theme is due
    [notice] = [n for n in await notices.due_notices(view, clock.now()) if n.kind == "week"]
    claimed, sent = [SendState.CLAIMED], SendState.SENT
    with pytest.raises(ValueError, match="message id"):
        await notices.transition(Announcement, notice.announcement_id, claimed, sent)
    assert await notices.transition(
        Announcement, notice.announcement_id, claimed, sent, message_id="m1"
    )
    assert not await notices.transition(
        Announcement, notice.announcement_id, claimed, sent, message_id="m2"
    )
    assert (await _row(database, Announcement, notice.announcement_id)).message_id == "m1"
    assert not [n for n in await notices.due_notices(view, clock.now()) if n.kind == "week"]


async def test_a_direct_message_counts_as_sent_only_when_delivered(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    async with database.unit_of_work() as session:
        member = await get_or_create_member(session, "discord", "u1", "Ada", clock.now())
        dm = await claim_dm(session, member.id, "review", "2026-03-02", clock.now())
        assert dm is not None
        dm_id = dm.id
    notices = NoticeService(database, bank)
    assert not (await _row(database, DirectMessage, dm_id)).delivered
    assert await notices.transition(DirectMessage, dm_id, [SendState.CLAIMED], SendState.SENT)
    assert (await _row(database, DirectMessage, dm_id)).delivered
    assert not await notices.transition(DirectMessage, dm_id, [SendState.CLAIMED], SendState.SENT)


async def test_a_mock_event_is_not_recorded_on_a_cancelled_night(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    await make_group(GroupService(database), clock)
    mocks = MockService(database, bank, "discord")
    night = await mocks.schedule("100", "2026-03-05", "19:00", 10, 30, None, clock.now())
    await mocks.set_event(night.id, "e1")
    assert (await _row(database, MockNight, night.id)).event_id == "e1"
    await mocks.cancel("100", night.id)
    await mocks.set_event(night.id, "e2")
    row = await _row(database, MockNight, night.id)
    assert (row.status, row.event_id) == (MockStatus.CANCELLED, "e1")


async def test_posts_confirmed_at_the_same_moment_share_commits_and_each_is_kept(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups, daily = GroupService(database), DailyService(database, bank, "discord")
    views = [await make_group(groups, clock, guild=str(100 + n)) for n in range(30)]
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    cards = [await daily.claim_post(view.id, clock.now()) for view in views]
    commits = 0

    def count(_connection: object) -> None:
        nonlocal commits
        commits += 1

    event.listen(database.engine.sync_engine, "commit", count)
    try:
        moved = await asyncio.gather(
            *(
                daily.transition(
                    DailyQuestion,
                    card.daily_id,
                    [DailyState.CLAIMED],
                    DailyState.POSTED,
                    message_id=f"m{card.daily_id}",
                )
                for card in cards
                if card is not None
            )
        )
    finally:
        event.remove(database.engine.sync_engine, "commit", count)
    assert moved == [True] * 30
    assert commits < 10  # a thousand groups posting at once make a handful, not a thousand
    for card in cards:
        assert card is not None
        row = await _row(database, DailyQuestion, card.daily_id)
        assert (row.state, row.message_id) == (DailyState.POSTED, f"m{card.daily_id}")


async def test_a_write_that_fails_in_a_shared_commit_fails_only_its_own_caller(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    daily, daily_id = await _claimed(database, bank, clock)
    notices = NoticeService(database, bank)

    async def broken(_session: object) -> None:
        raise RuntimeError("this write fails")

    results = await asyncio.gather(
        database.group_commit(broken),
        daily.transition(
            DailyQuestion, daily_id, [DailyState.CLAIMED], DailyState.POSTED, message_id="m1"
        ),
        # A notice cannot be sent without its message id: refused, and only this caller hears.
        notices.transition(Announcement, 1, [SendState.CLAIMED], SendState.SENT),
        return_exceptions=True,
    )
    assert isinstance(results[0], RuntimeError)
    assert results[1] is True
    assert isinstance(results[2], ValueError)
    assert (await _row(database, DailyQuestion, daily_id)).message_id == "m1"
