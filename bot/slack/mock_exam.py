"""Taking a mock exam on Slack: the Start/Resume button on the "the exam is open" post opens
the member's private exam in a modal; every control in it redraws that modal in place.

The services decide everything (whose attempt it is, the deadline, what a click does); this
module only reads the click and draws what they return. A refusal inside the modal is shown
in the modal: Slack gives a modal no private replies."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core import custom_ids
from bot.core.attempt import AttemptAction
from bot.core.custom_ids import (
    MOCK_REVIEW_STEPS,
    MOCK_SERVICE_ACTIONS,
    MockAction,
    MockSelectKind,
)
from bot.core.errors import AnsweringClosed, InvalidInput, UserFacingError
from bot.services.mock import AttemptView
from bot.slack import ids
from bot.slack.errors import refusal_text
from bot.slack.mock_exam_views import (
    attempt_modal,
    exam_modal,
    for_night,
    night_of,
    refusal_modal,
    submit_check_modal,
)
from bot.slack.router import actor

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger(__name__)


def register(app: AsyncApp, bot: SlackBot) -> None:
    services = bot.services

    @app.action(ids.MOCK_START)
    async def start(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        team, user, name = actor(bot, body)
        try:
            outcome = await services.mocks.start(
                team, user, name, int(action["value"]), services.clock.now()
            )
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        view = for_night(exam_modal(outcome), int(action["value"]))
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(re.compile(custom_ids.MOCK_BUTTON.template))
    async def exam_button(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        found = custom_ids.MOCK_BUTTON.match(action["action_id"])
        assert found is not None
        letters = [found["letter"]] if found["letter"] else []
        await _act(
            bot, client, body, int(found["attempt"]), found["action"], int(found["arg"]), letters
        )

    @app.action(re.compile(custom_ids.MOCK_SELECT.template))
    async def exam_select(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        found = custom_ids.MOCK_SELECT.match(action["action_id"])
        assert found is not None
        attempt_id, arg = int(found["attempt"]), int(found["arg"])
        if found["kind"] == MockSelectKind.ANSWERS:
            letters = [o["value"] for o in action.get("selected_options") or []]
            await _act(bot, client, body, attempt_id, MockAction.ANSWER, arg, letters)
        else:
            chosen = (action.get("selected_option") or {}).get("value", "")
            target = int(chosen) if chosen.isdigit() else arg
            await _act(bot, client, body, attempt_id, MockAction.GOTO, target, [])


async def _act(
    bot: SlackBot,
    client: AsyncWebClient,
    body: dict[str, Any],
    attempt_id: int,
    code: str,
    arg: int,
    letters: list[str],
) -> None:
    """Do what the control says and redraw the member's modal with the outcome."""
    view_id, mock_id = body["view"]["id"], night_of(body["view"])
    team, user, name = actor(bot, body)
    mocks, now = bot.services.mocks, bot.services.clock.now()
    try:
        action = MockAction(code)
    except ValueError:
        await client.views_update(
            view_id=view_id,
            view=refusal_modal(attempt_id, "That button is not one of the exam's.", None),
        )
        return
    try:
        if action in MOCK_REVIEW_STEPS:
            view = exam_modal(await mocks.review(user, attempt_id, arg))
        elif action is MockAction.RESULTS:
            view = exam_modal(await mocks.results(user, attempt_id))
        else:
            outcome = await mocks.act(
                user,
                attempt_id,
                MOCK_SERVICE_ACTIONS.get(action, AttemptAction.GOTO),
                arg,
                letters,
                now,
            )
            if action is MockAction.SUBMIT_CHECK and isinstance(outcome, AttemptView):
                view = submit_check_modal(outcome)
            else:
                view = exam_modal(outcome)
    except AnsweringClosed as closed:
        view = await _closed(bot, (team, user, name), attempt_id, mock_id, closed)
    except InvalidInput as error:
        view = await _invalid(bot, user, attempt_id, arg, letters, error)
    except UserFacingError as error:
        view = refusal_modal(attempt_id, refusal_text(error), None)
    await client.views_update(
        view_id=view_id, view=view if mock_id is None else for_night(view, mock_id)
    )


async def _closed(
    bot: SlackBot,
    who: tuple[str, str, str],
    attempt_id: int,
    mock_id: int | None,
    closed: AnsweringClosed,
) -> Any:
    """Time is up (or the exam was submitted): the result, with the reason on top. Resuming
    the night submits an attempt whose time ran out, as the Start/Resume button does."""
    team, user, name = who
    if mock_id is None:
        return refusal_modal(attempt_id, closed.message, None)
    try:
        outcome = await bot.services.mocks.start(
            team, user, name, mock_id, bot.services.clock.now()
        )
    except UserFacingError:
        return refusal_modal(attempt_id, closed.message, None)
    return exam_modal(outcome, closed.message)


async def _invalid(
    bot: SlackBot,
    user: str,
    attempt_id: int,
    position: int,
    letters: list[str],
    error: InvalidInput,
) -> Any:
    """A pick that is not a whole answer: the question again, the boxes as ticked, and why
    nothing was saved."""
    try:
        again = await bot.services.mocks.act(
            user, attempt_id, AttemptAction.GOTO, position, [], bot.services.clock.now()
        )
    except UserFacingError:
        return refusal_modal(attempt_id, refusal_text(error), None)
    if not isinstance(again, AttemptView):
        return exam_modal(again)
    return attempt_modal(again, " ".join(error.problems), ticked=letters)
