"""``/reports list`` and ``/reports resolve`` (organisers)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.context import bot_of
from bot.discord.options import RowId
from bot.discord.replies import reply_private, require_organiser
from bot.discord.reports.components import send_reports


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ReportCommands(
    app_commands.Group,
    name="reports",
    description="Organisers: problems members reported with questions",
):
    @app_commands.command(name="list", description="Open reports in this server")
    async def list_reports(self, interaction: discord.Interaction) -> None:
        await send_reports(interaction, 0, edit=False)

    @app_commands.command(name="resolve", description="Mark a report as resolved")
    @app_commands.describe(
        id="The report number from /reports list", note="What was done (shown in the record)"
    )
    async def resolve(
        self,
        interaction: discord.Interaction,
        id: RowId,
        note: str = "",
    ) -> None:
        require_organiser(interaction, "resolve reports")
        bot = bot_of(interaction)
        report = await bot.services.reports.resolve(
            str(interaction.guild_id), id, note, bot.services.clock.now()
        )
        await reply_private(
            interaction,
            f"Report #{report.id} on `{report.question_id}` is resolved."
            + (f" Note: {report.resolution}" if report.resolution else ""),
        )
