"""Practice drills (``/practice``): how long a drill is and which question it asks next.

Rules:
1. A drill asks 1–20 questions (10 unless the member says otherwise), never one twice, and
   never one the caller hides (the open daily question of the member's groups and the
   papers of mock nights that have not ended).
2. With a section, every question comes from that section.
3. Without one, sections follow the exam weights, with the member's weak sections weighted
   ``WEAK_BOOST`` times: most of a drill goes where the member needs it, yet no section is
   left out for long.
4. The draw is seeded by the caller (drill and position), so the question shown again after
   a restart is the one shown before.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence

from bot.core.errors import InvalidInput
from bot.core.selection import Candidate

MIN_COUNT = 1
MAX_COUNT = 20
DEFAULT_COUNT = 10
WEAK_BOOST = 3.0


def drill_length(count: int | None) -> int:
    """The number of questions asked for, checked (the default when none is given)."""
    if count is None:
        return DEFAULT_COUNT
    if not MIN_COUNT <= count <= MAX_COUNT:
        raise InvalidInput([f"A drill has {MIN_COUNT} to {MAX_COUNT} questions."])
    return count


def section_weights(weights: Mapping[str, float], weak: Collection[str]) -> dict[str, float]:
    """Each section's weight in a mixed drill: the exam weight, boosted for weak sections."""
    return {d: w * (WEAK_BOOST if d in weak else 1.0) for d, w in weights.items()}


def draw_question(
    candidates: Sequence[Candidate],
    weights: Mapping[str, float],
    weak: Collection[str],
    asked: Collection[str],
    rng: random.Random,
) -> Candidate | None:
    """The next question of a drill, or None when every candidate was asked already.
    ``candidates`` are the questions the drill may ask (hidden ones already left out)."""
    by_domain: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.question_id not in asked:
            by_domain.setdefault(candidate.domain, []).append(candidate)
    if not by_domain:
        return None
    boosted = section_weights(weights, weak)
    domains = sorted(by_domain)
    chances = [boosted.get(d, 0.0) for d in domains]
    if not any(chances):
        chances = [1.0] * len(domains)
    domain = rng.choices(domains, weights=chances)[0]
    return rng.choice(sorted(by_domain[domain], key=lambda c: c.question_id))
