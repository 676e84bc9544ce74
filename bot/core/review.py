"""Spaced review with FSRS (the ``fsrs`` package): which missed questions come back when.

A card is created when a member misses a question, or gets it right while saying they were
unsure (confidence 1–2). Its first review is a day later; after that FSRS schedules it from
how each review went (right = Good, wrong = Again).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler

FIRST_REVIEW_AFTER = timedelta(days=1)
LOW_CONFIDENCE = 2
FLAG_AFTER_MISSES = 3
# No learning steps: a card is born from a reveal the member already studied, so its first
# review a day later is a real recall test and a right answer moves it days ahead. A miss
# keeps FSRS's short relearning step, so it comes back within the same review session.
_SCHEDULER = Scheduler(learning_steps=(), enable_fuzzing=False)


def needs_review(correct: bool, confidence: int | None) -> bool:
    """Missed, or right but unsure."""
    return not correct or (confidence is not None and confidence <= LOW_CONFIDENCE)


def new_card(now: datetime) -> tuple[str, datetime]:
    """A fresh card's state (JSON) and its first due time."""
    due = now + FIRST_REVIEW_AFTER
    card = Card(due=due)
    return json.dumps(card.to_dict()), due


def grade(state: str, correct: bool, now: datetime) -> tuple[str, datetime]:
    """The card after a review at ``now``; returns the new state and when it is due next."""
    card = Card.from_dict(json.loads(state))
    card, _log = _SCHEDULER.review_card(card, Rating.Good if correct else Rating.Again, now)
    return json.dumps(card.to_dict()), card.due


def is_flagged(misses: int) -> bool:
    """Missed three times or more: worth a closer look."""
    return misses >= FLAG_AFTER_MISSES
