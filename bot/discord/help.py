"""``/help``: what the bot does, its commands and rules (``content/help.md``)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.context import bot_of
from bot.discord.rendering import BRAND
from bot.discord.replies import reply_private


@app_commands.command(name="help", description="What this bot does, its commands and rules")
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
async def help_command(interaction: discord.Interaction) -> None:
    await reply_private(
        interaction,
        "",
        embed=discord.Embed(
            title="Study-group bot",
            description=bot_of(interaction).services.bank.help_text,
            colour=BRAND,
        ),
    )
