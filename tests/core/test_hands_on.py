from datetime import date

import pytest

from bot.core.errors import InvalidInput
from bot.core.hands_on import clean_reflection, is_finished, open_themes

START = date(2026, 3, 2)


def test_themes_open_as_the_plan_reaches_them_and_all_after_its_end() -> None:
    assert open_themes(START, None, date(2026, 3, 1)) == set()
    assert open_themes(START, None, date(2026, 3, 8)) == {1}
    assert open_themes(START, None, date(2026, 3, 9)) == {1, 2}
    assert open_themes(START, None, date(2026, 6, 1)) == set(range(1, 9))


def test_a_compressed_plan_opens_every_theme_its_week_merges() -> None:
    # Exam in the third week: themes 1–6 share week 1, then 7 and 8.
    assert open_themes(START, date(2026, 3, 18), date(2026, 3, 3)) == {1, 2, 3, 4, 5, 6}


def test_a_reflection_is_trimmed_cleared_when_empty_and_refused_past_500() -> None:
    assert clean_reflection("  learned a lot  ") == "learned a lot"
    assert clean_reflection("   ") is None
    with pytest.raises(InvalidInput) as refused:
        clean_reflection("x" * 501)
    assert "501" in refused.value.problems[0] and refused.value.echo == "x" * 501


def test_finished_means_every_step() -> None:
    assert is_finished([1, 2, 3], 3) and not is_finished([1, 3], 3) and not is_finished([], 0)
