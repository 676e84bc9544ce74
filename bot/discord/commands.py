"""Slash commands. Organiser commands carry default permissions *and* a server-side check."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core.errors import InvalidInput, NotAllowed
from bot.core.group_settings import SetupRequest, timezone_suggestions
from bot.discord import embeds
from bot.discord.handlers import bot_of, reply_private

if TYPE_CHECKING:
    from bot.discord.client import StudyBot

log = logging.getLogger(__name__)

# What the bot needs in the study channel, by the name Discord shows in its settings.
REQUIRED_CHANNEL_PERMISSIONS = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
    "create_public_threads": "Create Public Threads",
    "send_messages_in_threads": "Send Messages in Threads",
}

HELP_TEXT = """\
**What I do.** Every study day at your group's post time I post one exam-style scenario \
question for the Google Cloud Professional ML Engineer exam. At the reveal time I post the \
answer, why every other option is wrong, the phrase of the scenario that decides it, how the \
group split and a few members' reasoning, with a thread to discuss.

**Answering.** Click a letter (or pick several from the menu when it says *Choose 2*). Your \
pick is private: only you see it, and nobody sees anyone's pick before the reveal. You can \
change it until the reveal; the last pick counts. Then press *Add reasoning* to say why and \
how sure you are (1–5): writing down *why* is how the group learns.

**Streaks.** Your streak counts the study days in a row on which you answered. Rest days and \
days without a question never break it; a study day's question you skip does. Milestones are \
celebrated at the reveal.

**Privacy.** Your reasoning may be quoted at the reveal, with your name or anonymously as you \
choose (a button after you answer). Picks are shown to the group only as totals and as the \
list of who got it right, after the reveal.

**The plan.** Eight weeks, one theme a week (announced on its first study day); the last two \
weeks favour revisiting what the group missed over new questions. Rest days bring no new \
question, only a light-review suggestion. Your two focus domains combine your self-rating \
(`/assess`) with your measured accuracy, judged cautiously: a few lucky answers do not make a \
domain strong (we use the lower end of a confidence interval, not the raw percentage).

