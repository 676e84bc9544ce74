"""``/setup configure`` (organisers) and ``/group``."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core.group_settings import SetupRequest, timezone_suggestions
from bot.discord.context import bot_of
from bot.discord.permissions import missing_in
from bot.discord.replies import acknowledge, reply_private, require_organiser
from bot.discord.setup.render import setup_summary
from bot.services.controls import ControlResult, post_now_reply
from bot.services.daily import PostNow
from bot.services.groups import GroupView


def _missing_permissions(interaction: discord.Interaction, channel_id: int) -> tuple[str, ...]:
    return missing_in(interaction.guild, channel_id) or ()


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SetupCommands(
    app_commands.Group, name="setup", description="Organisers: set up the study group"
):
    @app_commands.command(name="configure", description="Set the channel, times and rest days")
    @app_commands.describe(
        channel="Where the daily question is posted (default: this channel)",
        timezone="The group's timezone, e.g. Europe/Berlin (start typing to search)",
        post_time="When the question is posted, 24-hour HH:MM in the group's timezone",
        reveal_time="When the answer is revealed, HH:MM, later the same day",
        rest_days="Weekdays without a question, e.g. sat,sun — or none",
        start_date="First day of the 8-week plan, YYYY-MM-DD (default: today)",
        exam_date="The group's exam date, YYYY-MM-DD, or none",
    )
    async def configure(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        timezone: str | None = None,
        post_time: str | None = None,
        reveal_time: str | None = None,
        rest_days: str | None = None,
        start_date: str | None = None,
        exam_date: str | None = None,
    ) -> None:
        require_organiser(
            interaction, "change the group's settings; `/group` shows them to everyone"
        )
        bot = bot_of(interaction)
        channel_id = channel.id if channel else interaction.channel_id
        existing = await bot.services.groups.get(
            "discord", str(interaction.guild_id), bot.services.clock.now()
        )
        # Check the channel when it is new or changes; a kept channel was checked before.
        check_channel = channel is not None or existing is None
        request = SetupRequest(
            channel_id=str(channel_id) if channel_id and check_channel else None,
            channel_missing_permissions=(
                _missing_permissions(interaction, channel_id)
                if channel_id and check_channel
                else ()
            ),
            timezone=timezone,
            post_time=post_time,
            reveal_time=reveal_time,
            rest_days=rest_days,
            start_date=start_date,
            exam_date=exam_date,
        )
        now = bot.services.clock.now()
        view = await bot.services.groups.configure(
            "discord", str(interaction.guild_id), request, now, now.date()
        )
        await bot.schedule_group(view.id)
        title = "Study group created ✅" if view.created else "Settings updated ✅"
        await reply_private(interaction, "", embed=setup_summary(view, title))
        await bot.services.refresh_overview(view.external_id)

    @app_commands.command(
        name="post-now", description="Post today's question now (the reveal stays at its time)"
    )
    async def post_now(self, interaction: discord.Interaction) -> None:
        require_organiser(interaction, "post today's question early")
        bot = bot_of(interaction)
        view = await _group_or_none(interaction)
        if view is None:
            return
        await acknowledge(interaction)
        before = await bot.services.daily.post_now_status(view.id, bot.services.clock.now())
        status = await bot.services.runner.post_now(view.id)
        await reply_private(interaction, post_now_reply(status, before == PostNow.POSTED))

    @app_commands.command(name="skip", description="Take a study day off (no question)")
    @app_commands.describe(day="The day to skip, YYYY-MM-DD (default: today)")
    async def skip(self, interaction: discord.Interaction, day: str | None = None) -> None:
        require_organiser(interaction, "skip a study day")
        bot = bot_of(interaction)
        result = await bot.services.controls.skip(
            "discord", str(interaction.guild_id), day, bot.services.clock.now()
        )
        await _controlled(interaction, result)

    @app_commands.command(name="pause", description="Pause the group until a date (holidays)")
    @app_commands.describe(until="The day questions come back, YYYY-MM-DD")
    async def pause(self, interaction: discord.Interaction, until: str) -> None:
        require_organiser(interaction, "pause the group")
        bot = bot_of(interaction)
        result = await bot.services.controls.pause(
            "discord", str(interaction.guild_id), until, bot.services.clock.now()
        )
        await _controlled(interaction, result)

    @app_commands.command(name="resume", description="End the group's pause")
    async def resume(self, interaction: discord.Interaction) -> None:
        require_organiser(interaction, "resume the group")
        bot = bot_of(interaction)
        result = await bot.services.controls.resume(
            "discord", str(interaction.guild_id), bot.services.clock.now()
        )
        await _controlled(interaction, result)

    @configure.autocomplete("timezone")
    async def _timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in timezone_suggestions(current)]


NO_GROUP = (
    "This server has no study group yet. An organiser (Manage Server) starts one with "
    "`/setup configure`."
)


async def _group_or_none(interaction: discord.Interaction) -> GroupView | None:
    bot = bot_of(interaction)
    view = await bot.services.groups.get(
        "discord", str(interaction.guild_id), bot.services.clock.now()
    )
    if view is None:
        await reply_private(interaction, NO_GROUP)
    return view


async def _controlled(interaction: discord.Interaction, result: ControlResult | None) -> None:
    """Tell the organiser what changed, announce it in the channel, and move the schedule."""
    if result is None:
        await reply_private(interaction, NO_GROUP)
        return
    bot = bot_of(interaction)
    text = result.reply
    if result.changed:
        await bot.schedule_group(result.view.id)
        try:
            await bot.publisher.channel(result.view.settings.channel_id).send(
                result.note, allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException:
            text += f"\n(I could not post this in <#{result.view.settings.channel_id}>.)"
    await reply_private(interaction, text)
    if result.changed:
        await bot.services.refresh_overview(result.view.external_id)


@app_commands.command(
    name="group", description="The group's channel, times, rest days and next question"
)
@app_commands.guild_only()
async def group(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    view = await bot.services.groups.get(
        "discord", str(interaction.guild_id), bot.services.clock.now()
    )
    if view is None:
        await reply_private(interaction, NO_GROUP)
        return
    await reply_private(interaction, "", embed=setup_summary(view, "Study group"))
