"""Slack's opt-in pings: the members who asked for them are mentioned by the post (a mention
always notifies in Slack, so nobody else is ever mentioned in a public post)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.blocks import Block, context


def ping_mentions(members: Sequence[str]) -> str:
    return " ".join(f"<@{member}>" for member in members)


def ping_blocks(members: Sequence[str]) -> list[Block]:
    """A last line that pings the members who opted in (none: no line)."""
    if not members:
        return []
    return [context(f"🔔 {ping_mentions(members)} · `/study me set pings off` to stop")]


def ping_text(text: str, members: Sequence[str]) -> str:
    """The notification text, with the mentions in front when anyone opted in."""
    return f"{ping_mentions(members)} {text}" if members else text
