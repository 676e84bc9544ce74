"""Rendering of practice questions, their feedback and a drill's summary."""

from __future__ import annotations

import discord

from bot.discord.rendering import BRAND, RIGHT, question_text
from bot.services.practice import PracticeFeedback, PracticeStep, PracticeSummary


def practice_embed(step: PracticeStep) -> discord.Embed:
    embed = discord.Embed(title=step.title, description=question_text(step.question), colour=BRAND)
    embed.set_footer(text="Practice is private: it is not in streaks or the leaderboard.")
    return embed


def practice_feedback(result: PracticeFeedback) -> discord.Embed:
    q = result.question
    embed = discord.Embed(
        title=("✅ Right" if result.correct else "❌ Not this time")
        + f" — {' and '.join(q.answer)}",
        description=q.explanation,
        colour=RIGHT if result.correct else discord.Colour.red(),
    )
    embed.add_field(name="The deciding phrase", value=f"“{q.constraint}”", inline=False)
    for letter, why in result.why_not:
        embed.add_field(name=f"Why not {letter}", value=why, inline=False)
    if result.summary is not None:
        embed.add_field(name="Drill done", value=result.summary.text, inline=False)
    embed.set_footer(text=f"Question {result.position} of {result.count} · {result.progress}")
    return embed


def summary_embed(summary: PracticeSummary) -> discord.Embed:
    return discord.Embed(title="Practice drill", description=summary.text, colour=BRAND)
