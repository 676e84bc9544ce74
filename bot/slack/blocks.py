"""Block Kit building blocks and the limits every message and modal keeps.

Slack allows 50 blocks per message, 100 per modal, 3,000 characters of section text and
75 characters of button text; everything the adapter sends is built from these helpers,
so no text can break a limit (a member's words are escaped and shortened here too).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

Block = dict[str, Any]

SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
PLAIN_LIMIT = 150  # labels, placeholders and option texts
MESSAGE_BLOCKS = 50


def escape(text: str) -> str:
    """Text shown exactly as typed: Slack's three control characters are escaped, so no
    mention, channel link or date can be smuggled into a message."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain(text: str, limit: int = PLAIN_LIMIT) -> dict[str, Any]:
    return {"type": "plain_text", "text": shorten(text, limit), "emoji": True}


def section(text: str, block_id: str | None = None) -> Block:
    block: Block = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": shorten(text, SECTION_LIMIT)},
    }
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text)}


def context(*lines: str, block_id: str | None = None) -> Block:
    block: Block = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": shorten(line, SECTION_LIMIT)} for line in lines],
    }
    if block_id:
        block["block_id"] = block_id
    return block


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT_LIMIT),
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def actions(elements: list[Block], block_id: str) -> Block:
    return {"type": "actions", "block_id": block_id, "elements": elements}


def divider() -> Block:
    return {"type": "divider"}


def option(text: str, value: str) -> Block:
    return {"text": plain(text, 75), "value": value}


def local_time(moment: datetime, fmt: str = "{date_short_pretty} at {time}") -> str:
    """A time everyone reads in their own timezone, with a UTC fallback."""
    unix = int(moment.timestamp())
    return f"<!date^{unix}^{fmt}|{moment:%Y-%m-%d %H:%M} UTC>"


def names(items: list[str], shown: int) -> str:
    """The first ``shown`` names, escaped, and how many more there are (no pings: names)."""
    more = len(items) - shown
    listed = " · ".join(escape(name) for name in items[:shown])
    return listed + (f" and {more} more" if more > 0 else "")
