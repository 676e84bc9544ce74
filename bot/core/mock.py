"""Mock-exam nights: drawing the paper, and judging a result honestly.

Rules:
- The paper follows the exam weights (or a focus section: 70% from it, the rest by weight);
  seats per section are allotted by largest remainder so they add up exactly.
- Within a section, questions the group saw recently are used last, so a mock tests recall
  of reasoning rather than memory of yesterday's question.
- Everyone in a night has the same window: it opens at the start time and every attempt ends
  at the window's end, whenever the member started (late starters have less time).
- The pass mark is not published; we judge against a working target of 70% and say how sure
  we are with a Wilson interval on the score.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.plan import focus_weights
from bot.core.readiness import wilson_interval
from bot.core.selection import Candidate

TARGET = 0.70
VERDICT_Z = 1.645
MIN_QUESTIONS, MAX_QUESTIONS, DEFAULT_QUESTIONS = 10, 60, 50
MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 15, 180, 120


def allot(weights: Mapping[str, float], total: int) -> dict[str, int]:
    """Seats per domain in proportion to the weights, adding up to ``total`` exactly."""
    weight_sum = sum(weights.values()) or 1.0
    exact = {d: total * w / weight_sum for d, w in weights.items()}
    seats = {d: int(x) for d, x in exact.items()}
    leftover = total - sum(seats.values())
    for domain in sorted(exact, key=lambda d: (-(exact[d] - seats[d]), d))[:leftover]:
        seats[domain] += 1
    return seats


def draw_paper(
    active: Sequence[Candidate],
    weights: Mapping[str, float],
    recent: set[str],
    count: int,
    rng: random.Random,
    focus: str | None = None,
) -> list[Candidate]:
    """The mock's questions in the order they are asked (shuffled across sections)."""
    effective = focus_weights(weights, [focus]) if focus else dict(weights)
    by_domain: dict[str, list[Candidate]] = {}
    for candidate in sorted(active, key=lambda c: c.question_id):
        by_domain.setdefault(candidate.domain, []).append(candidate)
    for pool in by_domain.values():
        rng.shuffle(pool)
        pool.sort(key=lambda c: c.question_id in recent)  # fresh ones first, stable
    seats = allot({d: w for d, w in effective.items() if by_domain.get(d)}, count)
    paper: list[Candidate] = []
    spare: list[Candidate] = []
    for domain, pool in by_domain.items():
        take = min(seats.get(domain, 0), len(pool))
        paper += pool[:take]
        spare += pool[take:]
    spare.sort(key=lambda c: c.question_id in recent)
    paper += spare[: max(count - len(paper), 0)]  # a small section's seats go elsewhere
    rng.shuffle(paper)
    return paper


@dataclass(frozen=True)
class Verdict:
    score: float
    low: float
    high: float
    label: str
    text: str


def verdict(correct: int, total: int) -> Verdict:
    """How a mock score reads against the working 70% target, with its uncertainty."""
    score = correct / total if total else 0.0
    low, high = wilson_interval(correct, total, VERDICT_Z)
    if low >= TARGET:
        label = "likely ready"
        text = "Even the cautious end of the range clears the 70% working target."
    elif high < TARGET:
        label = "not yet"
        text = "Even the hopeful end of the range stays under the 70% working target."
    else:
        label = "borderline"
        text = (
            "The range straddles the 70% working target: one mock cannot tell; take "
            "another and work on your weakest sections."
        )
    return Verdict(score, low, high, label, text)
