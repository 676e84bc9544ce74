"""Slash commands.

Discord applies ``default_member_permissions`` to a top-level command only (subcommands
inherit it), so the tree is split by audience: the organiser groups ``/setup``, ``/mock`` and
``/reports`` carry ``default_permissions(manage_guild=True)`` and are hidden from members
without Manage Server; every other command (``/group``, ``/mocks``, ``/plan``, ...) is
offered to everyone. Organiser commands also check on the server (defence in depth: a
server's Integrations settings can open a command to anyone). Commands that need a server
are ``guild_only`` (not offered in DMs); ``/me`` and ``/help`` work in DMs too.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.core.errors import InvalidInput
from bot.core.group_settings import SetupRequest, timezone_suggestions
from bot.core.mock import MAX_MINUTES, MAX_QUESTIONS, MIN_MINUTES, MIN_QUESTIONS
from bot.core.text import plural
from bot.discord import embeds
from bot.discord.charts import stats_chart
from bot.discord.handlers import (
    acknowledge,
    bot_of,
    reply_private,
    require_organiser,
    send_mistakes,
    send_reports,
    send_review,
)
from bot.discord.permissions import missing_in
from bot.discord.views import forget_view
from bot.services.mistakes import mistakes_markdown
from bot.services.mock import NO_FOCUS, MockView

if TYPE_CHECKING:
    from bot.discord.client import StudyBot

log = logging.getLogger(__name__)

# Numbers that name a row (a report, a mock night): database ids are 32-bit integers.
RowId = app_commands.Range[int, 1, 2_147_483_647]
QuestionCount = app_commands.Range[int, MIN_QUESTIONS, MAX_QUESTIONS]
Minutes = app_commands.Range[int, MIN_MINUTES, MAX_MINUTES]

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

**Product names.** Google is renaming Vertex AI to Gemini Enterprise Agent Platform; \
questions say "Vertex AI" (sometimes "Vertex AI (Agent Platform)") — read either name as the \
same platform.

**Commands**
• `/plan [week]` — this week's theme, focus domains, blueprint and days; exam countdowns.
• `/assess [domain] [level]` — rate yourself 1–5 per exam section; repeat any time.
• `/me show`, `/me set` — your timezone, exam date, reminder DMs (opt-in) and quiet hours.
• `/stats [member]` — your accuracy per section, trend, readiness, calibration and weak \
sections, with a chart (private; others' only if they made theirs public).
• `/leaderboard [domain] [period]` — a point per right answer; ties share a rank; accuracy \
is shown from 5 answers on; your own rank is always shown.
• `/mistakes list [domain]`, `/mistakes export` — your missed questions with your reasoning.
• `/review` — missed (and unsure) questions come back on a spaced schedule (FSRS).
• `/me export`, `/me forget` — download or delete everything stored about you.
• `/mocks` — upcoming mock-exam nights. A night is a timed, private exam for everyone at \
once: one question at a time, flag for review, jump, submit; everyone's time ends together \
at the window's end.
• `/streak` — your current and best streak.
• `/group` — the group's settings and when the next question comes.
• `/help` — this message.

**Organisers** (members with Manage Server; only they see these commands)
• `/setup configure` — channel, timezone, post and reveal time, rest days, plan start and \
exam date. Run it again to change any of them.
• `/mock schedule`, `/mock edit`, `/mock cancel` — timed mock-exam nights, each with a \
Discord event.
• `/reports list`, `/reports resolve` — problems members reported with questions (the 🚩 \
button under every reveal).
"""


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
        await reply_private(interaction, "", embed=embeds.setup_summary(view, title))

    @configure.autocomplete("timezone")
    async def _timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in timezone_suggestions(current)]


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
    now = bot.services.clock.now()
    view = await bot.services.plan.view(
        str(interaction.guild_id), str(interaction.user.id), week, now
    )
    next_mock = await bot.services.mocks.next_for_group(str(interaction.guild_id), now)
    for embed in embeds.plan_embeds(view, bot.services.bank.plan.messages, next_mock):
        await reply_private(interaction, "", embed=embed)


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


