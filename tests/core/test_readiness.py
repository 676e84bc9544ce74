from hypothesis import given
from hypothesis import strategies as st

from bot.core.readiness import DomainEvidence, focus_domains, wilson_lower_bound


def test_two_right_answers_are_weaker_evidence_than_forty_of_fifty() -> None:
    assert wilson_lower_bound(2, 2) < wilson_lower_bound(40, 50)
    assert wilson_lower_bound(0, 0) == 0.0


@given(st.integers(0, 200), st.integers(1, 200))
def test_the_bound_never_exceeds_the_observed_accuracy(correct: int, answered: int) -> None:
    correct = min(correct, answered)
    assert 0.0 <= wilson_lower_bound(correct, answered) <= correct / answered + 1e-12


def test_focus_combines_self_rating_and_accuracy() -> None:
    weights = {"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0}
    ratings = {"a": 5, "b": 5, "c": 2}
    results = {"a": (45, 50), "b": (2, 10), "c": (9, 10), "d": (30, 40)}
    focus = [e.domain for e in focus_domains(list(weights), ratings, results, weights)]
    assert focus == ["c", "b"], "c: rated 2/5 although 9 of 10; b: 2 of 10 although rated 5"


def test_with_no_evidence_the_heavier_domains_come_first() -> None:
    weights = {"a": 10.0, "b": 20.0, "c": 30.0}
    assert [e.domain for e in focus_domains(list(weights), {}, {}, weights)] == ["c", "b"]


def test_evidence_says_what_the_focus_rests_on() -> None:
    assert DomainEvidence("serving", 2, 1, 4).summary() == "self-rated 2/5, 1 of 4 right"
    assert DomainEvidence("serving", None, 0, 3).summary() == "0 of 3 right"
    assert DomainEvidence("serving", None, 0, 0).summary() == "no answers or rating yet"
