"""``/plan`` and ``/assess``."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core.errors import InvalidInput
from bot.discord.context import bot_of
from bot.discord.options import domain_choices
from bot.discord.plan.hands_on import send_hands_on
from bot.discord.plan.render import assessment_text, plan_embeds
from bot.discord.replies import reply_private


@app_commands.command(name="plan", description="This week's theme, focus and blueprint")
@app_commands.describe(week="Show another week of the plan (1 = the first week)")
@app_commands.guild_only()
async def plan(
    interaction: discord.Interaction, week: app_commands.Range[int, 1, 104] | None = None
) -> None:
    bot = bot_of(interaction)
    now = bot.services.clock.now()
    view = await bot.services.plan.view(
        str(interaction.guild_id), str(interaction.user.id), week, now
    )
    next_mock = await bot.services.mocks.next_for_group(str(interaction.guild_id), now)
    for embed in plan_embeds(view, bot.services.bank.plan.messages, next_mock):
        await reply_private(interaction, "", embed=embed)
    await send_hands_on(interaction, view.hands_on)


LEVELS = [
    app_commands.Choice(name="1 — new to me", value=1),
    app_commands.Choice(name="2 — heard of it", value=2),
    app_commands.Choice(name="3 — could use it with the docs open", value=3),
    app_commands.Choice(name="4 — confident", value=4),
    app_commands.Choice(name="5 — could teach it", value=5),
]


@app_commands.command(name="assess", description="Rate yourself per exam section (1–5)")
@app_commands.describe(
    domain="The exam section to rate (leave empty to see your ratings)",
    level="How well you know it today",
)
@app_commands.choices(level=LEVELS)
@app_commands.guild_only()
async def assess(
    interaction: discord.Interaction,
    domain: str | None = None,
    level: app_commands.Choice[int] | None = None,
) -> None:
    bot = bot_of(interaction)
    if domain is None or level is None:
        if domain is not None or level is not None:
            raise InvalidInput(["Give both a section and a level, or neither to see your ratings."])
        views = await bot.services.plan.assessments(str(interaction.user.id))
    else:
        views = await bot.services.plan.assess(
            str(interaction.guild_id),
            str(interaction.user.id),
            interaction.user.display_name,
            domain,
            level.value,
            bot.services.clock.now(),
        )
    await reply_private(interaction, assessment_text(views))


@assess.autocomplete("domain")
async def _assess_domain(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return domain_choices(interaction, current)