def domain_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Exam sections matching what was typed (autocomplete for every domain option)."""
    bot = bot_of(interaction)
    needle = current.lower()
    return [
        app_commands.Choice(name=f"{d.number}. {d.name}"[:100], value=d.slug)
        for d in bot.services.bank.exam.domains
        if needle in d.name.lower() or needle in d.slug
    ][:25]


@assess.autocomplete("domain")
async def _assess_domain(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return domain_choices(interaction, current)


@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
class MeCommands(app_commands.Group, name="me", description="Your own settings and data"):
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
        stats_public="Let other members see your /stats",
        mock_reminders="DM me before mock nights I marked Interested (default: on)",
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
        await reply_private(interaction, "Saved. " + embeds.me_text(settings))

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
            "This deletes your answers, reasoning, streaks, self-assessments, reports, review "
            "cards and settings in every server, for good. Are you sure?",
            view=forget_view(),
        )

    @set_.autocomplete("timezone")
    async def _timezone(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in timezone_suggestions(current)]


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
        embed=embeds.stats_embed(result, subject.id == interaction.user.id),
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
    await reply_private(interaction, "", embed=embeds.leaderboard_embed(board, name))


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


@app_commands.command(name="review", description="Your next spaced-review question")
@app_commands.guild_only()
async def review(interaction: discord.Interaction) -> None:
    await send_review(interaction)


@leaderboard.autocomplete("domain")
async def _leaderboard_domain(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return domain_choices(interaction, current)


async def _mock_event(interaction: discord.Interaction, mock: MockView) -> str:
    """Create or move the night's Discord scheduled event; a note when that failed."""
    guild = interaction.guild
    if guild is None:
        return ""
    channel = guild.get_channel(int(mock.channel_id))
    where = f"#{channel.name}" if channel else "the study channel"
    description = (
        f"{embeds.mock_size(mock)}, under exam conditions. Press Start in the study "
        "channel when it opens."
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
            name=f"PMLE mock exam #{mock.id}",
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
    )
    async def schedule(
        self,
        interaction: discord.Interaction,
        date: str,
        time: str,
        questions: QuestionCount | None = None,
        minutes: Minutes | None = None,
        focus: str | None = None,
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
        )
        await acknowledge(interaction)
        note = await _mock_event(interaction, mock)
        announcement = bot.publisher.channel(mock.channel_id)
        await announcement.send(
            f"📝 **Mock-exam night scheduled**: {embeds.mock_line(mock)}. Mark the server "
            "event as *Interested* for a reminder; `/mocks` lists every night.",
            allowed_mentions=discord.AllowedMentions.none(),
        )
        await interaction.followup.send(
            f"Scheduled: {embeds.mock_line(mock)}{note}", ephemeral=True
        )

    @app_commands.command(name="edit", description="Change a mock night that has not started")
    @app_commands.describe(
        id="The night's number from /mocks",
        date="New day, YYYY-MM-DD (group's timezone)",
        time="New start, 24-hour HH:MM (group's timezone)",
        questions=f"New number of questions ({MIN_QUESTIONS}–{MAX_QUESTIONS})",
        minutes=f"New duration in minutes ({MIN_MINUTES}–{MAX_MINUTES})",
        focus="A new focus section, or “none” to draw by the exam weights",
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
        )
        await acknowledge(interaction)
        note = await _mock_event(interaction, mock)
        await interaction.followup.send(f"Changed: {embeds.mock_line(mock)}{note}", ephemeral=True)

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
    await reply_private(interaction, "", embed=embeds.mock_list_embed(upcoming))


@app_commands.command(name="help", description="What this bot does, its commands and rules")
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
async def help_command(interaction: discord.Interaction) -> None:
    await reply_private(
        interaction,
        "",
        embed=discord.Embed(title="Study-group bot", description=HELP_TEXT, colour=embeds.BRAND),
    )


def register(bot: StudyBot) -> None:
    # Organisers only (hidden from members without Manage Server).
    bot.tree.add_command(SetupCommands())
    bot.tree.add_command(MockCommands())
    bot.tree.add_command(ReportCommands())
    # Everyone.
    bot.tree.add_command(group)
    bot.tree.add_command(mocks)
    bot.tree.add_command(streak)
    bot.tree.add_command(plan)
    bot.tree.add_command(assess)
    bot.tree.add_command(MeCommands())
    bot.tree.add_command(stats)
    bot.tree.add_command(leaderboard)
    bot.tree.add_command(MistakeCommands())
    bot.tree.add_command(review)
    bot.tree.add_command(help_command)
