"""Revealed answers of forty members written straight into the database: the history item
analysis judges, shared by its service, command-line and end-to-end tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.states import DailyState
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, Group, Member

MEMBERS = 40
START = date(2026, 3, 2)


def wrong(q: Question, n: int = 0) -> str:
    return [x for x in q.letters if x not in q.answer][n % 3]


async def seed(
    database: Database, bank: Bank, now: datetime, platform: str = "discord"
) -> dict[str, Question]:
    """Two groups and forty members. Group 1 revealed twenty sound questions (member m gets
    the first m // 2 right), a good one, a miskeyed-looking one (strong members all choose
    the same wrong option) and one more that looks miskeyed but is group 2's open question.
    The groups and members are of ``platform`` (another one keeps them out of a running
    bot's schedule)."""
    singles = [q for q in bank.active if q.choose == 1]
    background, (good, miskeyed, open_elsewhere) = singles[:20], singles[20:23]
    async with database.unit_of_work() as session:
        groups = [
            Group(
                platform=platform,
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
                platform=platform, external_id=str(100 + m), display_name=f"m{m}", created_at=now
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
