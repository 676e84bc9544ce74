"""``/stats``, ``/leaderboard`` and ``/streak``."""

from __future__ import annotations

import asyncio
import io

import discord
from discord import app_commands

from bot.charts import stats_chart
from bot.discord.context import bot_of
from bot.discord.options import domain_choices
from bot.discord.replies import reply_private
from bot.discord.stats.render import leaderboard_embed, stats_embed, streak_text

PERIODS = [
    app_commands.Choice(name="this week", value="week"),
    app_commands.Choice(name="this month", value="month"),
    app_commands.Choice(name="all time", value="all"),
]


@app_commands.command(name="stats", description="Your accuracy, weak sections and calibration")
@app_commands.describe(member="Another member's statistics (only if they made them public)")
@app_commands.guild_only()
async def stats(interaction: discord.Interaction, member: discord.User | None = None) -> None:
    # A ``discord.User`` option, not ``discord.Member``: someone who left the server arrives
    # without member data, and gets a clear answer instead of a conversion error.
    bot = bot_of(interaction)
    if member is not None and not isinstance(member, discord.Member):
        await reply_private(
            interaction,
            f"{member.mention} is not a member of this server (any more), so I have no "
            "statistics of theirs to show here.",
        )
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    subject = member or interaction.user
    result = await bot.services.stats.member_stats(
        str(interaction.guild_id),
        str(interaction.user.id),
        str(subject.id),
        bot.services.clock.now(),
    )
    chart = await asyncio.to_thread(stats_chart, result)
    await interaction.followup.send(
        embed=stats_embed(result, subject.id == interaction.user.id),
        file=discord.File(io.BytesIO(chart), filename="stats.png"),
        ephemeral=True,
    )


@app_commands.command(
    name="leaderboard", description="Points per right answer, by section and period"
)
@app_commands.describe(domain="Only one exam section", period="Which period (default: this week)")
@app_commands.choices(period=PERIODS)
@app_commands.guild_only()
async def leaderboard(
    interaction: discord.Interaction,
    domain: str | None = None,
    period: app_commands.Choice[str] | None = None,
) -> None:
    bot = bot_of(interaction)
    board = await bot.services.stats.leaderboard(
        str(interaction.guild_id),
        str(interaction.user.id),
        domain,
        period.value if period else "week",
        bot.services.clock.now(),
    )
    name = bot.services.bank.exam.domain(domain).name if domain else None
    await reply_private(interaction, "", embed=leaderboard_embed(board, name))


@leaderboard.autocomplete("domain")
async def _leaderboard_domain(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return domain_choices(interaction, current)


@app_commands.command(name="streak", description="Your current and best answering streak")
@app_commands.guild_only()
async def streak(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    view = await bot.services.daily.streak(str(interaction.guild_id), str(interaction.user.id))
    await reply_private(interaction, streak_text(view))
