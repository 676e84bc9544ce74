"""``/mock`` (organisers) and ``/mocks``."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.core.mock import MAX_MINUTES, MAX_QUESTIONS, MIN_MINUTES, MIN_QUESTIONS
from bot.core.pacing import DEFAULT_PACE, MAX_PACE, MIN_PACE
from bot.discord.context import bot_of
from bot.discord.mock.render import mock_line, mock_list_embed, mock_size
from bot.discord.options import RowId, domain_choices
from bot.discord.pings import role_ping
from bot.discord.replies import acknowledge, reply_private, require_organiser
from bot.services.mock import NO_FOCUS, MockView

log = logging.getLogger(__name__)


QuestionCount = app_commands.Range[int, MIN_QUESTIONS, MAX_QUESTIONS]


Minutes = app_commands.Range[int, MIN_MINUTES, MAX_MINUTES]


PaceMinutes = app_commands.Range[int, MIN_PACE, MAX_PACE]
PACE_HELP = f"Minutes a question may take before results call it slow ({MIN_PACE}–{MAX_PACE}"


async def _mock_event(interaction: discord.Interaction, mock: MockView) -> str:
    """Create or move the night's Discord scheduled event; a note when that failed."""
    guild = interaction.guild
    if guild is None:
        return ""
    channel = guild.get_channel(int(mock.channel_id))
    where = f"#{channel.name}" if channel else "the study channel"
    description = (
        f"{mock_size(mock)}, under exam conditions. Press Start in the study channel when it opens."
    )
    try:
        if mock.event_id:
            event = await guild.fetch_scheduled_event(int(mock.event_id))
            await event.edit(
                start_time=mock.starts_at,
                end_time=mock.ends_at,
                description=description,
                location=where,
            )
            return ""
        event = await guild.create_scheduled_event(
            name=bot_of(interaction).services.bank.exam.mock_title(mock.id),
            start_time=mock.starts_at,
            end_time=mock.ends_at,
            entity_type=discord.EntityType.external,
            location=where,
            privacy_level=discord.PrivacyLevel.guild_only,
            description=description,
        )
    except discord.HTTPException as error:
        log.warning("could not create the scheduled event for mock %s: %s", mock.id, error)
        return (
            "\n⚠ I could not create the Discord event (I need the Manage Events "
            "permission); the mock night itself is scheduled."
        )
    await bot_of(interaction).services.mocks.set_event(mock.id, str(event.id))
    return ""


def focus_choices(
    interaction: discord.Interaction, current: str, *, clearable: bool
) -> list[app_commands.Choice[str]]:
    """Exam sections for a mock's focus; ``clearable`` offers "no focus" first (``/mock edit``)."""
    found = domain_choices(interaction, current)
    label = "none — no focus: draw by the exam weights"
    if clearable and current.strip().lower() in label:
        return [app_commands.Choice(name=label, value=NO_FOCUS), *found[:24]]
    return found


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class MockCommands(
    app_commands.Group, name="mock", description="Organisers: schedule mock-exam nights"
):
    @app_commands.command(name="schedule", description="Schedule a timed group mock exam")
    @app_commands.describe(
        date="Day, YYYY-MM-DD (group's timezone)",
        time="Start, 24-hour HH:MM (group's timezone)",
        questions=f"Number of questions ({MIN_QUESTIONS}–{MAX_QUESTIONS}, default 50)",
        minutes=f"Duration in minutes ({MIN_MINUTES}–{MAX_MINUTES}, default 120)",
        focus="Draw most questions from one exam section (start typing to search)",
        pace=f"{PACE_HELP}, default {DEFAULT_PACE})",
    )
    async def schedule(
        self,
        interaction: discord.Interaction,
        date: str,
        time: str,
        questions: QuestionCount | None = None,
        minutes: Minutes | None = None,
        focus: str | None = None,
        pace: PaceMinutes | None = None,
    ) -> None:
        require_organiser(interaction, "schedule mock-exam nights; `/mocks` lists them")
        bot = bot_of(interaction)
        mock = await bot.services.mocks.schedule(
            str(interaction.guild_id),
            date,
            time,
            questions,
            minutes,
            focus,
            bot.services.clock.now(),
            pace=pace,
        )
        await acknowledge(interaction)
        note = await _mock_event(interaction, mock)
        announcement = bot.publisher.channel(mock.channel_id)
        group = await bot.services.pings.group(mock.guild_id)
        ping = role_ping(group.role_id if group else None)
        text = (
            f"📝 **Mock-exam night scheduled**: {mock_line(mock)}. Mark the server "
            "event as *Interested* for a reminder; `/mocks` lists every night."
        )
        await announcement.send(
            f"{ping['content']} {text}" if "content" in ping else text,
            allowed_mentions=ping["allowed_mentions"],
        )
        await interaction.followup.send(f"Scheduled: {mock_line(mock)}{note}", ephemeral=True)
        await bot.services.refresh_overview(mock.guild_id)

    @app_commands.command(name="edit", description="Change a mock night that has not started")
    @app_commands.describe(
        id="The night's number from /mocks",
        date="New day, YYYY-MM-DD (group's timezone)",
        time="New start, 24-hour HH:MM (group's timezone)",
        questions=f"New number of questions ({MIN_QUESTIONS}–{MAX_QUESTIONS})",
        minutes=f"New duration in minutes ({MIN_MINUTES}–{MAX_MINUTES})",
        focus="A new focus section, or “none” to draw by the exam weights",
        pace=f"{PACE_HELP})",
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        id: RowId,
        date: str | None = None,
        time: str | None = None,
        questions: QuestionCount | None = None,
        minutes: Minutes | None = None,
        focus: str | None = None,
        pace: PaceMinutes | None = None,
    ) -> None:
        require_organiser(interaction, "change mock-exam nights")
        bot = bot_of(interaction)
        mock = await bot.services.mocks.edit(
            str(interaction.guild_id),
            id,
            date,
            time,
            questions,
            minutes,
            focus,
            bot.services.clock.now(),
            pace=pace,
        )
        await acknowledge(interaction)
        note = await _mock_event(interaction, mock)
        await interaction.followup.send(f"Changed: {mock_line(mock)}{note}", ephemeral=True)
        await bot.services.refresh_overview(mock.guild_id)

    @app_commands.command(name="cancel", description="Cancel a mock night and its event")
    @app_commands.describe(id="The night's number from /mocks")
    async def cancel(self, interaction: discord.Interaction, id: RowId) -> None:
        require_organiser(interaction, "cancel mock-exam nights")
        bot = bot_of(interaction)
        mock = await bot.services.mocks.cancel(str(interaction.guild_id), id)
        await acknowledge(interaction)
        note = ""
        if mock.event_id and interaction.guild:
            try:
                event = await interaction.guild.fetch_scheduled_event(int(mock.event_id))
                await event.cancel()
            except discord.HTTPException:
                note = "\n⚠ I could not cancel the Discord event; please remove it by hand."
        await interaction.followup.send(f"Cancelled mock night #{mock.id}.{note}", ephemeral=True)
        await bot.services.refresh_overview(mock.guild_id)

    @schedule.autocomplete("focus")
    async def _schedule_focus(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return focus_choices(interaction, current, clearable=False)

    @edit.autocomplete("focus")
    async def _edit_focus(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return focus_choices(interaction, current, clearable=True)


@app_commands.command(name="mocks", description="Upcoming mock-exam nights")
@app_commands.guild_only()
async def mocks(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    upcoming = await bot.services.mocks.upcoming(
        str(interaction.guild_id), bot.services.clock.now()
    )
    await reply_private(interaction, "", embed=mock_list_embed(upcoming))
