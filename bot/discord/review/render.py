"""Rendering of review cards and their feedback."""

from __future__ import annotations

import discord

from bot.core.text import plural
from bot.discord.rendering import BRAND, RIGHT, question_text, ts
from bot.services.review import ReviewItem, ReviewResult


def review_embed(item: ReviewItem) -> discord.Embed:
    q = item.question
    embed = discord.Embed(
        title=f"Review · {item.due_count} due",
        description=question_text(q),
        colour=BRAND,
    )
    if item.flagged:
        embed.set_footer(text=f"⚑ You have missed this one {plural(item.misses, 'time')}.")
    return embed


def review_feedback(result: ReviewResult) -> discord.Embed:
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
    embed.add_field(
        name="Next time",
        value=f"{ts(result.next_due, 'R')} · {result.remaining_due} more due now",
        inline=False,
    )
    if result.flagged:
        embed.set_footer(
            text=f"⚑ Missed {plural(result.misses, 'time')} — flagged in your notebook."
        )
    return embed
