"""The mistakes notebook: every revealed question a member got wrong."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.errors import InvalidInput
from bot.core.miss_reasons import LABELS, MissReason
from bot.core.review import is_flagged
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, ReviewCard
from bot.db.secrecy import revealed, unrevealed_questions
from bot.services.members import find_group, find_member
from bot.services.miss_tags import tags_of


@dataclass(frozen=True)
class Mistake:
    study_date: date
    question: Question
    pick: str
    reasoning: str | None
    confidence: int | None
    misses: int
    tag: MissReason | None = None  # why the member says they missed it

    @property
    def flagged(self) -> bool:
        return is_flagged(self.misses)


class MistakesService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    async def mistakes(self, guild_id: str, user_id: str, domain: str | None) -> list[Mistake]:
        """Newest first; only revealed questions (an open question is not a mistake yet)."""
        if domain is not None and domain not in self._bank.exam.weights:
            raise InvalidInput([f"“{domain}” is not an exam section."])
        async with self._db.unit_of_work() as session:
            group = await find_group(session, self._platform, guild_id)
            member = await find_member(session, self._platform, user_id)
            if group is None or member is None:
                return []
            query = (
                select(
                    DailyQuestion.study_date,
                    DailyQuestion.question_id,
                    Answer.pick,
                    Answer.reasoning,
                    Answer.confidence,
                )
                .join(Answer, Answer.daily_question_id == DailyQuestion.id)
                .where(
                    DailyQuestion.group_id == group.id,
                    Answer.member_id == member.id,
                    Answer.is_correct.is_(False),
                    revealed(),
                )
                .order_by(DailyQuestion.study_date.desc())
            )
            if domain is not None:
                query = query.where(DailyQuestion.domain == domain)
            rows = (await session.execute(query)).all()
            counted = await session.execute(
                select(ReviewCard.question_id, ReviewCard.misses).where(
                    ReviewCard.member_id == member.id
                )
            )
            misses = {question_id: count for question_id, count in counted}
            # A question the group sees again (a revisit) is open today: its key stays hidden.
            open_now = await unrevealed_questions(session, [group.id])
            tags = await tags_of(session, member.id, (row[1] for row in rows))
            found = []
            for day, question_id, pick, reasoning, confidence in rows:
                question = self._bank.get(question_id)
                if question is not None and question_id not in open_now:
                    found.append(
                        Mistake(
                            day,
                            question,
                            pick,
                            reasoning,
                            confidence,
                            misses.get(question_id, 1),
                            tags.get(question_id),
                        )
                    )
            return found


def no_mistakes_text(filtered: bool) -> str:
    """What an empty notebook (or an empty section of it) says."""
    return "No mistakes in your notebook" + (" for that section" if filtered else "") + " yet."


def mistakes_markdown(mistakes: list[Mistake], domain_names: dict[str, str]) -> str:
    """The notebook as a Markdown document (``/mistakes export``)."""
    lines = ["# My mistakes notebook", ""]
    if not mistakes:
        lines.append("No mistakes yet.")
    for m in mistakes:
        q = m.question
        lines += [
            f"## {m.study_date} · {domain_names.get(q.domain, q.domain)} · `{q.id}`"
            + (" · ⚑ missed 3 times or more" if m.flagged else ""),
            "",
            q.scenario,
            "",
            f"**{q.question}**",
            "",
            *[f"- **{letter}.** {q.options[letter]}" for letter in q.letters],
            "",
            f"- My pick: **{m.pick}** — right: **{', '.join(q.answer)}**",
            f"- My reasoning: {m.reasoning or '(none)'}"
            + (f" (confidence {m.confidence}/5)" if m.confidence else ""),
            f"- Deciding phrase: “{q.constraint}”",
            *([f"- Why I missed it: {LABELS[m.tag]}"] if m.tag else []),
            f"- Why: {q.explanation}",
            *[f"- Why not {letter}: {q.why_not[letter]}" for letter in sorted(q.why_not)],
            "",
        ]
    return "\n".join(lines)
