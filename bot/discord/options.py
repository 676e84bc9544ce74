"""Slash-command option types and autocompletes shared by several features."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.context import bot_of

# Numbers that name a row (a report, a mock night): database ids are 32-bit integers.
RowId = app_commands.Range[int, 1, 2_147_483_647]


def domain_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Exam sections matching what was typed (autocomplete for every domain option)."""
    bot = bot_of(interaction)
    needle = current.lower()
    return [
        app_commands.Choice(name=f"{d.number}. {d.name}"[:100], value=d.slug)
        for d in bot.services.bank.exam.domains
        if needle in d.name.lower() or needle in d.slug
    ][:25]
