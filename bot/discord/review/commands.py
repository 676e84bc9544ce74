"""``/review``."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.review.components import send_review


@app_commands.command(name="review", description="Your next spaced-review question")
@app_commands.guild_only()
async def review(interaction: discord.Interaction) -> None:
    await send_review(interaction)
