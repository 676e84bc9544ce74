"""Which question a group gets next.

Rules:
1. No question is repeated in a group until every active question has been used as often:
   candidates are the active questions with the fewest uses in this group (so the bank is
   exhausted before anything repeats, and questions added later are served first).
2. Domains follow the weights: among domains that still have candidates, the one furthest
   behind its weighted share of the group's history is chosen (a smooth weighted round robin).
3. Within the domain a question is drawn at random from a generator seeded by the caller,
   so the choice for (group, day) is reproducible.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    question_id: str
    domain: str


def choose_question(
    active: Sequence[Candidate],
    weights: Mapping[str, float],
    history: Sequence[Candidate],
    rng: random.Random,
) -> Candidate:
    """Pick the next question; ``history`` is what the group was asked before (any order)."""
    if not active:
        raise ValueError("the question bank has no active question")
    uses = Counter(item.question_id for item in history)
    fewest = min(uses[c.question_id] for c in active)
    candidates = [c for c in active if uses[c.question_id] == fewest]

    by_domain: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_domain.setdefault(candidate.domain, []).append(candidate)

    asked = Counter(item.domain for item in history)
    total_weight = sum(weights.get(d, 0.0) for d in by_domain) or 1.0
    total_asked = sum(asked[d] for d in by_domain)

    def deficit(domain: str) -> float:
        share = weights.get(domain, 0.0) / total_weight
        return share * (total_asked + 1) - asked[domain]

    best = max(deficit(d) for d in by_domain)
    leading = sorted(d for d in by_domain if abs(deficit(d) - best) < 1e-9)
    domain = rng.choice(leading)
    return rng.choice(sorted(by_domain[domain], key=lambda c: c.question_id))
