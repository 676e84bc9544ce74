"""``/me``: a member's own settings and data."""

from __future__ import annotations

import io
import json

import discord
from discord import app_commands

from bot.core.errors import UserFacingError
from bot.core.group_settings import timezone_suggestions
from bot.discord.context import bot_of
from bot.discord.me.components import forget_view
from bot.discord.me.render import me_text
from bot.discord.pings import choose_pings
from bot.discord.replies import reply_private
from bot.services.privacy import forget_warning


@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
class MeCommands(app_commands.Group, name="me", description="Your own settings and data"):
    @app_commands.command(name="show", description="Your timezone, exam date and reminders")
    async def show(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        settings = await bot.services.me.show(
            str(interaction.user.id), interaction.user.display_name, bot.services.clock.now()
        )
        await reply_private(interaction, me_text(settings))

    @app_commands.command(name="set", description="Change your own settings")
    @app_commands.describe(
        timezone="Your timezone if it differs from the group's (or none)",
        exam_date="Your exam date, YYYY-MM-DD (or none)",
        reminders="Reminder DMs: question closing, weekly theme, exam eve and after",
        quiet_hours="No DMs in these hours of your day, e.g. 22:00-07:00 (or none)",
        stats_public="Let other members see your /stats",
        mock_reminders="DM me before mock nights I marked Interested (default: on)",
        pings="Ping me (a role) on each daily question and mock-night announcement",
    )
    async def set_(
        self,
        interaction: discord.Interaction,
        timezone: str | None = None,
        exam_date: str | None = None,
        reminders: bool | None = None,
        quiet_hours: str | None = None,
        stats_public: bool | None = None,
        mock_reminders: bool | None = None,
        pings: bool | None = None,
    ) -> None:
        bot = bot_of(interaction)
        settings = await bot.services.me.update(
            str(interaction.guild_id) if interaction.guild_id else None,
            str(interaction.user.id),
            interaction.user.display_name,
            bot.services.clock.now(),
            timezone=timezone,
            exam_date=exam_date,
            reminders=reminders,
            quiet_hours=quiet_hours,
            stats_public=stats_public,
            mock_reminders=mock_reminders,
        )
        text = "Saved. " + me_text(settings)
        if pings is not None:
            try:
                text = f"{await choose_pings(interaction, pings)}\n{text}"
            except UserFacingError as refused:
                text = f"{refused.message}\n{text}"
        await reply_private(interaction, text)

    @app_commands.command(name="export", description="Download everything stored about you")
    async def export(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        data = await bot.services.privacy.export(str(interaction.user.id))
        payload = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
        await reply_private(
            interaction,
            "Everything stored about you, as JSON.",
            file=discord.File(io.BytesIO(payload), filename="my-study-data.json"),
        )

    @app_commands.command(name="forget", description="Delete everything stored about you")
    async def forget(self, interaction: discord.Interaction) -> None:
        await reply_private(
            interaction,
            forget_warning("server"),
            view=forget_view(),
        )

    @set_.autocomplete("timezone")
    async def _timezone(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in timezone_suggestions(current)]
