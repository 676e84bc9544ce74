"""The reasons for a miss and what a member's (or a group's) pattern says."""

from __future__ import annotations

import pytest

from bot.core.miss_reasons import (
    SUGGESTIONS,
    MissReason,
    group_pattern_text,
    member_pattern_text,
    miss_pattern,
    parse_reason,
    reasons,
)


def test_running_out_of_time_is_offered_in_mocks_only() -> None:
    assert MissReason.TIME not in reasons(mock=False)
    assert reasons(mock=True) == list(MissReason)


def test_every_reason_has_its_own_suggestion() -> None:
    assert set(SUGGESTIONS) == set(MissReason)
    assert len(set(SUGGESTIONS.values())) == len(MissReason)


def test_the_pattern_names_the_most_frequent_reason_with_its_share_and_suggestion() -> None:
    pattern = miss_pattern({MissReason.CONSTRAINT: 7, MissReason.MISREAD: 3, MissReason.TIME: 2})
    assert pattern is not None
    text = member_pattern_text(pattern)
    assert text.startswith("Most misses: overlooked the constraint — 7 of 12")
    assert SUGGESTIONS[MissReason.CONSTRAINT] in text
    assert group_pattern_text(pattern).endswith(
        "(overlooked the constraint 7 · misread the question 3 · ran out of time 2)"
    )


def test_a_tie_goes_to_the_reason_listed_first_and_no_tags_give_no_pattern() -> None:
    pattern = miss_pattern({MissReason.MISREAD: 2, MissReason.ASSUMPTION: 2})
    assert pattern is not None and pattern.top is MissReason.ASSUMPTION
    assert miss_pattern({}) is None and miss_pattern({MissReason.MISREAD: 0}) is None


def test_codes_parse_and_unknown_ones_are_refused() -> None:
    assert parse_reason("c") is MissReason.CONSTRAINT and parse_reason("0") is None
    with pytest.raises(ValueError):
        parse_reason("z")
