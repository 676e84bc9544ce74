"""A reveal of a question members reported carries the warning README promises."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.discord.daily.render import reveal_message
from bot.services.daily import RevealCard
from bot.services.groups import GroupService
from bot.services.reports import ReportService
from tests.services.helpers import RecordingPublisher, make_group, runner_for


def text_of(card: RevealCard) -> str:
    content, card_embeds = reveal_message(card)
    return content + "\n".join(str(e.to_dict()) for e in card_embeds)


async def test_a_reported_question_is_revealed_with_a_warning(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    only = bank.active[0]
    one_question = Bank(exam=bank.exam, questions={only.id: only}, plan=bank.plan)
    publisher = RecordingPublisher()
    runner = runner_for(database, one_question, clock, publisher)
    await make_group(GroupService(database), clock)
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    await runner.run_due()
    clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
    await runner.run_due()
    (first,) = publisher.reveals.values()
    assert first.open_reports == 0 and "reported" not in text_of(first)
    await ReportService(database, "discord").file(
        "100", "u1", "Ada", first.daily_id, "wrong-key", "C fits too", clock.now()
    )

    # The bank has one question, so Tuesday asks it again while the report is open.
    clock.set(datetime(2026, 3, 3, 9, tzinfo=UTC))
    await runner.run_due()
    clock.set(datetime(2026, 3, 3, 20, tzinfo=UTC))
    await runner.run_due()
    second = publisher.reveals[max(publisher.reveals)]
    assert second.daily_id != first.daily_id and second.open_reports == 1
    rendered = text_of(second)
    assert "Members reported a problem" in rendered and "(1 open report)" in rendered
