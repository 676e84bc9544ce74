"""Item analysis on synthetic answers: a miskeyed question is flagged, a good one is not."""

from __future__ import annotations

import pytest

from bot.core.items import (
    MIN_ANSWERS,
    Flag,
    ItemStats,
    Key,
    Response,
    analyse,
    from_json,
    to_json,
)

MEMBERS = 40
KEY_A = Key(letters=("A", "B", "C", "D"), answer=frozenset({"A"}))


def background() -> tuple[list[Response], dict[str, Key]]:
    """Twenty sound questions: member ``m`` gets the first ``m // 2`` of them right, so
    strength runs from 0% (member 0) to 95% (member 39)."""
    responses = [
        Response(f"q{j}", member, "A" if j < member // 2 else "B")
        for member in range(MEMBERS)
        for j in range(20)
    ]
    return responses, {f"q{j}": KEY_A for j in range(20)}


def weak_pick(member: int) -> str:
    return "BCD"[member % 3]


def judged(extra: list[Response], key: Key = KEY_A) -> dict[str, ItemStats]:
    responses, keys = background()
    return {s.question_id: s for s in analyse(responses + extra, {**keys, "new": key})}


def test_a_good_question_is_not_flagged() -> None:
    # The stronger half gets it right, the weaker half spreads over the wrong options.
    extra = [Response("new", m, "A" if m >= 20 else weak_pick(m)) for m in range(MEMBERS)]
    item = judged(extra)["new"]
    assert item.flags == ()
    assert item.difficulty == 0.5
    assert item.discrimination > 0.5 and item.upper_lower == 1.0
    assert item.reasons() == []


def test_a_miskeyed_question_is_flagged_with_the_option_strong_members_choose() -> None:
    # The key says A, but B is right: strong members choose B, the weak guess.
    extra = [Response("new", m, "B" if m >= 20 else "ACD"[m % 3]) for m in range(MEMBERS)]
    item = judged(extra)["new"]
    assert Flag.NEGATIVE in item.flags and Flag.STRONG_DISTRACTOR in item.flags
    assert item.discrimination < 0
    (pull,) = [p for p in item.distractors if p.letter == "B"]
    assert pull.strong == 1.0 and pull.weak == 0.0
    reasons = " ".join(item.reasons())
    assert "option B is chosen by 100% of strong members but 0% of weak ones" in reasons


def test_a_question_everyone_gets_right_by_chance_is_near_zero() -> None:
    # Right or wrong regardless of strength: every other member.
    extra = [Response("new", m, "A" if m % 2 else "C") for m in range(MEMBERS)]
    item = judged(extra)["new"]
    assert Flag.NEAR_ZERO in item.flags or Flag.NEGATIVE in item.flags


def test_too_few_answers_are_not_judged() -> None:
    few = [Response("new", m, "B" if m >= 20 else "A") for m in range(20, 20 + MIN_ANSWERS - 1)]
    item = judged(few)["new"]
    assert item.flags == ()


def test_members_with_few_other_answers_are_not_ranked() -> None:
    responses = [Response("new", m, "A") for m in range(MEMBERS)]
    (item,) = analyse(responses, {"new": KEY_A})
    assert item.answers == MEMBERS and item.ranked == 0 and item.discrimination is None
    assert item.flags == ()


def test_several_answer_questions_count_each_chosen_letter() -> None:
    key = Key(letters=("A", "B", "C", "D", "E"), answer=frozenset({"A", "C"}))
    extra = [Response("new", m, "A,C" if m >= 20 else "A,E") for m in range(MEMBERS)]
    item = judged(extra, key)["new"]
    (pull,) = [p for p in item.distractors if p.letter == "E"]
    assert pull.share == 0.5 and pull.weak == 1.0 and pull.strong == 0.0
    assert item.flags == ()


def test_the_export_reads_back_and_refuses_other_files() -> None:
    responses, keys = background()
    extra = [Response("new", m, "B" if m >= 20 else "A") for m in range(MEMBERS)]
    items = analyse(responses + extra, {**keys, "new": KEY_A})
    again = from_json(to_json(items))
    assert [(i.question_id, i.flags) for i in again] == [(i.question_id, i.flags) for i in items]
    assert again[0].question_id == "new", "the broken-looking come first"
    with pytest.raises(ValueError, match="not an item-analysis export"):
        from_json('{"questions": []}')
