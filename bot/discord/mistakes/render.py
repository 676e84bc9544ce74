"""Rendering of one mistake."""

from __future__ import annotations

import discord

from bot.core.text import plural
from bot.discord.rendering import clip, plain, question_text
from bot.services.mistakes import Mistake


def mistake_embed(mistake: Mistake, index: int, total: int, domain_name: str) -> discord.Embed:
    q = mistake.question
    embed = discord.Embed(
        title=f"Mistake {index + 1} of {total} · {mistake.study_date:%d %b %Y}",
        description=question_text(q),
        colour=discord.Colour.red(),
    )
    embed.add_field(name="Your pick", value=mistake.pick.replace(",", " and "), inline=True)
    embed.add_field(name="Right", value=" and ".join(q.answer), inline=True)
    embed.add_field(name="Section", value=domain_name, inline=True)
    embed.add_field(
        name="Your reasoning",
        value=clip(plain(mistake.reasoning) if mistake.reasoning else "(none given)"),
        inline=False,
    )
    embed.add_field(name="The deciding phrase", value=f"“{q.constraint}”", inline=False)
    embed.add_field(name="Why", value=q.explanation, inline=False)
    if mistake.flagged:
        embed.add_field(
            name="⚑ Flagged",
            value=f"You missed this {plural(mistake.misses, 'time')}: worth a closer look.",
            inline=False,
        )
    return embed
