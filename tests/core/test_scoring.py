"""Pick validation: one rule for daily questions, review cards and mock exams."""

from __future__ import annotations

import pytest

from bot.core.errors import InvalidInput
from bot.core.scoring import validate_pick


def test_a_valid_pick_is_normalised() -> None:
    assert validate_pick(["c", " a "], 2, ["A", "B", "C", "D"]) == "A,C"


@pytest.mark.parametrize("letters", [["A"], ["A", "B", "C"], ["A", "F"], []])
def test_a_pick_of_the_wrong_size_or_letters_is_refused_with_what_is_valid(
    letters: list[str],
) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_pick(letters, 2, ["A", "B", "C", "D", "E"], " for this question")
    assert "Pick exactly 2 of A, B, C, D, E for this question." in str(refused.value)
