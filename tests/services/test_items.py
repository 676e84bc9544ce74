"""Item analysis through the service, on a real database: revealed answers of every group,
judged against the bank's key; a question still open anywhere is left out."""

from __future__ import annotations

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.items import Flag
from bot.db.engine import Database
from bot.services.items import ItemAnalysisService
from tests.item_answers import seed


async def test_a_miskeyed_question_is_flagged_a_good_one_not_and_an_open_one_is_left_out(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    chosen = await seed(database, bank, clock.now())
    items = ItemAnalysisService(database, bank)
    judged = {i.question_id: i for i in await items.analyse(clock.now())}

    miskeyed = judged[chosen["miskeyed"].id]
    assert Flag.NEGATIVE in miskeyed.flags and Flag.STRONG_DISTRACTOR in miskeyed.flags
    assert judged[chosen["good"].id].flags == ()
    assert chosen["open"].id not in judged, "open in group 2: nothing of its answers shows"
    flagged = [i.question_id for i in await items.flagged(clock.now())]
    assert flagged == [chosen["miskeyed"].id]
