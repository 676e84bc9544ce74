"""Item analysis through the service, on a real database: revealed answers of every group,
judged against the bank's key; a question still open anywhere is left out."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.clock import FakeClock
from bot.core.items import Flag
from bot.core.states import DailyState
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, Group, Member
from bot.services.items import ItemAnalysisService

MEMBERS = 40
START = date(2026, 3, 2)


def wrong(q: Question, n: int = 0) -> str:
    return [x for x in q.letters if x not in q.answer][n % 3]


async def seed(database: Database, bank: Bank, now: datetime) -> dict[str, Question]:
    """Two groups and forty members. Group 1 revealed twenty sound questions (member m gets
    the first m // 2 right), a good one, a miskeyed-looking one (strong members all choose
    the same wrong option) and one more that looks miskeyed but is group 2's open question."""
    singles = [q for q in bank.active if q.choose == 1]
    background, (good, miskeyed, open_elsewhere) = singles[:20], singles[20:23]
    async with database.unit_of_work() as session:
        groups = [
            Group(
                platform="discord",
                external_id=str(g),
                channel_id="1",
                timezone="UTC",
                post_time="09:00",
                reveal_time="20:00",
                plan_start=START,
                created_at=now,
                updated_at=now,
            )
            for g in (1, 2)
        ]
        members = [
            Member(
                platform="discord", external_id=str(100 + m), display_name=f"m{m}", created_at=now
            )
            for m in range(MEMBERS)
        ]
        session.add_all([*groups, *members])
        await session.flush()

        async def day(group: Group, number: int, q: Question, state: DailyState) -> DailyQuestion:
            daily = DailyQuestion(
                group_id=group.id,
                study_date=START + timedelta(days=number),
                timezone="UTC",
                question_id=q.id,
                domain=q.domain,
                state=state,
                channel_id="1",
                claimed_at=now,
                reveal_at=now,
            )
            session.add(daily)
            await session.flush()
            return daily

        def answer(daily: DailyQuestion, m: int, pick: str, q: Question) -> None:
            session.add(
                Answer(
                    daily_question_id=daily.id,
                    member_id=members[m].id,
                    pick=pick,
                    is_correct=pick == q.answer[0],
                    first_answered_at=now,
                    answered_at=now,
                )
            )

        for number, q in enumerate(background):
            daily = await day(groups[0], number, q, DailyState.REVEALED)
            for m in range(MEMBERS):
                answer(daily, m, q.answer[0] if number < m // 2 else wrong(q), q)
        for number, (q, strong_pick) in enumerate(
            [(good, None), (miskeyed, "wrong"), (open_elsewhere, "wrong")], start=20
        ):
            daily = await day(groups[0], number, q, DailyState.REVEALED)
            for m in range(MEMBERS):
                if m >= 20:
                    pick = q.answer[0] if strong_pick is None else wrong(q)
                else:
                    pick = wrong(q, m) if strong_pick is None else q.answer[0]
                answer(daily, m, pick, q)
        await day(groups[1], 0, open_elsewhere, DailyState.POSTED)
    return {"good": good, "miskeyed": miskeyed, "open": open_elsewhere}


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
