"""What the reveal shows about the group: the split, the quoted reasonings, the milestones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.reveal import (
    QUOTES_IN_REVEAL,
    GroupAnswer,
    Milestone,
    OptionSplit,
    choose_quotes,
    milestones,
    split,
)

OPTIONS = {"A": "Vertex AI Pipelines", "B": "Cloud Composer", "C": "Dataflow", "D": "Cloud Run"}
START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def answer(
    who: str,
    pick: str,
    *,
    correct: bool,
    minute: int,
    reasoning: str | None = "because",
    confidence: int | None = None,
    anonymous: bool = False,
) -> GroupAnswer:
    return GroupAnswer(
        member_external_id=who,
        member_name=who.title(),
        pick=pick,
        correct=correct,
        confidence=confidence,
        reasoning=reasoning,
        first_answered_at=START + timedelta(minutes=minute),
        quote_anonymously=anonymous,
    )


def test_the_split_counts_every_letter_of_a_pick_and_shows_options_nobody_chose() -> None:
    answers = [
        answer("ada", "A,C", correct=True, minute=1),
        answer("bo", "A,B", correct=False, minute=2),
        answer("cy", "C,D", correct=False, minute=3),
    ]
    assert split(answers, OPTIONS, {"A", "C"}) == [
        OptionSplit("A", "Vertex AI Pipelines", 2, True),
        OptionSplit("B", "Cloud Composer", 1, False),
        OptionSplit("C", "Dataflow", 2, True),
        OptionSplit("D", "Cloud Run", 1, False),
    ]


def test_with_no_answers_every_option_shows_zero_in_the_options_order() -> None:
    result = split([], OPTIONS, {"B"})
    assert [(s.letter, s.count, s.correct) for s in result] == [
        ("A", 0, False),
        ("B", 0, True),
        ("C", 0, False),
        ("D", 0, False),
    ]


def test_quotes_lead_with_the_most_confident_right_and_wrong_reasoning() -> None:
    answers = [
        answer("early", "A", correct=True, minute=1, confidence=1),
        answer("sure", "A", correct=True, minute=5, confidence=3),
        answer("wrong-early", "B", correct=False, minute=2, confidence=2),
        answer("wrong-sure", "B", correct=False, minute=6, confidence=3),
        answer("late", "A", correct=True, minute=9, confidence=1),
    ]
    quotes = choose_quotes(answers)
    assert [q.member_external_id for q in quotes] == ["sure", "wrong-sure", "early"]
    assert [q.correct for q in quotes] == [True, False, True]


def test_on_equal_confidence_the_earlier_answer_is_quoted_first() -> None:
    answers = [
        answer("second", "A", correct=True, minute=2, confidence=2),
        answer("first", "A", correct=True, minute=1, confidence=2),
    ]
    assert [q.member_external_id for q in choose_quotes(answers)] == ["first", "second"]


def test_answers_without_reasoning_are_never_quoted_and_at_most_three_are() -> None:
    answers = [answer(f"m{n}", "A", correct=n % 2 == 0, minute=n) for n in range(8)]
    answers.append(answer("silent", "A", correct=True, minute=0, reasoning=None, confidence=3))
    answers.append(answer("blank", "B", correct=False, minute=0, reasoning="", confidence=3))
    quotes = choose_quotes(answers)
    assert len(quotes) == QUOTES_IN_REVEAL
    assert {q.member_external_id for q in quotes}.isdisjoint({"silent", "blank"})
    assert choose_quotes([answers[-1], answers[-2]]) == []


def test_only_right_reasonings_still_fill_the_quotes() -> None:
    answers = [answer(f"m{n}", "A", correct=True, minute=n) for n in range(4)]
    assert [q.member_external_id for q in choose_quotes(answers)] == ["m0", "m1", "m2"]


def test_a_member_who_asked_is_quoted_without_name_or_mention() -> None:
    [quote] = choose_quotes([answer("shy", "A", correct=True, minute=1, anonymous=True)])
    assert quote.member_external_id is None and quote.member_name is None
    assert (quote.pick, quote.reasoning) == ("A", "because")


def test_milestones_name_members_whose_streak_reached_one_today_in_answer_order() -> None:
    answers = [
        answer("ada", "A", correct=True, minute=1),
        answer("bo", "B", correct=False, minute=2),
        answer("cy", "A", correct=True, minute=3),
        answer("di", "A", correct=True, minute=4),
    ]
    streaks = {"cy": 7, "ada": 3, "bo": 4}  # di's streak did not count today
    assert milestones(answers, streaks) == [Milestone("ada", 3, "Ada"), Milestone("cy", 7, "Cy")]
