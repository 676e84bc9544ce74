"""Moving through a private mock exam: Previous, Next, "Review flagged" and the jump menu."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.attempt import (
    JUMP_MENU_SIZE,
    QuestionStatus,
    navigation,
    question_status,
    review_position,
)


def test_previous_and_next_stop_at_the_ends_of_the_paper() -> None:
    assert (navigation(1, 10, []).previous, navigation(1, 10, []).next) == (None, 2)
    assert (navigation(5, 10, []).previous, navigation(5, 10, []).next) == (4, 6)
    assert (navigation(10, 10, []).previous, navigation(10, 10, []).next) == (9, None)
    assert (navigation(1, 1, []).previous, navigation(1, 1, []).next) == (None, None)


def test_review_flagged_goes_to_the_next_flagged_question_and_wraps_round() -> None:
    assert navigation(3, 10, [2, 5, 8]).next_flagged == 5
    assert navigation(8, 10, [2, 5, 8]).next_flagged == 2, "past the last one: back to the first"
    assert navigation(5, 10, [5]).next_flagged == 5, "the only flagged one is this one"
    assert navigation(5, 10, []).next_flagged is None, "nothing flagged: nowhere to go"


@pytest.mark.parametrize(
    ("position", "total", "listed"),
    [
        (1, 10, range(1, 11)),  # a short paper: every question
        (1, 60, range(1, 26)),
        (30, 60, range(18, 43)),  # the current question in the middle
        (60, 60, range(36, 61)),  # near the end: the last 25
    ],
)
def test_the_jump_menu_lists_up_to_25_questions_around_the_current_one(
    position: int, total: int, listed: range
) -> None:
    assert navigation(position, total, []).jump == listed


@given(st.integers(1, 80).flatmap(lambda total: st.tuples(st.integers(1, total), st.just(total))))
def test_the_jump_menu_always_holds_the_current_question_and_fits(pair: tuple[int, int]) -> None:
    position, total = pair
    jump = navigation(position, total, []).jump
    assert position in jump
    assert len(jump) == min(total, JUMP_MENU_SIZE)
    assert jump.start >= 1 and jump.stop - 1 <= total


def test_a_flagged_question_shows_as_flagged_even_when_unanswered() -> None:
    assert question_status(3, flagged=[3], unanswered=[3]) is QuestionStatus.FLAGGED
    assert question_status(4, flagged=[3], unanswered=[4]) is QuestionStatus.UNANSWERED
    assert question_status(5, flagged=[3], unanswered=[4]) is QuestionStatus.ANSWERED


def test_a_review_step_outside_the_paper_shows_its_first_or_last_question() -> None:
    assert [review_position(p, 10) for p in (0, 1, 7, 10, 11)] == [1, 1, 7, 10, 10]
