"""``/help``: what the bot does and its rules (``content/help.md``, the same text on every
platform), then the commands of this bot as registered, so the list is never out of date."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.discord.context import bot_of
from bot.discord.rendering import BRAND, FIELD_LIMIT, joined_within
from bot.discord.replies import reply_private


def usage(command: app_commands.Command[Any, ..., Any]) -> str:
    """``/name sub <required> [optional]`` — its description."""
    params = " ".join(
        f"<{p.display_name}>" if p.required else f"[{p.display_name}]" for p in command.parameters
    )
    return f"• `/{command.qualified_name}{' ' + params if params else ''}` — {command.description}"


def command_lines(tree: app_commands.CommandTree[Any]) -> tuple[list[str], list[str]]:
    """One line per command (subcommands each their own), split into (everyone, organisers):
    organiser commands are the ones Discord hides from members without Manage Server."""
    everyone: list[str] = []
    organisers: list[str] = []
    for top in tree.get_commands(type=discord.AppCommandType.chat_input):
        audience = organisers if top.default_permissions is not None else everyone
        if isinstance(top, app_commands.Group):
            audience += [
                usage(sub) for sub in top.walk_commands() if not isinstance(sub, app_commands.Group)
            ]
        elif isinstance(top, app_commands.Command):
            audience.append(usage(top))
    return everyone, organisers


def help_embed(heading: str, text: str, tree: app_commands.CommandTree[Any]) -> discord.Embed:
    embed = discord.Embed(title=heading[:256], description=text, colour=BRAND)
    everyone, organisers = command_lines(tree)
    for name, lines in (
        ("Commands", everyone),
        ("Organisers (members with Manage Server; only they see these commands)", organisers),
    ):
        for number, value in enumerate(joined_within(lines, FIELD_LIMIT)):
            embed.add_field(
                name=name if number == 0 else f"{name} (continued)", value=value, inline=False
            )
    return embed


@app_commands.command(name="help", description="What this bot does, its commands and rules")
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
async def help_command(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    bank = bot.services.bank
    await reply_private(
        interaction, "", embed=help_embed(bank.exam.help_heading, bank.help_text, bot.tree)
    )
