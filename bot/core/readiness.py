"""Judging strengths and weaknesses with the evidence in mind.

A domain answered twice is not "strong": accuracy is judged by the lower bound of its
Wilson score interval, which stays low until there are enough answers to trust it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Z = 1.0  # about a 68% interval: strict enough to distrust tiny samples, not harsh
UNKNOWN = 0.5  # a domain with no evidence at all sits in the middle


def wilson_interval(correct: int, answered: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval for ``correct`` out of ``answered`` (0–1 when no answers)."""
    if answered <= 0:
        return 0.0, 1.0
    p = correct / answered
    denominator = 1 + z * z / answered
    centre = p + z * z / (2 * answered)
    margin = z * math.sqrt(p * (1 - p) / answered + z * z / (4 * answered * answered))
    return max((centre - margin) / denominator, 0.0), min((centre + margin) / denominator, 1.0)


def wilson_lower_bound(correct: int, answered: int, z: float = Z) -> float:
    """Lower bound of the Wilson score interval: a cautious estimate of accuracy."""
    return wilson_interval(correct, answered, z)[0]


@dataclass(frozen=True)
class DomainEvidence:
    domain: str
    self_rating: int | None  # 1–5 from /assess
    correct: int
    answered: int

    @property
    def score(self) -> float:
        """0 (weak) … 1 (strong) from self-rating and measured accuracy together."""
        parts = []
        if self.self_rating is not None:
            parts.append((self.self_rating - 1) / 4)
        if self.answered:
            parts.append(wilson_lower_bound(self.correct, self.answered))
        return sum(parts) / len(parts) if parts else UNKNOWN

    def summary(self) -> str:
        """What the judgement rests on: "self-rated 3/5, 2 of 4 right"."""
        parts = []
        if self.self_rating is not None:
            parts.append(f"self-rated {self.self_rating}/5")
        if self.answered:
            parts.append(f"{self.correct} of {self.answered} right")
        return ", ".join(parts) or "no answers or rating yet"


def focus_domains(
    domains: Sequence[str],
    ratings: Mapping[str, int],
    results: Mapping[str, tuple[int, int]],
    weights: Mapping[str, float],
    count: int = 2,
) -> list[DomainEvidence]:
    """The ``count`` weakest domains; ties go to the domain with more exam weight."""
    evidence = [DomainEvidence(d, ratings.get(d), *results.get(d, (0, 0))) for d in domains]
    evidence.sort(key=lambda e: (e.score, -weights.get(e.domain, 0.0), e.domain))
    return evidence[:count]
