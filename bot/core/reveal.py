"""What a reveal shows about the group: how it split over the options, whose reasonings are
quoted, and whose streak reached a milestone.

Pure rules: the reveal service loads the day's answers, these functions decide, and the
service writes the reveal card from what they return.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.scoring import pick_letters
from bot.core.streaks import is_milestone

QUOTES_IN_REVEAL = 3


@dataclass(frozen=True)
class GroupAnswer:
    """One member's answer to the day's question, as the reveal sees it."""

    member_external_id: str
    member_name: str
    pick: str
    correct: bool
    confidence: int | None
    reasoning: str | None
    first_answered_at: datetime
    quote_anonymously: bool = False


@dataclass(frozen=True)
class OptionSplit:
    """How many members picked one option, and whether it is a right one."""

    letter: str
    text: str
    count: int
    correct: bool


@dataclass(frozen=True)
class Quote:
    """A member's reasoning shown at the reveal; ``member_external_id`` None means anonymous.

    ``member_name`` is the member's display name, for platforms that cannot show a mention
    without notifying the member (Slack)."""

    member_external_id: str | None
    pick: str
    correct: bool
    confidence: int | None
    reasoning: str
    member_name: str | None = None


@dataclass(frozen=True)
class Milestone:
    member_external_id: str
    days: int
    member_name: str = ""


def split(
    answers: Sequence[GroupAnswer], options: Mapping[str, str], right: Collection[str]
) -> list[OptionSplit]:
    """Each option (in ``options``' order) with how many members picked it: a pick of several
    letters counts for each of them, and an option nobody picked shows 0."""
    counts = dict.fromkeys(options, 0)
    for answer in answers:
        for letter in pick_letters(answer.pick):
            counts[letter] = counts.get(letter, 0) + 1
    return [
        OptionSplit(letter, text, counts[letter], letter in right)
        for letter, text in options.items()
    ]


def choose_quotes(answers: Sequence[GroupAnswer], limit: int = QUOTES_IN_REVEAL) -> list[Quote]:
    """A few reasonings worth reading: the most confident right one and the most confident
    wrong one first (earlier answer first on a tie), then the earliest of the rest.

    Only answers with a reasoning are quoted; a member who asked for it is quoted without
    their name. ``answers`` come in the order they were first given."""
    with_reasoning = [a for a in answers if a.reasoning]
    with_reasoning.sort(key=lambda a: (-(a.confidence or 0), a.first_answered_at))
    right = [a for a in with_reasoning if a.correct]
    wrong = [a for a in with_reasoning if not a.correct]
    chosen: list[GroupAnswer] = []
    for pool in (right, wrong):
        if pool:
            chosen.append(pool.pop(0))
    rest = sorted(right + wrong, key=lambda a: a.first_answered_at)
    chosen.extend(rest[: max(limit - len(chosen), 0)])
    return [_quote(a) for a in chosen[:limit]]


def _quote(answer: GroupAnswer) -> Quote:
    anonymous = answer.quote_anonymously
    return Quote(
        member_external_id=None if anonymous else answer.member_external_id,
        pick=answer.pick,
        correct=answer.correct,
        confidence=answer.confidence,
        reasoning=answer.reasoning or "",
        member_name=None if anonymous else answer.member_name,
    )


def milestones(answers: Sequence[GroupAnswer], streaks: Mapping[str, int]) -> list[Milestone]:
    """Members whose streak reached a milestone with today's answer, in answer order;
    ``streaks`` holds the current streak of each member whose streak counted today."""
    reached = []
    for answer in answers:
        days = streaks.get(answer.member_external_id)
        if days is not None and is_milestone(days):
            reached.append(Milestone(answer.member_external_id, days, answer.member_name))
    return reached
