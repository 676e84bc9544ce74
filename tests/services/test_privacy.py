"""/me export and /me forget cover mock-night answers too."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.db.models import MockAnswer
from bot.services.groups import GroupService
from bot.services.mock import AttemptView, MockService
from bot.services.privacy import PrivacyService
from tests.services.helpers import RecordingPublisher, make_group, runner_for


async def test_mock_answers_are_exported_and_forgotten_with_the_member(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups, mocks, privacy = (
        GroupService(database),
        MockService(database, bank, "discord"),
        PrivacyService(database, "discord"),
    )
    runner = runner_for(database, bank, clock, RecordingPublisher())
    await make_group(groups, clock)
    night = await mocks.schedule("100", "2026-03-02", "07:00", 10, 60, None, clock.now())
    clock.set(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))
    await runner.run_due()
    attempt = await mocks.start("100", "u1", "Ada", night.id, clock.now())
    assert isinstance(attempt, AttemptView)
    await mocks.act(
        "u1", attempt.attempt_id, "answer", 1, list(attempt.question.answer), clock.now()
    )
    await mocks.act("u1", attempt.attempt_id, "flag", 2, [], clock.now())

    during = await privacy.export("u1")
    assert [(a["position"], a["flagged"]) for a in during["mock_answers"]] == [
        (1, False),
        (2, True),
    ]
    assert during["mock_answers"][0]["question_id"] == attempt.question.id
    assert all(a["is_correct"] is None for a in during["mock_answers"]), (
        "right or wrong shows only once the attempt is submitted"
    )
    await mocks.act("u1", attempt.attempt_id, "submit", 1, [], clock.now())
    after = await privacy.export("u1")
    assert after["mock_answers"][0]["is_correct"] is True

    before = await privacy.export("u1")
    counted = 1 + sum(len(v) for k, v in before.items() if k != "member" and isinstance(v, list))
    forgotten = await privacy.forget("u1")
    assert forgotten.rows == counted, "the count includes the mock answers"
    async with database.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(MockAnswer)) == 0
