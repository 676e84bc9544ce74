"""``/mistakes list`` and ``/mistakes export``."""

from __future__ import annotations

import io

import discord
from discord import app_commands

from bot.core.text import plural
from bot.discord.context import bot_of
from bot.discord.mistakes.components import send_mistakes
from bot.discord.options import domain_choices
from bot.discord.replies import reply_private
from bot.services.mistakes import mistakes_markdown


@app_commands.guild_only()
class MistakeCommands(
    app_commands.Group, name="mistakes", description="Your notebook of missed questions"
):
    @app_commands.command(name="list", description="Step through the questions you missed")
    @app_commands.describe(domain="Only one exam section")
    async def list_(self, interaction: discord.Interaction, domain: str | None = None) -> None:
        await send_mistakes(interaction, 0, domain, edit=False)

    @app_commands.command(name="export", description="Your notebook as a Markdown file")
    async def export(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        found = await bot.services.mistakes.mistakes(
            str(interaction.guild_id), str(interaction.user.id), None
        )
        names = {d.slug: d.name for d in bot.services.bank.exam.domains}
        document = mistakes_markdown(found, names).encode("utf-8")
        await reply_private(
            interaction,
            f"Your mistakes notebook: {plural(len(found), 'question')}.",
            file=discord.File(io.BytesIO(document), filename="mistakes.md"),
        )

    @list_.autocomplete("domain")
    async def _domain(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return domain_choices(interaction, current)
