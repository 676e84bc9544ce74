"""The pinned overview on Slack: one message the bot posts, pins (``pins.add``, scope
``pins:write``) and then edits; found again after a restart by its stored ts, else by its
metadata in the channel's recent history, so it is never posted twice."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.overview import TITLE, Overview, overview_lines
from bot.slack.blocks import Block, context, escape, header, local_time, section
from bot.slack.posting import HISTORY_LOOKBACK, reporting

log = logging.getLogger(__name__)
OVERVIEW_EVENT = "study_overview"
GONE = {"message_not_found", "cant_update_message"}


def overview_blocks(overview: Overview) -> list[Block]:
    lines = overview_lines(overview, local_time, escape)
    return [
        header(TITLE),
        *(section(line) for line in lines),
        context("Updated after each post, reveal and change."),
    ]


def _marker(overview: Overview) -> dict[str, Any]:
    return {"event_type": OVERVIEW_EVENT, "event_payload": {"group_id": overview.group_id}}


async def _find(client: AsyncWebClient, overview: Overview, app_name: str) -> str | None:
    async with reporting(overview.channel_id, app_name):
        response = await client.conversations_history(
            channel=overview.channel_id, limit=HISTORY_LOOKBACK, include_all_metadata=True
        )
    for message in response.get("messages") or []:
        meta = message.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if (
            meta.get("event_type") == OVERVIEW_EVENT
            and payload.get("group_id") == overview.group_id
        ):
            return str(message["ts"])
    return None


async def publish_overview(client: AsyncWebClient, overview: Overview, app_name: str) -> str:
    """Edit the overview where it is, or post and pin it; its ts."""
    blocks = overview_blocks(overview)
    found = overview.message_id
    if not found and not overview.fresh:
        found = await _find(client, overview, app_name)
    if found:
        try:
            async with reporting(overview.channel_id, app_name):
                await client.chat_update(
                    channel=overview.channel_id, ts=found, text=TITLE, blocks=blocks
                )
            return found
        except SlackApiError as error:
            if error.response.get("error") not in GONE:
                raise
    async with reporting(overview.channel_id, app_name):
        posted = await client.chat_postMessage(
            channel=overview.channel_id, text=TITLE, blocks=blocks, metadata=_marker(overview)
        )
    ts = str(posted["ts"])
    try:
        await client.pins_add(channel=overview.channel_id, timestamp=ts)
    except SlackApiError as error:
        log.warning("could not pin the overview in %s: %s", overview.channel_id, error)
    return ts
