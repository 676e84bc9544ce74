"""Mock nights through the services on SQLite and PostgreSQL: the clock enforces the time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.errors import AnsweringClosed, InvalidInput, NotAllowed
from bot.db.engine import Database
from bot.services.groups import GroupService
from bot.services.mock import AttemptView, MockService, ResultView
from tests.services.helpers import RecordingPublisher, make_group, runner_for


async def test_attempts_are_timed_by_the_server_and_submitted_by_the_clock(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups, mocks = GroupService(database), MockService(database, bank, "discord")
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    await make_group(groups, clock)
    with pytest.raises(InvalidInput, match="future"):
        await mocks.schedule("100", "2026-03-01", "19:00", 10, 30, None, clock.now())
    night = await mocks.schedule("100", "2026-03-03", "19:00", 12, 30, "serving", clock.now())

    clock.set(datetime(2026, 3, 3, 19, 0, tzinfo=UTC))
    await runner.run_due()
    assert (night.id, "start") in publisher.mock_posts
    first = await mocks.start("100", "u1", "Ada", night.id, clock.now())
    second = await mocks.start("100", "u2", "Bo", night.id, clock.now())
    assert isinstance(first, AttemptView) and isinstance(second, AttemptView)
    assert first.question.id == second.question.id, "everyone gets the same paper"
    assert first.deadline == datetime(2026, 3, 3, 19, 30, tzinfo=UTC)

    await mocks.act("u1", first.attempt_id, "answer", 1, list(first.question.answer), clock.now())
    with pytest.raises(NotAllowed):
        await mocks.act("u2", first.attempt_id, "answer", 1, ["A"], clock.now())

    clock.advance(timedelta(minutes=31))
    with pytest.raises(AnsweringClosed, match="Time is up"):
        await mocks.act("u1", first.attempt_id, "answer", 2, ["A"], clock.now())
    await runner.run_due()
    assert (night.id, "debrief") in publisher.mock_posts
    result = await mocks.start("100", "u2", "Bo", night.id, clock.now())
    assert isinstance(result, ResultView) and result.auto_submitted and result.correct == 0
    own = await mocks.results("u1", first.attempt_id)
    assert own.correct == 1 and own.total == 12
    serving = next(r for r in own.per_domain if r[0] == "serving")
    assert serving[3] >= 8, "the focus section gets most of the paper"
    await runner.run_due()
    assert publisher.mock_posts.count((night.id, "debrief")) == 1, "one debrief"
