"""``/help``."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.rendering import BRAND
from bot.discord.replies import reply_private

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


@app_commands.command(name="help", description="What this bot does, its commands and rules")
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
async def help_command(interaction: discord.Interaction) -> None:
    await reply_private(
        interaction,
        "",
        embed=discord.Embed(title="Study-group bot", description=HELP_TEXT, colour=BRAND),
    )
