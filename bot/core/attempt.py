"""Moving through a private mock exam: where Previous, Next and "Review flagged" lead, which
questions the jump menu lists, and how each question stands.

Pure rules shared by every adapter; the attempt service enforces time and ownership.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

#: The most questions a jump menu lists at once (Discord's select holds 25 options).
JUMP_MENU_SIZE = 25


class AttemptAction(StrEnum):
    """What a member does to their open attempt (``MockService.act``)."""

    ANSWER = "answer"
    FLAG = "flag"  # flag the question for review, or unflag it
    GOTO = "goto"  # show another question (Previous, Next, a jump, back from Submit…)
    SUBMIT = "submit"


class QuestionStatus(StrEnum):
    """How a question of the paper stands, as the jump menu shows it."""

    FLAGGED = "flagged"  # flagged, whether answered or not
    UNANSWERED = "unanswered"
    ANSWERED = "answered"


@dataclass(frozen=True)
class Navigation:
    """Where each way of moving on leads from one question; None where it leads nowhere."""

    previous: int | None
    next: int | None
    # The next flagged question after this one, wrapping round to the first flagged one
    # (which may be this very question).
    next_flagged: int | None
    jump: range  # the questions the jump menu lists, around this one


def navigation(position: int, total: int, flagged: Sequence[int]) -> Navigation:
    """How a member can move on from question ``position`` of ``total``; ``flagged`` in
    paper order."""
    after = [p for p in flagged if p > position]
    first = min(max(position - JUMP_MENU_SIZE // 2, 1), max(total - JUMP_MENU_SIZE + 1, 1))
    return Navigation(
        previous=position - 1 if position > 1 else None,
        next=position + 1 if position < total else None,
        next_flagged=after[0] if after else (flagged[0] if flagged else None),
        jump=range(first, min(first + JUMP_MENU_SIZE, total + 1)),
    )


def question_status(
    position: int, flagged: Collection[int], unanswered: Collection[int]
) -> QuestionStatus:
    if position in flagged:
        return QuestionStatus.FLAGGED
    if position in unanswered:
        return QuestionStatus.UNANSWERED
    return QuestionStatus.ANSWERED


def review_position(position: int, total: int) -> int:
    """The question a review step shows: ``position`` kept within the paper."""
    return min(max(position, 1), total)
