"""Practice drills: their length, and which question comes next."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from bot.core.errors import InvalidInput
from bot.core.practice import DEFAULT_COUNT, WEAK_BOOST, draw_question, drill_length
from bot.core.selection import Candidate

WEIGHTS = {"a": 0.5, "b": 0.25, "c": 0.25}
BANK = [Candidate(f"{d}-{n}", d) for d in WEIGHTS for n in range(40)]


@pytest.mark.parametrize("count", [1, 7, 20])
def test_a_drill_has_the_length_asked_for(count: int) -> None:
    assert drill_length(count) == count


def test_a_drill_without_a_length_has_the_default() -> None:
    assert drill_length(None) == DEFAULT_COUNT


@pytest.mark.parametrize("count", [0, -1, 21, 100])
def test_a_drill_outside_one_to_twenty_is_refused_with_the_range(count: int) -> None:
    with pytest.raises(InvalidInput, match="1 to 20"):
        drill_length(count)


def test_a_drill_never_asks_a_question_twice_and_ends_when_none_is_left() -> None:
    small = BANK[:5]
    asked: list[str] = []
    rng = random.Random(1)
    while (drawn := draw_question(small, WEIGHTS, [], asked, rng)) is not None:
        asked.append(drawn.question_id)
    assert sorted(asked) == sorted(c.question_id for c in small)


def test_weak_sections_are_drawn_more_often_than_their_exam_weight() -> None:
    def shares(weak: list[str]) -> Counter[str]:
        rng = random.Random(7)
        return Counter(
            drawn.domain
            for _ in range(3000)
            if (drawn := draw_question(BANK, WEIGHTS, weak, [], rng)) is not None
        )

    plain, boosted = shares([]), shares(["c"])
    # By exam weight "c" is a quarter of a drill; boosted, 0.75 / 1.25 = 60 %.
    assert 0.2 < plain["c"] / 3000 < 0.3
    expected = WEIGHTS["c"] * WEAK_BOOST / (1 - WEIGHTS["c"] + WEIGHTS["c"] * WEAK_BOOST)
    assert abs(boosted["c"] / 3000 - expected) < 0.04
    assert boosted["a"] and boosted["b"], "no section is left out"


def test_the_same_seed_draws_the_same_question() -> None:
    first = draw_question(BANK, WEIGHTS, ["b"], [], random.Random("practice:3:2:1"))
    again = draw_question(BANK, WEIGHTS, ["b"], [], random.Random("practice:3:2:1"))
    assert first == again
