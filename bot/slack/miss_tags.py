"""Why I missed it on Slack: "My result" under a reveal, and the reason tags under a miss
(the result, the notebook, a review, and the review of a mock inside its modal).

The service decides whether a question may be tagged (a revealed miss only); this module
reads the click and draws the answer."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core import custom_ids
from bot.core.errors import UserFacingError
from bot.core.miss_reasons import tagged_text
from bot.services.miss_tags import result_text
from bot.slack import ids
from bot.slack.blocks import escape, section
from bot.slack.errors import refusal_text
from bot.slack.miss_tag_blocks import SAME, result_blocks, tag_actions
from bot.slack.mock_exam_views import exam_modal, for_night, night_of, refusal_modal
from bot.slack.router import actor

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

STATS_COMMAND = "/study stats"


def register(app: AsyncApp, bot: SlackBot) -> None:
    services = bot.services

    @app.action(ids.MY_RESULT)
    async def my_result(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any
    ) -> None:
        await ack()
        team, user, _name = actor(bot, body)
        try:
            result = await services.miss_tags.my_result(team, user, int(action["value"]))
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        await respond(
            text=escape(result_text(result)),
            blocks=result_blocks(result),
            replace_original=False,
            response_type="ephemeral",
        )

    @app.action(re.compile(custom_ids.MISS_TAG.template))
    async def tag(
        ack: Any,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Any,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        found = custom_ids.MISS_TAG.match(action["action_id"])
        assert found is not None
        question, mock = found["question"], found["kind"] == "m"
        _team, user, _name = actor(bot, body)
        if (body.get("container") or {}).get("type") == "view":
            await _in_exam(bot, client, body, user, question, found["reason"])
            return
        try:
            reason = await services.miss_tags.tag(
                user, question, found["reason"], services.clock.now()
            )
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        text = tagged_text(reason, question, STATS_COMMAND)
        await respond(
            text=text,
            blocks=[section(text), tag_actions(question, mock, reason, SAME)],
            replace_original=found["place"] == SAME,
            response_type="ephemeral",
        )


async def _in_exam(
    bot: SlackBot,
    client: AsyncWebClient,
    body: dict[str, Any],
    user: str,
    question: str,
    code: str,
) -> None:
    """A tag in the review of a mock (a modal, which has no private replies): tag, then
    redraw the same review step showing the choice."""
    view = body["view"]
    meta = json.loads(view.get("private_metadata") or "{}")
    attempt, position = int(meta.get("attempt", 0)), int(meta.get("position", 1))
    try:
        await bot.services.miss_tags.tag(user, question, code, bot.services.clock.now())
        redrawn = exam_modal(await bot.services.mocks.review(user, attempt, position))
    except UserFacingError as error:
        redrawn = refusal_modal(attempt, refusal_text(error), None)
    mock_id = night_of(view)
    await client.views_update(
        view_id=view["id"], view=redrawn if mock_id is None else for_night(redrawn, mock_id)
    )
