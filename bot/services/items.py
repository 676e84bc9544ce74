"""Item analysis over every group's revealed daily answers (rules in :mod:`bot.core.items`).

Correctness is judged against the bank's *current* key, so a question whose key an author
fixed is judged afresh. A question that is open anywhere (a group's daily question before
its reveal, or on a mock paper whose window has not ended) is left out entirely.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.content.loader import Bank
from bot.core.items import ItemStats, Key, Response, analyse
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion
from bot.db.secrecy import kept_secret_anywhere, revealed


class ItemAnalysisService:
    def __init__(self, database: Database, bank: Bank) -> None:
        self._db = database
        self._bank = bank

    async def analyse(self, now: datetime) -> list[ItemStats]:
        """Every answered question of the bank, the broken-looking first."""
        async with self._db.unit_of_work() as session:
            secret = await kept_secret_anywhere(session, now)
            rows = await session.execute(
                select(DailyQuestion.question_id, Answer.member_id, Answer.pick)
                .join(DailyQuestion, DailyQuestion.id == Answer.daily_question_id)
                .where(revealed())
            )
            responses = [Response(qid, member, pick) for qid, member, pick in rows]
        keys = {
            q.id: Key(tuple(q.letters), q.answer_set)
            for q in self._bank.questions.values()
            if q.id not in secret
        }
        return analyse(responses, keys)

    async def flagged(self, now: datetime) -> list[ItemStats]:
        """The questions that look broken, for organisers beside the member reports."""
        return [item for item in await self.analyse(now) if item.flags]
