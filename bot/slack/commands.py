"""``/study`` (routed by :mod:`bot.slack.router`) and its core subcommands: help, group,
streak and setup. Everything it answers is private to whoever ran it."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.content.schema import ExamGuide
from bot.core.errors import UserFacingError
from bot.core.group_settings import SetupRequest, zone_names
from bot.core.schedule import format_weekdays
from bot.core.text import noun
from bot.services.daily import StreakView
from bot.services.groups import GroupView
from bot.slack import ids
from bot.slack.answering import tell
from bot.slack.blocks import escape, local_time, option
from bot.slack.errors import NO_GROUP, field_errors, refusal_text
from bot.slack.modals import Origin, setup_modal, values
from bot.slack.router import Call, Router, is_workspace_admin

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger(__name__)
TIMEZONE_OPTIONS = 100  # the most an external select shows
ZONES = sorted(zone_names())
# The setup modal's block ids: core names the field of each problem by these words.
SETUP_BLOCKS = (
    "channel",
    ids.TIMEZONE,
    "post_time",
    "reveal_time",
    "rest_days",
    "start_date",
    "exam_date",
)
NOT_ORGANISER = (
    "Only organisers set up the group: workspace owners and admins, and members an organiser "
    "added to the group's organisers. Ask one of them to run `/study setup`."
)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\*)([^*\n]+?)\*(?![*\w])")


def mrkdwn(markdown: str) -> str:
    """The content's Markdown (``**bold**``, ``*italic*``, `` `code` ``) in Slack's mrkdwn."""
    text = _ITALIC.sub(r"_\1_", escape(markdown))
    return _BOLD.sub(r"*\1*", text)


def help_text(router: Router, exam: ExamGuide, about: str) -> str:
    """The exam's heading, what the bot does and its rules (``content/help.md``, the same on
    every platform), then the ``/study`` subcommands as registered."""
    return "\n".join(
        [f"*{escape(exam.help_heading)}*", mrkdwn(about.strip()), "", *router.usage_lines()]
    )


def group_text(view: GroupView) -> str:
    s = view.settings
    exam = f"{s.exam_date:%a %d %b %Y}" if s.exam_date else "not set"
    return "\n".join(
        [
            "*The study group*",
            f"Channel: <#{s.channel_id}> · timezone {escape(s.timezone)}",
            f"Question at {s.post_time:%H:%M}, reveal at {s.reveal_time:%H:%M} (group's time)",
            f"Rest days: {format_weekdays(s.rest_weekdays)}",
            f"Plan started {s.plan_start:%a %d %b %Y} · exam {exam}",
            f"Next question: {local_time(view.next_post_at)}",
        ]
    )


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    """``/study`` itself, routed through ``router``, and the core subcommands: help, group,
    streak and setup (with its modal)."""
    services = bot.services

    def about() -> str:
        return help_text(router, services.bank.exam, services.bank.help_text)

    @app.command(ids.COMMAND)
    async def study(
        ack: Any, command: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        word, _, rest = command.get("text", "").strip().partition(" ")
        call = Call(
            bot=bot,
            client=client,
            team=command["team_id"],
            user=command["user_id"],
            channel=command.get("channel_id", ""),
            trigger_id=command.get("trigger_id", ""),
            args=rest.strip(),
            respond=respond,
            user_name=str(command.get("user_name") or ""),
        )
        sub = router.find(word or "help")
        try:
            if sub is None:
                await call.reply(f"I do not know `/study {escape(word)}`.\n\n{about()}")
            else:
                await sub.handler(call)
        except UserFacingError as error:
            await call.reply(refusal_text(error))

    @router.add("help", "`/study help`", "what the bot does and its commands")
    async def show_help(call: Call) -> None:
        await call.reply(about())

    @router.add("group", "`/study group`", "the group's settings and when the next question comes")
    async def show_group(call: Call) -> None:
        view = await services.groups.get("slack", call.team, services.clock.now())
        await call.reply(group_text(view) if view else NO_GROUP)

    @router.add("streak", "`/study streak`", "your current and best streak")
    async def show_streak(call: Call) -> None:
        await call.reply(streak_text(await services.daily.streak(call.team, call.user)))

    @router.add(
        "setup",
        "`/study setup`",
        "organisers: channel, timezone, times, rest days, start and exam date",
    )
    async def open_setup(call: Call) -> None:
        if not await call.is_organiser():
            await call.reply(NOT_ORGANISER)
            return
        current = await services.groups.get("slack", call.team, services.clock.now())
        await call.client.views_open(
            trigger_id=call.trigger_id, view=setup_modal(Origin(call.team, call.channel), current)
        )

    @app.options(ids.TIMEZONE)
    async def timezones(ack: Any, payload: dict[str, Any]) -> None:
        typed = payload.get("value", "").strip().lower().replace(" ", "_")
        found = [z for z in ZONES if typed in z.lower()][:TIMEZONE_OPTIONS]
        await ack(options=[option(z, z) for z in found])

    @app.view(ids.SETUP_VIEW)
    async def save_setup(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        origin = Origin.load(view["private_metadata"])
        user = body["user"]["id"]
        organisers = await services.groups.organisers("slack", origin.team_id)
        if user not in organisers and not await is_workspace_admin(client, user):
            await ack(response_action="errors", errors={"channel": NOT_ORGANISER})
            return
        given = values(view)
        channel = given.get("channel")
        problem = await channel_refusal(client, channel) if channel else None
        if problem:
            await ack(response_action="errors", errors={"channel": problem})
            return
        rest = given.get("rest_days") or []
        request = SetupRequest(
            channel_id=channel,
            timezone=given.get(ids.TIMEZONE),
            post_time=given.get("post_time"),
            reveal_time=given.get("reveal_time"),
            rest_days=",".join(rest) if rest else "none",
            start_date=given.get("start_date"),
            exam_date=given.get("exam_date") or "none",
        )
        now = services.clock.now()
        try:
            saved = await services.groups.configure(
                "slack", origin.team_id, request, now, now.date()
            )
        except UserFacingError as error:
            await ack(response_action="errors", errors=field_errors(error, SETUP_BLOCKS, "channel"))
            return
        await ack()
        await services.groups.add_organiser(saved.id, user, now)
        await bot.schedule_group(saved.id)
        title = "The study group is set up." if saved.created else "Saved the group's settings."
        await tell(client, origin.channel_id, user, f"{title}\n{group_text(saved)}")
        await services.refresh_overview(origin.team_id)


async def channel_refusal(client: AsyncWebClient, channel_id: str) -> str | None:
    """Why the bot cannot post in the chosen channel, in words an organiser can act on."""
    try:
        info = await client.conversations_info(channel=channel_id)
    except SlackApiError as error:
        if error.response.get("error") == "channel_not_found":
            return (
                "I cannot see that channel. For a private channel, invite me there first (/invite)."
            )
        raise
    channel = info["channel"]
    if channel.get("is_archived"):
        return "That channel is archived. Pick another one."
    if channel.get("is_im") or channel.get("is_mpim"):
        return "Pick a channel, not a direct message."
    if not channel.get("is_member"):
        return "I am not in that channel yet: type /invite and add me there, then save again."
    return None


def streak_text(view: StreakView) -> str:
    if view.answered_total == 0:
        return (
            "You have no streak yet: answer today's question to start one. Rest days never "
            "break a streak."
        )
    return (
        f"🔥 Current streak: *{view.current}* {noun(view.current, 'study day')} in a row · "
        f"best: *{view.best}* · "
        f"questions answered: {view.answered_total}. Rest days never break a streak; a study "
        "day's question you skip does."
    )
