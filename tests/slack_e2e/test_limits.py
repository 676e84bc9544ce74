"""Slack's Block Kit limits hold for the worst-case question and reveal (every field at its
cap, a thousand members right, long names and reasonings, open reports)."""

from __future__ import annotations

from dataclasses import replace

from bot.devtools.fake_slack.blocks import check_message, check_view
from bot.services.daily import QuestionCard
from bot.slack import cards
from bot.slack.modals import Origin, choose_modal, reason_modal, setup_modal
from bot.slack.reports import MAX_BROKEN_SHOWN, page_blocks
from tests.worst_case import (
    SNOWFLAKE,
    WHEN,
    worst_flagged,
    worst_question,
    worst_reports,
    worst_reveal,
)


def worst_card() -> QuestionCard:
    question = worst_question()
    return QuestionCard(
        daily_id=2_147_483_647,
        guild_id="T" + "X" * 31,
        channel_id="C" + "X" * 31,
        message_id=str(SNOWFLAKE),
        study_date=WHEN.date(),
        question=question,
        domain_name="Serving and scaling models",
        reveal_at=WHEN,
        answer_count=999_999,
        closed=False,
        reveal_message_id=None,
        reveal_channel_id="C" + "X" * 31,
        revisit=True,
    )


def test_the_question_the_closed_question_and_the_reveal_fit_a_message() -> None:
    card = worst_card()
    assert check_message(cards.question_blocks(card)) == []
    closed = cards.closed_line(
        replace(card, closed=True), "https://x.slack.com/archives/" + "p" * 200
    )
    assert check_message(cards.question_blocks(card, closed)) == []
    reveal = cards.reveal_blocks(worst_reveal(card.question))
    assert check_message(reveal) == []
    text = str(reveal)
    assert card.question.explanation in text, "the explanation is never shortened"
    assert all(why in text for why in card.question.why_not.values())


def test_the_modals_fit() -> None:
    card = worst_card()
    origin = Origin(card.guild_id, card.channel_id, card.daily_id)
    assert check_view(choose_modal(origin, card.question), home=False) == []
    assert check_view(reason_modal(origin), home=False) == []
    assert check_view(setup_modal(origin, None), home=False) == []


def test_a_page_of_reports_with_the_questions_that_look_broken_fits_a_message() -> None:
    reports, flagged = worst_reports(), worst_flagged()
    first = page_blocks(reports, 0, flagged)
    assert check_message(first) == []
    shown = str(first)
    assert all(f"🔍 {item.question_id}" in shown for item in flagged[:MAX_BROKEN_SHOWN])
    assert f"and {len(flagged) - MAX_BROKEN_SHOWN} more" in shown
    assert "🔍" not in str(page_blocks(reports, 1, flagged)), "on the first page only"
