"""``/study <sub>``: one command, routed by its first word (Slack's habit; command names
are workspace-global). Everything it answers is private to whoever ran it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import UserFacingError
from bot.core.group_settings import SetupRequest
from bot.core.schedule import format_weekdays
from bot.core.text import noun
from bot.services.daily import StreakView
from bot.services.groups import GroupView
from bot.slack import ids
from bot.slack.answering import tell
from bot.slack.blocks import escape, local_time, option
from bot.slack.errors import field_errors, refusal_text
from bot.slack.modals import Origin, setup_modal, values

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger(__name__)
TIMEZONE_OPTIONS = 100  # the most an external select shows
ZONES = sorted(available_timezones())
# Which setup field a refusal is about, by the words it uses (errors go beside the field).
SETUP_FIELDS = {
    "reveal_time": ("reveal time",),
    "post_time": ("post time",),
    "rest_days": ("rest day", "weekday", "study day"),
    "exam_date": ("exam date",),
    "start_date": ("start date",),
    ids.TIMEZONE: ("timezone",),
    "channel": ("channel",),
}
NOT_ORGANISER = (
    "Only organisers set up the group: workspace owners and admins. Ask one of them to run "
    "`/study setup`."
)

Reply = Callable[[str], Awaitable[None]]


def help_text() -> str:
    return "\n".join(
        [
            "*Study group for the Google Cloud Professional ML Engineer exam*",
            "Every study day a scenario question is posted in the group's channel. Pick your "
            "answer with the letter buttons (only you see your pick), add your reasoning, and "
            "read the reveal with the explanation and the discussion in its thread.",
            "",
            "`/study help` · what the bot does and its commands",
            "`/study group` · the group's settings and when the next question comes",
            "`/study streak` · your current and best streak",
            "`/study setup` · organisers (workspace owners and admins): channel, timezone, "
            "times, rest days, start and exam date",
            "",
            "Rest days never break a streak. Vertex AI is also called Gemini Enterprise Agent "
            "Platform: read either name as the same platform.",
        ]
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


def register(app: AsyncApp, bot: SlackBot) -> None:
    services = bot.services

    async def is_organiser(client: AsyncWebClient, user_id: str) -> bool:
        info = await client.users_info(user=user_id)
        user = info["user"]
        return bool(user.get("is_admin") or user.get("is_owner"))

    @app.command(ids.COMMAND)
    async def study(
        ack: Any, command: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        sub, _, _rest = command.get("text", "").strip().partition(" ")
        team, user = command["team_id"], command["user_id"]

        async def reply(text: str) -> None:
            await respond(text=text, response_type="ephemeral")

        try:
            if sub in ("", "help"):
                await reply(help_text())
            elif sub == "group":
                view = await services.groups.get("slack", team, services.clock.now())
                await reply(
                    group_text(view)
                    if view
                    else "This workspace has no study group yet: an organiser runs `/study setup`."
                )
            elif sub == "streak":
                await reply(streak_text(await services.daily.streak(team, user)))
            elif sub == "setup":
                if not await is_organiser(client, user):
                    await reply(NOT_ORGANISER)
                    return
                current = await services.groups.get("slack", team, services.clock.now())
                origin = Origin(team, command["channel_id"])
                await client.views_open(
                    trigger_id=command["trigger_id"], view=setup_modal(origin, current)
                )
            else:
                await reply(f"I do not know `/study {escape(sub)}`.\n\n{help_text()}")
        except UserFacingError as error:
            await reply(refusal_text(error))

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
        if not await is_organiser(client, user):
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
            await ack(response_action="errors", errors=field_errors(error, SETUP_FIELDS, "channel"))
            return
        await ack()
        await services.groups.add_organiser(saved.id, user, now)
        await bot.schedule_group(saved.id)
        title = "The study group is set up." if saved.created else "Saved the group's settings."
        await tell(client, origin.channel_id, user, f"{title}\n{group_text(saved)}")


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
