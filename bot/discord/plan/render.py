"""Rendering of the plan, weekly themes and self-assessments."""

from __future__ import annotations

import discord

from bot.content.schema import PlanMessages, PlanTheme
from bot.core.plan import PlanWeek, countdown
from bot.discord.mock.render import mock_line
from bot.discord.rendering import BRAND, FIELD_LIMIT, clip, joined_within
from bot.services.mock import MockView
from bot.services.plan import AssessmentView, PlanView


def theme_embeds(
    week: PlanWeek,
    themes: list[PlanTheme],
    focus: list[str],
    messages: PlanMessages,
    title_prefix: str = "📅",
) -> list[discord.Embed]:
    """A plan week: each theme's summary, activities and blueprint, one embed per theme (a
    short plan merges up to six themes into a week; each is a message of its own, as
    together they would not fit one), the focus on the first."""
    embeds = []
    for number, theme in enumerate(themes, start=1):
        part = f" · theme {number} of {len(themes)}" if len(themes) > 1 else ""
        embed = discord.Embed(
            title=f"{title_prefix} Week {week.number} of {week.total}{part}: {theme.theme}",
            description=theme.summary,
            colour=BRAND,
        )
        if number == 1:
            embed.add_field(
                name="Focus",
                value=", ".join(focus) or "all six sections, by exam weight",
                inline=False,
            )
        activities = joined_within([f"• {a}" for a in theme.activities], FIELD_LIMIT)
        for index, value in enumerate(activities):
            embed.add_field(
                name="This week" if index == 0 else "This week (continued)",
                value=value,
                inline=False,
            )
        embed.add_field(
            name="Blueprint", value=f"```\n{theme.blueprint.strip()}\n```", inline=False
        )
        embeds.append(embed)
    if week.final_stretch:
        embeds[-1].add_field(
            name="Clarity over cramming", value=messages.final_stretch, inline=False
        )
    return embeds


def plan_embeds(
    view: PlanView, messages: PlanMessages, next_mock: MockView | None = None
) -> list[discord.Embed]:
    """``/plan``: the week's themes (one embed, and message, each) and, with the first, the
    days, exam dates, the member's focus and the next mock night."""
    embeds = theme_embeds(view.week, view.themes, [n for _s, n in view.focus_domains], messages)
    embed = embeds[0]
    if not view.started:
        embed.description = (embed.description or "") + "\n\n*The plan has not started yet.*"
    days = " ".join(f"{'📘' if d.study else '🌿'} {d.day:%a %d}" for d in view.days)
    embed.add_field(name="Days (📘 study · 🌿 rest)", value=days, inline=False)
    dates = []
    if view.group_exam_date:
        dates.append(f"Group exam {view.group_exam_date}: {countdown(view.group_exam_in)}")
    if view.member_exam_date:
        dates.append(f"Your exam {view.member_exam_date}: {countdown(view.member_exam_in)}")
    embed.add_field(
        name="Exam dates",
        value="\n".join(dates)
        or "Not set — organisers: `/setup configure exam_date`; you: `/me set`.",
        inline=False,
    )
    if view.member_focus:
        lines = [f"• **{name}** — {e.summary()}" for name, e in view.member_focus]
        embed.add_field(name="Your two focus domains", value=clip("\n".join(lines)), inline=False)
    embed.add_field(
        name="Next mock-exam night",
        value=mock_line(next_mock) if next_mock else "None scheduled yet.",
        inline=False,
    )
    if view.week.number != view.current_week_number:
        embed.set_footer(
            text=f"This is week {view.week.number}; the group is in week "
            f"{view.current_week_number}."
        )
    return embeds


def assessment_text(views: list[AssessmentView]) -> str:
    lines = []
    for view in views:
        level = (
            f"{view.level}/5 (since {view.assessed_at:%d %b})"
            if view.level and view.assessed_at
            else "not rated"
        )
        lines.append(f"• **{view.name}** — {level}")
    return (
        "Your self-assessment (1 = new to me, 5 = could teach it):\n"
        + "\n".join(lines)
        + "\nRate a section with `/assess domain:<section> level:<1-5>`; repeat it any time."
    )