**Commands**
• `/plan [week]` — this week's theme, focus domains, blueprint and days; exam countdowns.
• `/assess [domain] [level]` — rate yourself 1–5 per exam section; repeat any time.
• `/me show`, `/me set` — your timezone, exam date, reminder DMs (opt-in) and quiet hours.
• `/streak` — your current and best streak.
• `/help` — this message.
• `/setup configure` — *(organisers: Manage Server)* channel, timezone, post and reveal time, \
rest days, plan start and exam date. Run it again to change any of them.
• `/setup show` — the group's settings and when the next question comes.
• `/reports list`, `/reports resolve` — *(organisers)* problems members reported with \
questions (the 🚩 button under every reveal).
"""


def _missing_permissions(interaction: discord.Interaction, channel_id: int) -> tuple[str, ...]:
    guild = interaction.guild
    channel = guild.get_channel(channel_id) if guild else None
    if guild is None or channel is None or guild.me is None:
        return ("access to the channel (I cannot see it)",)
    if not isinstance(channel, discord.TextChannel):
        return ("a text channel (pick a normal text channel)",)
    granted = channel.permissions_for(guild.me)
    return tuple(
        label for flag, label in REQUIRED_CHANNEL_PERMISSIONS.items() if not getattr(granted, flag)
    )


def _require_organiser(interaction: discord.Interaction) -> None:
    """Server-side check: default permissions only hide commands, they do not protect them."""
    permissions = interaction.permissions
    if not (permissions.manage_guild or permissions.administrator):
        raise NotAllowed(
            "Only organisers (members with the Manage Server permission) can change the "
            "group's settings. `/setup show` shows them to everyone."
        )


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SetupCommands(app_commands.Group, name="setup", description="Set up the study group"):
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
        _require_organiser(interaction)
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
        await interaction.response.send_message(
            embed=embeds.setup_summary(view, title), ephemeral=True
        )

    @configure.autocomplete("timezone")
    async def _timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in timezone_suggestions(current)]

    @app_commands.command(name="show", description="Show the group's settings")
    async def show(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        view = await bot.services.groups.get(
            "discord", str(interaction.guild_id), bot.services.clock.now()
        )
        if view is None:
            await reply_private(
                interaction,
                "This server has no study group yet. An organiser (Manage Server) starts one "
                "with `/setup configure`.",
            )
            return
        await reply_private(interaction, "", embed=embeds.setup_summary(view, "Study group"))


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ReportCommands(
    app_commands.Group, name="reports", description="Problems members reported with questions"
):
    @app_commands.command(name="list", description="Open reports in this server")
    async def list_reports(self, interaction: discord.Interaction) -> None:
        _require_organiser(interaction)
        bot = bot_of(interaction)
        reports = await bot.services.reports.open_reports(str(interaction.guild_id))
        await reply_private(interaction, "", embed=embeds.reports_embed(reports))

    @app_commands.command(name="resolve", description="Mark a report as resolved")
    @app_commands.describe(
        id="The report number from /reports list", note="What was done (shown in the record)"
    )
    async def resolve(
        self,
        interaction: discord.Interaction,
        id: app_commands.Range[int, 1, 2**53],
        note: str = "",
    ) -> None:
        _require_organiser(interaction)
        bot = bot_of(interaction)
        report = await bot.services.reports.resolve(
            str(interaction.guild_id), id, note, bot.services.clock.now()
        )
        await reply_private(
            interaction,
            f"Report #{report.id} on `{report.question_id}` is resolved."
            + (f" Note: {report.resolution}" if report.resolution else ""),
        )


@app_commands.command(name="streak", description="Your current and best answering streak")
@app_commands.guild_only()
async def streak(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    view = await bot.services.daily.streak(str(interaction.guild_id), str(interaction.user.id))
    await reply_private(interaction, embeds.streak_text(view))


@app_commands.command(name="plan", description="This week's theme, focus and blueprint")
@app_commands.describe(week="Show another week of the plan (1 = the first week)")
@app_commands.guild_only()
async def plan(
    interaction: discord.Interaction, week: app_commands.Range[int, 1, 104] | None = None
) -> None:
    bot = bot_of(interaction)
    view = await bot.services.plan.view(
        str(interaction.guild_id), str(interaction.user.id), week, bot.services.clock.now()
    )
    await reply_private(
        interaction, "", embed=embeds.plan_embed(view, bot.services.bank.plan.messages)
    )


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
    await reply_private(interaction, embeds.assessment_text(views))


@assess.autocomplete("domain")
async def _domain_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    bot = bot_of(interaction)
    needle = current.lower()
    return [
        app_commands.Choice(name=f"{d.number}. {d.name}"[:100], value=d.slug)
        for d in bot.services.bank.exam.domains
        if needle in d.name.lower() or needle in d.slug
    ][:25]


class MeCommands(app_commands.Group, name="me", description="Your own settings"):
    @app_commands.command(name="show", description="Your timezone, exam date and reminders")
    async def show(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        settings = await bot.services.me.show(
            str(interaction.user.id), interaction.user.display_name, bot.services.clock.now()
        )
        await reply_private(interaction, embeds.me_text(settings))

    @app_commands.command(name="set", description="Change your own settings")
    @app_commands.describe(
        timezone="Your timezone if it differs from the group's (or none)",
        exam_date="Your exam date, YYYY-MM-DD (or none)",
        reminders="Reminder DMs: question closing, weekly theme, exam eve and after",
        quiet_hours="No DMs in these hours of your day, e.g. 22:00-07:00 (or none)",
    )
    async def set_(
        self,
        interaction: discord.Interaction,
        timezone: str | None = None,
        exam_date: str | None = None,
        reminders: bool | None = None,
        quiet_hours: str | None = None,
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
        )
        await reply_private(interaction, "Saved. " + embeds.me_text(settings))

    @set_.autocomplete("timezone")
    async def _timezone(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in timezone_suggestions(current)]


@app_commands.command(name="help", description="What this bot does, its commands and rules")
async def help_command(interaction: discord.Interaction) -> None:
    await reply_private(
        interaction,
        "",
        embed=discord.Embed(title="Study-group bot", description=HELP_TEXT, colour=embeds.BRAND),
    )


def register(bot: StudyBot) -> None:
    bot.tree.add_command(SetupCommands())
    bot.tree.add_command(ReportCommands())
    bot.tree.add_command(streak)
    bot.tree.add_command(plan)
    bot.tree.add_command(assess)
    bot.tree.add_command(MeCommands())
    bot.tree.add_command(help_command)
