"""What a command or component handler may use of the running bot.

Handlers reach the bot through ``interaction.client``; this protocol names the part they use,
so that they need not import the client (which imports them to register them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.app import Services
    from bot.discord.counts import CountRefresher
    from bot.services.daily import RevealCard


class Publishing(Protocol):
    """The publisher's part that handlers use."""

    def channel(self, channel_id: str) -> discord.TextChannel | discord.PartialMessageable: ...

    async def redraw_reveal(self, card: RevealCard) -> None: ...


class BotContext(Protocol):
    services: Services
    counts: CountRefresher
    tree: app_commands.CommandTree[Any]

    @property
    def publisher(self) -> Publishing: ...

    async def schedule_group(self, group_id: int) -> None: ...


def bot_of(interaction: discord.Interaction) -> BotContext:
    return cast("BotContext", interaction.client)
