"""``/practice [section] [count]``."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core.practice import MAX_COUNT, MIN_COUNT
from bot.discord.options import domain_choices
from bot.discord.practice.components import start_practice


@app_commands.command(
    name="practice", description="A private drill of bank questions, with feedback at once"
)
@app_commands.describe(
    section="Drill one exam section (default: a mix weighted to your weak sections)",
    count=f"How many questions ({MIN_COUNT}–{MAX_COUNT}; default 10)",
)
@app_commands.guild_only()
async def practice(
    interaction: discord.Interaction,
    section: str | None = None,
    count: app_commands.Range[int, MIN_COUNT, MAX_COUNT] | None = None,
) -> None:
    await start_practice(interaction, section, count)


@practice.autocomplete("section")
async def _practice_section(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return domain_choices(interaction, current)
