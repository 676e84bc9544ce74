"""Hands-on weeks on Slack: the week's tasks under ``/study plan``, with checkboxes for the
steps done (the plan message is redrawn on each change) and a reflection modal.

The checkboxes and the button carry the platform-neutral ids of ``bot.core.custom_ids``; the
checkboxes' block id carries the plan week shown, so the redraw shows the same week."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core import custom_ids
from bot.core.errors import UserFacingError
from bot.core.hands_on import REFLECTION_MAX
from bot.services.hands_on import HandsOnProgress, checklist_lines, progress_line
from bot.slack import ids
from bot.slack.answering import tell
from bot.slack.blocks import Block, actions, button, escape, plain, section, shorten
from bot.slack.errors import field_errors, refusal_text
from bot.slack.modals import values
from bot.slack.router import actor

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

OPTION_TEXT = 75  # Slack's cap on an option's text and description
WEEK_BLOCK = re.compile(r"^hands_on:(?P<theme>\d):(?P<week>\d{1,3})$")


def hands_on_blocks(tasks: list[HandsOnProgress], week: int) -> list[Block]:
    """Each task: its title, goal and checklist, and (once the plan reaches it) the
    checkboxes and the reflection button."""
    blocks: list[Block] = []
    for task in tasks:
        # Two blocks a task at most: a compressed week shows six tasks under six themes, and a
        # message holds 50 blocks.
        checklist = "\n".join(escape(line) for line in checklist_lines(task))
        reflection = f"\n*Your reflection*\n{escape(task.reflection)}" if task.reflection else ""
        blocks.append(
            section(
                f"*🛠 Hands-on: {escape(task.title)}*\n{escape(task.goal)}\n{checklist}\n"
                f"_{escape(progress_line(task))}_{reflection}"
            )
        )
        if task.can_tick:
            options = [
                {
                    "text": plain(f"Step {n}"),
                    "description": plain(shorten(step, OPTION_TEXT)),
                    "value": str(n),
                }
                for n, step in enumerate(task.steps, start=1)
            ]
            ticks: Block = {
                "type": "checkboxes",
                "action_id": custom_ids.HANDS_ON_STEPS.build(theme=task.theme),
                "options": options,
            }
            chosen = [o for o in options if int(str(o["value"])) in task.done]
            if chosen:
                ticks["initial_options"] = chosen
            reflect = button(
                "Reflection…",
                custom_ids.HANDS_ON_REFLECT.build(theme=task.theme),
                str(week),
            )
            blocks.append(actions([ticks, reflect], block_id=f"hands_on:{task.theme}:{week}"))
    return blocks


def reflection_modal(team: str, channel: str, theme: int, current: str | None) -> dict[str, Any]:
    text: Block = {
        "type": "plain_text_input",
        "action_id": "reflection",
        "multiline": True,
        "max_length": REFLECTION_MAX,
        "placeholder": plain("e.g. the endpoint needed a min replica to meet latency…"),
    }
    if current:
        text["initial_value"] = current
    return {
        "type": "modal",
        "callback_id": ids.HANDS_ON_VIEW,
        "private_metadata": json.dumps({"team": team, "channel": channel, "theme": theme}),
        "title": plain("Your reflection"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            {
                "type": "input",
                "block_id": "reflection",
                "optional": True,
                "label": plain("What did you learn? (empty clears it)"),
                "element": text,
            }
        ],
    }


def register(
    app: AsyncApp,
    bot: SlackBot,
    redraw_plan: Callable[[str, str, int], Awaitable[tuple[str, list[Block]]]],
) -> None:
    """``redraw_plan(team, user, week)`` gives the plan message's text and blocks again."""
    services = bot.services

    @app.action(re.compile(custom_ids.HANDS_ON_STEPS.template))
    async def tick(ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        await ack()
        team, user, name = actor(bot, body)
        where = WEEK_BLOCK.match(str(action.get("block_id", "")))
        theme = int(custom_ids.HANDS_ON_STEPS.value(action["action_id"], "theme") or 0)
        picked = [int(o["value"]) for o in action.get("selected_options") or []]
        try:
            await services.hands_on.set_steps(team, user, name, theme, picked, services.clock.now())
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        week = int(where["week"]) if where else None
        if week is not None:
            text, blocks = await redraw_plan(team, user, week)
            await respond(
                text=text, blocks=blocks, replace_original=True, response_type="ephemeral"
            )

    @app.action(re.compile(custom_ids.HANDS_ON_REFLECT.template))
    async def open_reflection(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        team, user, _name = actor(bot, body)
        theme = int(custom_ids.HANDS_ON_REFLECT.value(action["action_id"], "theme") or 0)
        progress = await services.hands_on.progress(team, user, theme, services.clock.now())
        channel = str((body.get("channel") or {}).get("id") or "")
        await client.views_open(
            trigger_id=body["trigger_id"],
            view=reflection_modal(team, channel, theme, progress.reflection),
        )

    @app.view(ids.HANDS_ON_VIEW)
    async def save_reflection(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        origin = json.loads(view["private_metadata"])
        _team, user, name = actor(bot, body)
        try:
            progress = await services.hands_on.reflect(
                origin["team"],
                user,
                name,
                int(origin["theme"]),
                values(view).get("reflection") or "",
                services.clock.now(),
            )
        except UserFacingError as error:
            await ack(
                response_action="errors",
                errors=field_errors(error, ("reflection",), "reflection"),
            )
            return
        await ack()
        saved = (
            f"Reflection saved on “{escape(progress.title)}”: {escape(progress.reflection)}"
            if progress.reflection
            else f"Reflection on “{escape(progress.title)}” cleared."
        )
        if origin.get("channel"):
            await tell(client, origin["channel"], user, saved)
