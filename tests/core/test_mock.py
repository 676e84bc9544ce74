import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from bot.core.mock import allot, draw_paper, verdict
from bot.core.selection import Candidate

WEIGHTS = {"a": 13.0, "b": 14.0, "c": 18.0, "d": 20.0, "e": 22.0, "f": 13.0}


def bank(per_domain: int) -> list[Candidate]:
    return [Candidate(f"{d}-{i}", d) for d in WEIGHTS for i in range(per_domain)]


@given(st.integers(10, 60))
def test_seats_add_up_and_follow_the_weights(total: int) -> None:
    seats = allot(WEIGHTS, total)
    assert sum(seats.values()) == total
    for domain, weight in WEIGHTS.items():
        assert abs(seats[domain] - total * weight / 100) < 1


def test_a_paper_has_no_duplicates_and_prefers_questions_not_seen_recently() -> None:
    active = bank(25)  # 15 fresh per section: enough for the largest section's 11 seats
    recent = {c.question_id for c in active if int(c.question_id.split("-")[1]) < 10}
    paper = draw_paper(active, WEIGHTS, recent, 50, random.Random(1))
    ids = [c.question_id for c in paper]
    assert len(ids) == len(set(ids)) == 50
    assert not any(i in recent for i in ids), "the bank allows a fresh paper"
    assert Counter(c.domain for c in paper) == Counter(allot(WEIGHTS, 50))


def test_a_focus_section_gets_most_seats_and_small_banks_are_filled_elsewhere() -> None:
    paper = draw_paper(bank(40), WEIGHTS, set(), 50, random.Random(2), focus="b")
    assert Counter(c.domain for c in paper)["b"] == 35
    small = [c for c in bank(40) if c.domain != "e" or c.question_id in {"e-0", "e-1"}]
    paper = draw_paper(small, WEIGHTS, set(), 50, random.Random(3))
    assert len(paper) == 50 and Counter(c.domain for c in paper)["e"] == 2


def test_the_verdict_states_its_uncertainty() -> None:
    assert verdict(48, 50).label == "likely ready"
    assert verdict(20, 50).label == "not yet"
    sure = verdict(36, 50)
    assert sure.label == "borderline" and sure.low < 0.7 < sure.high
    assert verdict(7, 10).high - verdict(7, 10).low > verdict(35, 50).high - verdict(35, 50).low
