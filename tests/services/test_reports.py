"""Reports on questions, and retired questions, through the services."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.errors import InvalidInput, NotFound
from bot.db.engine import Database
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from bot.services.reports import ReportService
from tests.services.helpers import RecordingPublisher, make_group, runner_for


async def test_reports_are_filed_listed_resolved_and_flag_the_reveal(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups, reports = GroupService(database), ReportService(database, "discord")
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    await make_group(groups, clock, guild="100")
    await make_group(groups, clock, guild="200")
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    await runner.run_due()
    ours, theirs = sorted(publisher.questions)

    first = await reports.file("100", "u1", "Ada", ours, "wrong-key", "C is right too", clock.now())
    again = await reports.file("100", "u1", "Ada", ours, "unclear", "", clock.now())
    assert again.id == first.id and again.reason == "unclear", "one open report per member"
    await reports.file("100", "u2", "Bo", ours, "typo", "", clock.now())
    with pytest.raises(NotFound):
        await reports.file("100", "u1", "Ada", theirs, "typo", "", clock.now())
    with pytest.raises(InvalidInput):
        await reports.file("100", "u1", "Ada", ours, "boring", "", clock.now())

    assert [r.reason for r in await reports.open_reports("100")] == ["unclear", "typo"]
    assert await reports.open_reports("200") == [], "a server sees only its own reports"

    clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
    await runner.run_due()
    assert publisher.reveals[ours].open_reports == 2

    resolved = await reports.resolve("100", first.id, "Reworded option C", clock.now())
    assert resolved.status == "resolved" and resolved.resolution == "Reworded option C"
    with pytest.raises(InvalidInput, match="already resolved"):
        await reports.resolve("100", first.id, "", clock.now())
    with pytest.raises(NotFound):
        await reports.resolve("200", first.id + 1, "", clock.now())
    assert len(await reports.open_reports("100")) == 1


async def test_a_retired_question_is_never_posted_again_but_its_history_stays(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    groups = GroupService(database)
    publisher = RecordingPublisher()
    runner = runner_for(database, bank, clock, publisher)
    await make_group(groups, clock, rest_days="none")
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    await runner.run_due()
    (first_daily,) = publisher.questions
    first_id = (
        await DailyService(database, bank, "discord").question_card(first_daily)
    ).question.id

    retired = replace(
        bank,
        questions={
            qid: q.model_copy(update={"retired": True}) if qid == first_id else q
            for qid, q in bank.questions.items()
        },
    )
    daily = DailyService(database, retired, "discord")
    runner = runner_for(database, bank, clock, publisher)
    for day in range(1, len(bank.active) + 3):
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=day))
        await runner.run_due()
    posted = [(await daily.question_card(d)).question.id for d in sorted(publisher.questions)]
    assert posted.count(first_id) == 1, "asked once before it was retired, never after"
    assert (await daily.question_card(first_daily)).question.id == first_id
