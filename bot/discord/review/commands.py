"""``/review``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

if TYPE_CHECKING:
    pass
from bot.discord.review.components import send_review


@app_commands.command(name="review", description="Your next spaced-review question")
@app_commands.guild_only()
async def review(interaction: discord.Interaction) -> None:
    await send_review(interaction)
