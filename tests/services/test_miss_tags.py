"""Why I missed it: a tag exists only for a revealed miss, so it never tells anything about
an open question; "ran out of time" belongs to mocks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.errors import AnsweringClosed, InvalidInput
from bot.core.miss_reasons import MissReason
from bot.db.engine import Database
from bot.services.daily import DailyService
from bot.services.miss_tags import NOT_A_MISS, MissTagService
from bot.services.mock import AttemptView
from tests.services.test_secrecy import daily_question_of, paper_of, small_group


async def refusal(tags: MissTagService, user: str, question_id: str, code: str) -> str:
    with pytest.raises(InvalidInput) as refused:
        await tags.tag(user, question_id, code, datetime(2026, 3, 2, 12, tzinfo=UTC))
    return " ".join(refused.value.problems)


async def test_a_question_open_as_the_daily_cannot_be_tagged_by_anyone_until_its_reveal(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    tiny, mocks, runner = await small_group(database, bank, clock)
    tags = MissTagService(database, tiny, "discord")
    # A mock with the whole bank: "miss" gets every question wrong, "hit" every one right.
    # The day's question at 09:00 then necessarily comes from its paper.
    night = await mocks.schedule("100", "2026-03-02", "06:30", 12, 30, None, clock.now())
    clock.set(datetime(2026, 3, 2, 6, 30, tzinfo=UTC))
    await runner.run_due()
    paper = await paper_of(database, night.id)
    for user, right in (("miss", False), ("hit", True)):
        attempt = await mocks.start("100", user, user, night.id, clock.now())
        assert isinstance(attempt, AttemptView)
        for position, question_id in enumerate(paper, start=1):
            q = tiny.questions[question_id]
            pick = list(q.answer) if right else [x for x in q.letters if x not in q.answer][:1]
            if len(pick) == q.choose:
                await mocks.act(user, attempt.attempt_id, "answer", position, pick, clock.now())
        await mocks.act(user, attempt.attempt_id, "submit", 1, [], clock.now())
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await runner.run_due()
    daily = await daily_question_of(database, clock.now())
    assert daily.question_id in paper

    # While it is open: the member who missed it in the mock and the one who got it right
    # get the very same answer, so a tag button tells nothing about the key.
    for code in (MissReason.CONSTRAINT.value, MissReason.TIME.value, "0"):
        assert await refusal(tags, "miss", daily.question_id, code) == NOT_A_MISS
        assert await refusal(tags, "hit", daily.question_id, code) == NOT_A_MISS
    with pytest.raises(AnsweringClosed):
        await tags.my_result("100", "miss", daily.id)
    step = await mocks.review("miss", 1, paper.index(daily.question_id) + 1)
    assert not step.missed, "no tag buttons under a hidden key"

    # Another mock miss, revealed at submit, can be tagged now; ran out of time included.
    other = next(q for q in paper if q != daily.question_id)
    assert await tags.tag("miss", other, "t", clock.now()) is MissReason.TIME
    assert await refusal(tags, "hit", other, "c") == NOT_A_MISS, "a right answer is no miss"

    clock.set(datetime(2026, 3, 2, 20, 0, tzinfo=UTC))
    await runner.run_due()
    assert await tags.tag("miss", daily.question_id, "c", clock.now()) is MissReason.CONSTRAINT
    assert await refusal(tags, "hit", daily.question_id, "c") == NOT_A_MISS


async def test_ran_out_of_time_is_for_mock_misses_only(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    tiny, _mocks, runner = await small_group(database, bank, clock)
    tags = MissTagService(database, tiny, "discord")
    daily_service = DailyService(database, tiny, "discord")
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await runner.run_due()
    daily = await daily_question_of(database, clock.now())
    q = tiny.questions[daily.question_id]
    wrong = [x for x in q.letters if x not in q.answer][: q.choose]
    await daily_service.record_answer("100", "miss", "Ada", daily.id, wrong, clock.now())
    clock.set(datetime(2026, 3, 2, 20, 0, tzinfo=UTC))
    await runner.run_due()

    result = await tags.my_result("100", "miss", daily.id)
    assert result.missed and result.tag is None
    assert await refusal(tags, "miss", q.id, MissReason.TIME.value) == NOT_A_MISS
    assert await tags.tag("miss", q.id, "m", clock.now()) is MissReason.MISREAD
    assert (await tags.my_result("100", "miss", daily.id)).tag is MissReason.MISREAD
    assert await tags.tag("miss", q.id, "0", clock.now()) is None
    assert (await tags.my_result("100", "miss", daily.id)).tag is None
