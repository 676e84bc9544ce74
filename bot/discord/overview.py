"""The pinned overview on Discord: one embed the bot posts, pins and then edits (found again
after a restart by its stored id, else by the marker in its footer among the pins and the
recent messages, so it is never posted twice)."""

from __future__ import annotations

import logging

import discord

from bot.discord import rendering
from bot.services.overview import TITLE, Overview, overview_lines

log = logging.getLogger(__name__)
REASON = "The study group's overview"


def overview_embed(overview: Overview) -> discord.Embed:
    embed = discord.Embed(
        title=TITLE,
        description="\n\n".join(
            overview_lines(
                overview, lambda at: rendering.ts(at, "f"), discord.utils.escape_markdown
            )
        ),
        colour=rendering.BRAND,
    )
    embed.set_footer(text=f"{rendering.tag(overview.marker)} · updated after each change")
    return embed


async def find_pinned(channel: discord.abc.Messageable, me: int, tag: str) -> str | None:
    """The overview among the channel's pins, by the marker in its footer."""
    async for message in channel.pins(limit=50):
        if message.author.id != me:
            continue
        for embed in message.embeds:
            if ((embed.footer.text or "") if embed.footer else "").split(" · ")[0] == tag:
                return str(message.id)
    return None


async def pin(message: discord.Message) -> None:
    """Pin the overview; without the permission (or with 50 pins) it stays unpinned."""
    try:
        await message.pin(reason=REASON)
    except discord.HTTPException as error:
        log.warning("could not pin the overview in %s: %s", message.channel.id, error.text)
