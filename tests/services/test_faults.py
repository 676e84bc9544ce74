"""Faults at run time through the services, on SQLite and PostgreSQL: daylight-saving gaps,
settings changed in the middle of a day, /me forget racing an answer batch, and mock-night
attempts closed by two processes at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from tests.services.helpers import RecordingPublisher, make_group, runner_for


@pytest.fixture
def loop(database: Database, bank: Bank, clock: FakeClock):  # type: ignore[no-untyped-def]
    publisher = RecordingPublisher()
    return (
        GroupService(database),
        DailyService(database, bank),
        publisher,
        runner_for(database, bank, clock, publisher),
    )


async def test_a_post_time_in_the_spring_forward_gap_still_gets_its_answering_window(
    loop, clock: FakeClock
) -> None:
    groups, daily, publisher, runner = loop
    # 8 March 2026 in New York: the clocks jump from 02:00 to 03:00 (UTC−5 to UTC−4).
    await make_group(
        groups,
        clock,
        timezone="America/New_York",
        post_time="02:30",
        reveal_time="03:00",
        rest_days="sat",
    )
    clock.set(datetime(2026, 3, 8, 7, 29, tzinfo=UTC))  # 03:29 EDT
    await runner.run_due()
    assert publisher.sent == 0
    clock.set(datetime(2026, 3, 8, 7, 30, tzinfo=UTC))  # 03:30 EDT: 02:30 after the jump
    await runner.run_due()
    (daily_id,) = publisher.questions
    card = await daily.question_card(daily_id)
    assert card.reveal_at == datetime(2026, 3, 8, 8, 0, tzinfo=UTC), "04:00 EDT, half an hour"
    clock.set(datetime(2026, 3, 8, 7, 45, tzinfo=UTC))
    receipt = await daily.record_answer(
        "100", "u1", "Ada", daily_id, list(card.question.answer_set), clock.now()
    )
    assert receipt.answer_count == 1
    await runner.run_due()
    assert publisher.reveals == {}
    clock.set(datetime(2026, 3, 8, 8, 0, tzinfo=UTC))
    await runner.run_due()
    assert publisher.reveals[daily_id].answer_count == 1
