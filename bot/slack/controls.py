"""Organiser controls on Slack: ``/study post-now``, ``/study skip [YYYY-MM-DD]``,
``/study pause YYYY-MM-DD`` and ``/study resume`` (organisers only; the rules and wording
are the services', ``bot.services.controls``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.services.controls import ControlResult, post_now_reply
from bot.services.daily import PostNow
from bot.slack.errors import NO_GROUP
from bot.slack.router import Call, Router

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger(__name__)
NOT_ORGANISER = (
    "Only organisers post early, skip, pause or resume: workspace owners and admins, and "
    "the members on `/study organisers`."
)


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    services = bot.services

    async def controlled(call: Call, result: ControlResult | None) -> None:
        if result is None:
            await call.reply(NO_GROUP)
            return
        text = result.reply
        if result.changed:
            await bot.schedule_group(result.view.id)
            channel = result.view.settings.channel_id
            try:
                await call.client.chat_postMessage(channel=channel, text=result.note)
            except SlackApiError as error:
                log.info("could not announce a control in %s: %s", channel, error)
                text += f"\n(I could not post this in <#{channel}>.)"
        await call.reply(text)
        if result.changed:
            await services.refresh_overview(call.team)

    @router.add(
        "post-now",
        "`/study post-now`",
        "organisers: post today's question now (revealed at the usual time)",
    )
    async def post_now(call: Call) -> None:
        if not await call.is_organiser():
            await call.reply(NOT_ORGANISER)
            return
        view = await services.groups.get("slack", call.team, services.clock.now())
        if view is None:
            await call.reply(NO_GROUP)
            return
        before = await services.daily.post_now_status(view.id, services.clock.now())
        status = await services.runner.post_now(view.id)
        await call.reply(post_now_reply(status, before == PostNow.POSTED))

    @router.add(
        "skip",
        "`/study skip [YYYY-MM-DD]`",
        "organisers: take a study day off (today by default); streaks are safe",
    )
    async def skip(call: Call) -> None:
        if not await call.is_organiser():
            await call.reply(NOT_ORGANISER)
            return
        result = await services.controls.skip(
            "slack", call.team, call.args or None, services.clock.now()
        )
        await controlled(call, result)

    @router.add(
        "pause",
        "`/study pause YYYY-MM-DD`",
        "organisers: pause the group until that day (holidays); streaks are safe",
    )
    async def pause(call: Call) -> None:
        if not await call.is_organiser():
            await call.reply(NOT_ORGANISER)
            return
        if not call.args:
            await call.reply("Say when questions come back, e.g. `/study pause 2027-01-04`.")
            return
        result = await services.controls.pause("slack", call.team, call.args, services.clock.now())
        await controlled(call, result)

    @router.add("resume", "`/study resume`", "organisers: end the group's pause")
    async def resume(call: Call) -> None:
        if not await call.is_organiser():
            await call.reply(NOT_ORGANISER)
            return
        await controlled(
            call, await services.controls.resume("slack", call.team, services.clock.now())
        )
