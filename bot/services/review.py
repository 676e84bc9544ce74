"""Spaced review of missed questions (``/review``), scheduled with FSRS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.errors import AnsweringClosed, NotFound, UserFacingError
from bot.core.miss_reasons import MissReason
from bot.core.review import grade, is_flagged, needs_review, new_card
from bot.core.scoring import is_correct, validate_pick
from bot.core.text import plural, verb
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, ReviewCard
from bot.db.secrecy import unrevealed_for_member
from bot.services.members import find_member
from bot.services.miss_tags import tags_of

NOTHING_DUE = (
    "Nothing to review right now 🎉 Missed questions (and ones you got right but were unsure "
    "of) come back here on a spaced schedule."
)


def review_reminder_text(due: int, command: str, where: str) -> str:
    """The once-a-day reminder DM; ``command`` and ``where`` name the platform's review
    command and the place it is run."""
    return (
        f"📚 {plural(due, 'question')} {verb(due, 'is', 'are')} due for review today. Run "
        f"`{command}` {where}: a few minutes now keeps {verb(due, 'it', 'them')} from slipping "
        "away."
    )


ALREADY_REVIEWED = "You already answered this review card; your answer counted once."


class AlreadyReviewed(UserFacingError):
    """The card was graded since it was shown (a second click, or one from before a restart)."""


@dataclass(frozen=True)
class ReviewItem:
    card_id: int
    question: Question
    misses: int
    due_count: int  # cards due now, this one included
    reviews: int = 0  # how often the card was graded before: names this showing of it

    @property
    def flagged(self) -> bool:
        return is_flagged(self.misses)


@dataclass(frozen=True)
class ReviewResult:
    card_id: int
    question: Question
    pick: str
    correct: bool
    next_due: datetime
    misses: int
    remaining_due: int
    tag: MissReason | None = None  # after a miss: why the member says they missed it

    @property
    def flagged(self) -> bool:
        return is_flagged(self.misses)

    @property
    def why_not(self) -> list[tuple[str, str]]:
        """After a miss: why each wrongly picked option is wrong, by letter."""
        if self.correct:
            return []
        return [
            (x, self.question.why_not[x])
            for x in self.pick.split(",")
            if x in self.question.why_not
        ]


async def schedule_reviews(session: AsyncSession, daily: DailyQuestion, now: datetime) -> None:
    """At a reveal: grade the review cards of everyone who answered, and create the cards a
    miss or an unsure right answer calls for (the rule of :func:`grade_or_create`).

    Set-based: one read of the answers with their cards, one UPDATE executed for all graded
    cards and one INSERT for all new ones, so a reveal costs a few statements whatever the
    size of the group (member by member, a 500-member reveal took 1.7 s)."""
    rows = (
        await session.execute(
            select(
                Answer.member_id,
                Answer.is_correct,
                Answer.confidence,
                ReviewCard.id.label("card_id"),
                ReviewCard.state,
            )
            .outerjoin(
                ReviewCard,
                (ReviewCard.member_id == Answer.member_id)
                & (ReviewCard.question_id == daily.question_id),
            )
            .where(Answer.daily_question_id == daily.id)
        )
    ).all()
    first_state, first_due = new_card(now)
    graded: list[dict[str, object]] = []
    created: list[dict[str, object]] = []
    for row in rows:
        if row.card_id is not None:
            state, due = grade(row.state, row.is_correct, now)
            missed = 0 if row.is_correct else 1
            graded.append(
                {"card_id": row.card_id, "new_state": state, "new_due": due, "missed": missed}
            )
        elif needs_review(row.is_correct, row.confidence):
            created.append(
                {
                    "member_id": row.member_id,
                    "question_id": daily.question_id,
                    "state": first_state,
                    "due": first_due,
                    "misses": 0 if row.is_correct else 1,
                    "reviews": 0,
                    "created_at": now,
                }
            )
    if graded:
        await session.execute(_GRADE_CARD, graded)
    if created:
        await session.execute(insert(_CARDS), created)


_CARDS = cast(Table, ReviewCard.__table__)
_GRADE_CARD = (
    update(_CARDS)
    .where(_CARDS.c.id == bindparam("card_id"))
    .values(
        state=bindparam("new_state"),
        due=bindparam("new_due"),
        misses=_CARDS.c.misses + bindparam("missed"),
        reviews=_CARDS.c.reviews + 1,
    )
)


async def grade_or_create(
    session: AsyncSession,
    member_id: int,
    question_id: str,
    correct: bool,
    confidence: int | None,
    now: datetime,
) -> None:
    """Meeting a question again (daily or mock) counts as a review of its card; a miss or an
    unsure right answer creates the card."""
    card = await session.scalar(
        select(ReviewCard).where(
            ReviewCard.member_id == member_id, ReviewCard.question_id == question_id
        )
    )
    if card is not None:
        card.state, card.due = grade(card.state, correct, now)
        card.misses += 0 if correct else 1
        card.reviews += 1
    elif needs_review(correct, confidence):
        state, due = new_card(now)
        session.add(
            ReviewCard(
                member_id=member_id,
                question_id=question_id,
                state=state,
                due=due,
                misses=0 if correct else 1,
                reviews=0,
                created_at=now,
            )
        )
        await session.flush()


class ReviewService:
    def __init__(self, database: Database, bank: Bank, platform: str) -> None:
        self._db = database
        self._bank = bank
        self._platform = platform

    async def next_due(self, user_id: str, now: datetime) -> ReviewItem | None:
        async with self._db.unit_of_work() as session:
            member = await find_member(session, self._platform, user_id)
            if member is None:
                return None
            due = await due_cards(session, member.id, now)
            for card in due:
                question = self._bank.get(card.question_id)
                if question is not None and not question.retired:
                    return ReviewItem(card.id, question, card.misses, len(due), card.reviews)
            return None

    async def answer(
        self,
        user_id: str,
        card_id: int,
        letters: list[str],
        now: datetime,
        shown_reviews: int | None = None,
    ) -> ReviewResult:
        """Grade a review answer: only the card's owner may answer it. ``shown_reviews`` is
        the card's review count when it was shown: a card graded since then is not graded
        again (a repeated click counts once)."""
        async with self._db.unit_of_work() as session:
            member = await find_member(session, self._platform, user_id)
            card = await session.get(ReviewCard, card_id)
            if member is None or card is None or card.member_id != member.id:
                raise NotFound("That review card is not yours.")
            if shown_reviews is not None and card.reviews != shown_reviews:
                raise AlreadyReviewed(ALREADY_REVIEWED)
            question = self._bank.get(card.question_id)
            if question is None:
                raise NotFound("That question is no longer in the bank.")
            hidden = await unrevealed_for_member(session, member.id)
            if card.question_id in hidden:
                raise AnsweringClosed(
                    "This question is open in your study group right now: answer it there, "
                    "and it comes back for review after the reveal."
                )
            pick = validate_pick(letters, question.choose, question.letters)
            correct = is_correct(pick, question.answer)
            state, due = grade(card.state, correct, now)
            # Graded only if nobody graded it since it was read: of two clicks racing on
            # one showing, one counts.
            graded = await session.execute(
                update(ReviewCard)
                .where(ReviewCard.id == card.id, ReviewCard.reviews == card.reviews)
                .values(
                    state=state,
                    due=due,
                    misses=ReviewCard.misses + (0 if correct else 1),
                    reviews=ReviewCard.reviews + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if not getattr(graded, "rowcount", 0):
                raise AlreadyReviewed(ALREADY_REVIEWED)
            await session.refresh(card)
            remaining = len(await due_cards(session, member.id, now, hidden))
            tag = (
                None
                if correct
                else (await tags_of(session, member.id, [question.id])).get(question.id)
            )
            return ReviewResult(
                card.id, question, pick, correct, card.due, card.misses, remaining, tag
            )


async def due_cards(
    session: AsyncSession, member_id: int, now: datetime, hidden: set[str] | None = None
) -> list[ReviewCard]:
    """The member's cards due now, oldest first, leaving out any question that is open in one
    of the member's groups (its key would show before the reveal). ``hidden``: those open
    questions when the caller has already read them in this unit of work."""
    if hidden is None:
        hidden = await unrevealed_for_member(session, member_id)
    return list(
        (
            await session.scalars(
                select(ReviewCard)
                .where(
                    ReviewCard.member_id == member_id,
                    ReviewCard.due <= now,
                    ReviewCard.question_id.not_in(hidden),
                )
                .order_by(ReviewCard.due, ReviewCard.id)
            )
        ).all()
    )
