"""Answering the daily question on Slack: letter buttons, the choose-N checkboxes modal, the
reasoning and confidence modal, private receipts and the live count.

Clicks are acknowledged first and worked on after (Slack's 3 seconds); a modal submission
is checked before its ack, because only the ack can put an error beside a field.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import UserFacingError
from bot.slack import cards, ids
from bot.slack.errors import field_errors, refusal_text
from bot.slack.modals import Origin, choose_modal, reason_modal, values
from bot.slack.router import actor

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger(__name__)


def register(app: AsyncApp, bot: SlackBot) -> None:
    services = bot.services

    @app.action(ids.ANSWER)
    async def answer(ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        await ack()
        team, user, name = actor(bot, body)
        daily_id = int(action["value"])
        try:
            receipt = await services.daily.record_answer(
                team,
                user,
                name,
                daily_id,
                [ids.letter_of(action["action_id"])],
                services.clock.now(),
            )
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        bot.counts.refresh(daily_id)
        await respond(
            text=cards.receipt_text(receipt), replace_original=False, response_type="ephemeral"
        )

    @app.action(ids.CHOOSE)
    async def open_choices(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        team, _user, _name = actor(bot, body)
        daily_id = int(action["value"])
        try:
            await services.daily.ensure_open(team, daily_id, services.clock.now())
            card = await services.daily.question_card(daily_id)
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        origin = Origin(team, body["channel"]["id"], daily_id)
        await client.views_open(
            trigger_id=body["trigger_id"], view=choose_modal(origin, card.question)
        )

    @app.view(ids.CHOOSE_VIEW)
    async def choose(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        origin = Origin.load(view["private_metadata"])
        _team, user, name = actor(bot, body)
        letters = values(view).get("letters") or []
        try:
            receipt = await services.daily.record_answer(
                origin.team_id, user, name, origin.daily_id, letters, services.clock.now()
            )
        except UserFacingError as error:
            await ack(response_action="errors", errors=field_errors(error, (), "letters"))
            return
        await ack()
        bot.counts.refresh(origin.daily_id)
        await tell(client, origin.channel_id, user, cards.receipt_text(receipt))

    @app.action(ids.REASON)
    async def open_reasoning(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        team, _user, _name = actor(bot, body)
        daily_id = int(action["value"])
        try:
            await services.daily.ensure_open(team, daily_id, services.clock.now())
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        origin = Origin(team, body["channel"]["id"], daily_id)
        await client.views_open(trigger_id=body["trigger_id"], view=reason_modal(origin))

    @app.view(ids.REASON_VIEW)
    async def reasoning(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        origin = Origin.load(view["private_metadata"])
        _team, user, _name = actor(bot, body)
        given = values(view)
        try:
            receipt = await services.daily.add_reasoning(
                origin.team_id,
                user,
                origin.daily_id,
                given.get("reasoning") or "",
                given.get("confidence") or "",
                services.clock.now(),
            )
        except UserFacingError as error:
            errors = field_errors(error, ("reasoning", "confidence"), "reasoning")
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        await tell(client, origin.channel_id, user, cards.reasoning_saved_text(receipt))


async def tell(client: AsyncWebClient, channel_id: str, user_id: str, text: str) -> None:
    """A private message to ``user_id`` beside the channel (by DM when that is refused)."""
    try:
        await client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
    except SlackApiError as error:
        log.info("ephemeral refused (%s); sending a DM", error.response.get("error"))
        opened = await client.conversations_open(users=user_id)
        await client.chat_postMessage(channel=opened["channel"]["id"], text=text)
