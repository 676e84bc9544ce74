"""A direct route for the busiest interaction of all: a click on a daily question's answer.

discord.py hands a component click to its view store, which tries every registered
dynamic item's pattern, rebuilds the whole message as a view to find the clicked item,
makes the dynamic item and runs it in a task of its own, besides a task for the
``interaction`` event, for every click of a burst. Here the answer's custom id is matched
once and the same handler (``components.answer``) runs as one task; every other
interaction goes discord.py's way.

As discord.py does, a click counts only when the message carries a component of that type
and custom id (a crafted id on another message gains nothing).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot.core import custom_ids
from bot.discord.daily.components import answer

MESSAGE_COMPONENT = 3  # interaction type
BUTTON, STRING_SELECT = 2, 3  # component types


@dataclass(frozen=True)
class AnswerClick:
    daily_id: int
    letters: list[str]


def answer_click(data: Any) -> AnswerClick | None:
    """The answer an INTERACTION_CREATE payload gives, or None when it is anything else."""
    if data.get("type") != MESSAGE_COMPONENT:
        return None
    inner = data.get("data") or {}
    custom_id, component_type = str(inner.get("custom_id") or ""), inner.get("component_type")
    if component_type == BUTTON:
        match = custom_ids.ANSWER.match(custom_id)
        letters = [match["letter"]] if match else []
    elif component_type == STRING_SELECT:
        match = custom_ids.ANSWER_SELECT.match(custom_id)
        letters = [str(value) for value in inner.get("values", [])]
    else:
        return None
    if match is None or not _carries(data.get("message"), component_type, custom_id):
        return None
    return AnswerClick(int(match["daily"]), letters)


def _carries(message: Any, component_type: int, custom_id: str) -> bool:
    """Whether the message has a component of this type and custom id (in its rows, where
    the question's controls are)."""
    if not isinstance(message, dict):
        return False
    for row in message.get("components") or ():
        for component in row.get("components") or ():
            if component.get("custom_id") == custom_id:
                return bool(component.get("type") == component_type)
    return False


def route_answers_directly(client: discord.Client) -> None:
    """Make ``client`` answer answer clicks directly (call before it connects)."""
    state: Any = client._connection
    usual: Callable[[Any], None] = state.parsers["INTERACTION_CREATE"]
    running: set[asyncio.Future[None]] = set()

    def parse_interaction_create(data: Any) -> None:
        click = answer_click(data)
        if click is None:
            usual(data)
            return
        interaction: discord.Interaction = discord.Interaction(data=data, state=state)
        task = asyncio.ensure_future(answer(interaction, click.daily_id, click.letters))
        running.add(task)  # a task nobody holds may be collected before it ends
        task.add_done_callback(running.discard)

    state.parsers["INTERACTION_CREATE"] = parse_interaction_create
