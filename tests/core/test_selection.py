import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.selection import Candidate, choose_question

WEIGHTS = {"a": 50.0, "b": 30.0, "c": 20.0}


def bank(sizes: dict[str, int]) -> list[Candidate]:
    return [Candidate(f"{d}-{i}", d) for d, n in sizes.items() for i in range(n)]


def run(active: list[Candidate], days: int, seed: int = 1) -> list[Candidate]:
    history: list[Candidate] = []
    for day in range(days):
        history.append(choose_question(active, WEIGHTS, history, random.Random(f"{seed}:{day}")))
    return history


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1, 12), st.integers(0, 1000))
@settings(max_examples=60, deadline=None)
def test_no_question_repeats_until_the_bank_is_exhausted(a: int, b: int, c: int, seed: int) -> None:
    active = bank({"a": a, "b": b, "c": c})
    history = run(active, 2 * len(active), seed)
    first_cycle = history[: len(active)]
    assert len({q.question_id for q in first_cycle}) == len(active)
    second_cycle = history[len(active) :]
    assert len({q.question_id for q in second_cycle}) == len(active)


def test_domains_follow_the_weights_while_every_domain_has_questions() -> None:
    active = bank({"a": 100, "b": 100, "c": 100})
    counts = Counter(q.domain for q in run(active, 100))
    assert counts == {"a": 50, "b": 30, "c": 20}


def test_questions_added_later_are_served_before_repeats() -> None:
    active = bank({"a": 3, "b": 3, "c": 3})
    history = run(active, 9)
    newcomer = Candidate("b-new", "b")
    picked = choose_question([*active, newcomer], WEIGHTS, history, random.Random(0))
    assert picked == newcomer


def test_the_same_seed_gives_the_same_question() -> None:
    active = bank({"a": 5, "b": 5, "c": 5})
    one = choose_question(active, WEIGHTS, [], random.Random("7:2026-03-02"))
    two = choose_question(active, WEIGHTS, [], random.Random("7:2026-03-02"))
    assert one == two
