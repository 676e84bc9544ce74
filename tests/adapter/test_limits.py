"""Every screen that shows question content stays within Discord's limits for the largest
question ``content check`` accepts and the most a group can add to it (tests/worst_case.py).
The limits are the fake Discord's, so a message passing here is one the fake would accept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.content.loader import HELP_MAX, Bank
from bot.content.schema import PLAN_MESSAGE_MAX, PlanMessages, PlanTheme, Question
from bot.core.miss_reasons import MissReason, miss_pattern
from bot.core.mock import MAX_MINUTES, MAX_QUESTIONS, verdict
from bot.core.pacing import MAX_PACE, MIN_PACE, FlagReturn, GroupPacing, pacing
from bot.core.plan import PlanWeek
from bot.core.readiness import DomainEvidence
from bot.devtools.fake_discord import message_problems, modal_problems
from bot.discord.commands import register
from bot.discord.daily.components import question_view, reasoning_modal
from bot.discord.daily.render import discussion_prompt, question_embed, reveal_message
from bot.discord.help import help_embed
from bot.discord.miss_tags.components import add_tag_buttons
from bot.discord.mistakes.components import mistakes_view
from bot.discord.mistakes.render import mistake_embed
from bot.discord.mock.components import (
    attempt_view,
    result_view,
    review_step_view,
    submit_check_view,
)
from bot.discord.mock.render import (
    attempt_embed,
    debrief_embed,
    debrief_question_embed,
    mock_list_embed,
    result_embed,
    review_step_embed,
    submit_check_embed,
)
from bot.discord.notices import direct_message, notice_message, recap_embed
from bot.discord.plan.render import plan_embeds
from bot.discord.reports.components import report_modal, reports_view, reveal_view
from bot.discord.reports.render import report_pages
from bot.discord.review.components import next_review_view, review_view
from bot.discord.review.render import review_embed, review_feedback
from bot.services.daily import QuestionCard
from bot.services.mistakes import Mistake
from bot.services.mock import AttemptView, Debrief, MockView, ResultView, ReviewStep
from bot.services.notices import DirectNotice, HardQuestion, Notice, Recap
from bot.services.plan import PlanDay, PlanView
from bot.services.review import ReviewItem, ReviewResult
from tests.worst_case import (
    SNOWFLAKE,
    WHEN,
    member,
    text,
    worst_flagged,
    worst_question,
    worst_reports,
    worst_reveal,
)

QUESTION = worst_question()
DOMAIN = text(100, "domain")  # a section name at its cap


def message(
    content: str = "",
    embed_list: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
) -> dict[str, Any]:
    """The body discord.py sends for a message."""
    return {
        "content": content,
        "embeds": [e.to_dict() for e in embed_list or []],
        "components": view.to_components() if view else [],
    }


def assert_fits(body: dict[str, Any]) -> None:
    assert message_problems(body) == []


def card(closed: bool) -> QuestionCard:
    return QuestionCard(
        daily_id=999_999_999,
        guild_id=str(SNOWFLAKE),
        channel_id=str(SNOWFLAKE),
        message_id=str(SNOWFLAKE),
        study_date=date(2026, 12, 31),
        question=QUESTION,
        domain_name=DOMAIN,
        reveal_at=WHEN,
        answer_count=999_999,
        closed=closed,
        reveal_message_id=str(SNOWFLAKE) if closed else None,
        reveal_channel_id=str(SNOWFLAKE),
        revisit=True,
    )


@pytest.mark.parametrize("closed", [False, True])
async def test_the_question_post_fits(closed: bool) -> None:
    assert_fits(
        message(embed_list=[question_embed(card(closed))], view=question_view(card(closed)))
    )


async def test_the_reveal_fits_and_cuts_neither_the_explanation_nor_a_why_not() -> None:
    reveal = worst_reveal(QUESTION)
    content, embed_list = reveal_message(reveal)
    assert_fits(message(content, embed_list, reveal_view(reveal.daily_id)))
    assert len(embed_list[0]) <= 4000, "the answer part stays within what SCHEMA.md promises"
    shown = str([e.to_dict() for e in embed_list])
    for whole in [QUESTION.explanation, QUESTION.constraint, *QUESTION.why_not.values()]:
        assert whole in shown
    assert all(str(r) in shown for r in QUESTION.references)
    assert "999,999 open reports" in content
    quotes = [f for f in embed_list[1].fields if (f.name or "").startswith(("✅", "❌"))]
    assert len(quotes) == len(reveal.quotes), "every quote is kept, shortened to fit"
    assert all(len(f.value or "") >= 150 for f in quotes)
    right, streaks = embed_list[1].fields[1], embed_list[1].fields[-1]
    assert f"<@{member(24)}> and 975 more" in (right.value or ""), "long lists are summed up"
    assert f"<@{member(9)}> 1,000 study days in a row and 990 more" in (streaks.value or "")
    assert len(discussion_prompt(QUESTION)) <= 2000


async def test_quotes_keep_their_full_length_when_there_is_room() -> None:
    short = QUESTION.model_copy(
        update={"explanation": "Short.", "why_not": dict.fromkeys("CDE", "Short reason.")}
    )
    _, embed_list = reveal_message(worst_reveal(short))
    quotes = [f for f in embed_list[1].fields if (f.name or "").startswith(("✅", "❌"))]
    assert {len(f.value or "") for f in quotes} == {len(f"<@{member(0)}>: ") + 300}


async def test_fewer_quotes_rather_than_unreadably_short_ones() -> None:
    """Should the answer part leave little room (longer than the caps allow), the reveal
    still fits: it quotes fewer reasonings, none shorter than 80 characters."""
    longer = QUESTION.model_copy(update={"explanation": QUESTION.explanation + "y" * 250})
    content, embed_list = reveal_message(worst_reveal(longer))
    assert_fits(message(content, embed_list))
    quotes = [f for f in embed_list[1].fields if (f.name or "").startswith(("✅", "❌"))]
    assert 1 <= len(quotes) < 3
    assert all(len(f.value or "") >= len(f"<@{member(0)}>: ") + 80 for f in quotes)


def attempt(position: int) -> AttemptView:
    return AttemptView(
        attempt_id=999_999_999,
        mock_id=999_999_999,
        position=position,
        total=MAX_QUESTIONS,
        question=QUESTION,
        pick="A,B",
        flagged=True,
        deadline=WHEN,
        answered=MAX_QUESTIONS,
        flagged_positions=list(range(1, MAX_QUESTIONS + 1)),
        unanswered_positions=list(range(1, MAX_QUESTIONS + 1)),
        submitted=False,
    )


@pytest.mark.parametrize("position", [1, 30, MAX_QUESTIONS])
async def test_mock_exam_screens_fit(position: int) -> None:
    view = attempt(position)
    assert_fits(message(embed_list=[attempt_embed(view)], view=attempt_view(view)))
    assert_fits(message(embed_list=[submit_check_embed(view)], view=submit_check_view(view)))
    step = ReviewStep(
        999_999_999, position, MAX_QUESTIONS, QUESTION, "C,D", False, tag=MissReason.TIME
    )
    assert_fits(message(embed_list=[review_step_embed(step)], view=review_step_view(step)))
    result = ResultView(
        attempt_id=999_999_999,
        correct=MAX_QUESTIONS,
        total=MAX_QUESTIONS,
        per_domain=[(f"d{n}", DOMAIN, 60, 60, 100.0) for n in range(6)],
        minutes_used=180,
        flagged_right=MAX_QUESTIONS,
        flagged_total=MAX_QUESTIONS,
        verdict=verdict(MAX_QUESTIONS, MAX_QUESTIONS),
        auto_submitted=True,
        # Every question slow, each taking the whole longest night: the widest pacing text.
        pacing=pacing(
            [MAX_MINUTES * 60] * MAX_QUESTIONS,
            MIN_PACE,
            MAX_MINUTES * 60,
            [FlagReturn.SPOILED, FlagReturn.FIXED, FlagReturn.KEPT_RIGHT, FlagReturn.STILL_WRONG]
            * 999,
        ),
    )
    assert_fits(message(embed_list=[result_embed(result)], view=result_view(999_999_999)))


MOCK = MockView(
    id=999_999_999,
    guild_id=str(SNOWFLAKE),
    channel_id=str(SNOWFLAKE),
    starts_at=WHEN,
    ends_at=WHEN,
    duration_minutes=180,
    question_count=MAX_QUESTIONS,
    focus_domain=DOMAIN,
    status="done",
    event_id=None,
    start_message_id=None,
)


def test_the_list_of_mock_nights_fits_however_many_are_scheduled() -> None:
    listing = mock_list_embed([MOCK] * 100)
    assert_fits(message(embed_list=[listing]))
    assert "…and 80 more later." in (listing.description or "")


async def test_the_mock_debrief_fits() -> None:
    debrief = Debrief(
        mock=MOCK,
        participants=999_999,
        scores=[n / 1000 for n in range(1000)],
        per_domain=[(DOMAIN, 999_999, 999_999)] * 6,
        hardest=[(QUESTION, 0, 999_999)] * 5,
        pacing=GroupPacing(MAX_PACE, 99_999, 1.0, 99_999, 999_999, dict.fromkeys(FlagReturn, 999)),
    )
    assert_fits(message(embed_list=[debrief_embed(debrief, "Mock #999999999 debrief")]))
    crowd = replace(debrief, scores=[0.5] * 100_000)  # a whole big server in one band
    assert_fits(message(embed_list=[debrief_embed(crowd, "Mock #999999999 debrief")]))
    for number, (question, right, asked) in enumerate(debrief.hardest, start=1):
        assert_fits(message(embed_list=[debrief_question_embed(number, question, right, asked)]))


async def test_mistakes_and_review_fit() -> None:
    mistake = Mistake(
        date(2026, 12, 31), QUESTION, "C,D", text(1000, "mine"), 5, 999, MissReason.CONSTRAINT
    )
    assert_fits(
        message(
            embed_list=[mistake_embed(mistake, 9998, 9999, DOMAIN)],
            view=mistakes_view(9998, 9999, "x" * 40, mistake),
        )
    )
    item = ReviewItem(999_999_999, QUESTION, 999, 999_999)
    assert_fits(
        message(
            embed_list=[review_embed(item)],
            view=review_view(item.card_id, QUESTION.letters, QUESTION.choose, 999_999),
        )
    )
    result = ReviewResult(999_999_999, QUESTION, "C,D", False, WHEN, 999, 999_999)
    feedback = review_feedback(result)
    tagged = add_tag_buttons(next_review_view(), QUESTION.id, False, MissReason.CHANGED, 1)
    assert_fits(message(embed_list=[feedback], view=tagged))
    assert QUESTION.why_not["C"] in str(feedback.to_dict())


async def test_the_weekly_recap_fits() -> None:
    recap = Recap(
        week_number=8,
        questions=999_999,
        answers=999_999,
        per_domain=[(DOMAIN, 999_999, 999_999)] * 6,
        top_per_domain=[(DOMAIN, member(n), 999_999) for n in range(6)],
        hardest=HardQuestion(str(SNOWFLAKE), str(SNOWFLAKE), 0.0),
        most_missed=[(QUESTION.id, 999_999, 999_999)] * 10,
        miss_pattern=miss_pattern(dict.fromkeys(MissReason, 999_999)),
    )
    notice = Notice(
        announcement_id=999_999_999,
        kind="recap",
        group_id=1,
        guild_id=str(SNOWFLAKE),
        channel_id=str(SNOWFLAKE),
        day=date(2026, 12, 31),
        week=None,  # type: ignore[arg-type]
        themes=[],
        focus=[],
        hardest=None,
        message_id=None,
        recap=recap,
    )
    assert_fits(message(embed_list=[recap_embed(notice, recap)]))


def plan_messages() -> PlanMessages:
    """Every plan message at its cap, with the placeholders the bot fills in."""

    def at_cap(placeholders: str = "") -> str:
        return text(PLAN_MESSAGE_MAX - len(placeholders) - 1, placeholders) + " " + placeholders

    return PlanMessages(
        week_start=at_cap("{week} {total} {theme} {summary}"),
        final_stretch=at_cap(),
        rest_day=at_cap("{suggestion}"),
        closing_reminder=at_cap("{closes} {link}"),
        exam_eve=at_cap(),
        exam_after=at_cap(),
    )


def theme_at_caps(number: int) -> PlanTheme:
    return PlanTheme(
        theme=text(100, f"theme-{number}"),
        summary=text(800, f"summary-{number}"),
        focus_domains=["serving"],
        activities=[text(300, f"activity-{number}-{n}") for n in range(5)],
        blueprint=text(1000, f"blueprint-{number}"),
        rest_day=text(300, f"rest-{number}"),
    )


@pytest.mark.parametrize(
    "week",
    [
        PlanWeek(number=7, total=8, themes=(7,), start=date(2026, 12, 28)),  # final stretch
        PlanWeek(number=1, total=3, themes=(1, 2, 3, 4, 5, 6), start=date(2026, 12, 28)),
    ],
    ids=["final-stretch-week", "six-themes-merged"],
)
async def test_plan_posts_and_reminders_fit_with_plan_content_at_its_caps(week: PlanWeek) -> None:
    """/plan, the week's announcement, the weekly DM, the rest-day post and the reminders,
    with every plan text at its cap: each message fits and no theme text is cut."""
    messages = plan_messages()
    themes = [theme_at_caps(n) for n in week.themes]
    view = PlanView(
        week=week,
        current_week_number=8,
        themes=themes,
        focus_domains=[(f"d{n}", DOMAIN) for n in range(6)],
        days=[PlanDay(date(2026, 12, 28), True)] * 7,
        group_exam_date=date(2026, 12, 31),
        group_exam_in=-99_999,
        member_exam_date=date(2026, 12, 31),
        member_exam_in=-99_999,
        member_focus=[(DOMAIN, DomainEvidence("d0", 5, 999_999, 999_999))] * 2,
        final_stretch_note=messages.final_stretch,
        started=False,
    )
    notice = Notice(
        announcement_id=999_999_999,
        kind="week",
        group_id=1,
        guild_id=str(SNOWFLAKE),
        channel_id=str(SNOWFLAKE),
        day=date(2026, 12, 31),
        week=week,
        themes=themes,
        focus=[DOMAIN] * 6,
        hardest=HardQuestion(str(SNOWFLAKE), str(SNOWFLAKE), 0.0),
        message_id=None,
    )
    posts = [("", [embed]) for embed in plan_embeds(view, messages, MOCK)]
    content, parts = notice_message(notice, messages)
    posts += [(content, [embed]) for embed in parts]
    rest_content, rest = notice_message(replace(notice, kind="rest"), messages)
    posts.append((rest_content, rest))
    for kind in ("closing", "weekly", "exam-eve", "exam-after"):
        dm = DirectNotice(
            dm_id=999_999_999,
            kind=kind,
            member_external_id=member(0),
            guild_id=str(SNOWFLAKE),
            channel_id=str(SNOWFLAKE),
            message_id=str(SNOWFLAKE),
            closes_at=WHEN,
            week=week,
            themes=themes,
        )
        content, parts = direct_message(dm, messages)
        posts += [(content, parts[:1])] + [("", [embed]) for embed in parts[1:]]
    for content, embed_list in posts:
        assert_fits(message(content, embed_list))
    shown = str([[e.to_dict() for e in embed_list] for _, embed_list in posts])
    for theme in themes:
        for whole in [theme.summary, theme.blueprint, *theme.activities]:
            assert shown.count(whole) == 3, "in /plan, the announcement and the weekly DM"
    if week.final_stretch:
        assert messages.final_stretch in shown


def test_the_modals_fit() -> None:
    assert modal_problems(reasoning_modal(999_999_999).to_dict()) == []
    for reason in ("wrong-key", "outdated", "unclear", "typo"):
        assert modal_problems(report_modal(999_999_999, reason).to_dict()) == []


async def test_every_report_is_listed_on_pages_that_fit() -> None:
    reports = worst_reports()
    flagged = worst_flagged()
    pages = report_pages(reports, flagged)
    assert len(pages) > 1
    shown = ""
    for number, page in enumerate(pages):
        assert_fits(message(embed_list=[page], view=reports_view(number, len(pages))))
        shown += str(page.to_dict())
    for report in reports:
        assert f"#{report.id} ·" in shown and (report.details or "") in shown, "nothing is cut"
    for item in flagged:
        assert f"🔍 {item.question_id}" in shown and item.reasons()[-1] in shown


def test_a_question_over_the_caps_would_not_fit() -> None:
    """The caps are what keeps the reveal within the limits: a question with twice the
    explanation and why-nots (not accepted by content check) would break them."""
    longer: Question = QUESTION.model_copy(
        update={
            "explanation": QUESTION.explanation * 2,
            "why_not": {x: t * 2 for x, t in QUESTION.why_not.items()},
        }
    )
    content, embed_list = reveal_message(worst_reveal(longer))
    assert message_problems(message(content, embed_list)) != []


async def test_help_with_the_longest_help_text_and_every_command_fits(bank: Bank) -> None:
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    register(tree)
    longest = ("All the rules. " * HELP_MAX)[:HELP_MAX]
    heading = bank.exam.help_heading
    embed = help_embed(heading, longest, tree)
    assert_fits(message(embed_list=[embed]))
    shown = str(embed.to_dict())
    assert (
        embed.title
        == "Study group for the Google Cloud Professional Machine Learning Engineer exam"
    )
    assert "`/reports list` — Open reports in this server" in shown
    assert "`/plan [week]`" in shown and "`/reports resolve <id> [note]`" in shown
    everyone = next(f for f in embed.fields if f.name == "Commands")
    assert "/setup" not in str(everyone.value), "organiser commands are listed apart"
