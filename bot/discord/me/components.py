"""Deleting everything stored about a member, once confirmed."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.discord.context import bot_of
from bot.discord.pings import drop_role
from bot.discord.replies import friendly, in_time, reply_private
from bot.discord.ui import static_view
from bot.services.privacy import forgotten_text


class ForgetButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.FORGET.template
):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Yes, delete everything",
                style=discord.ButtonStyle.danger,
                custom_id=custom_ids.FORGET.build(),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ForgetButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await forget_confirmed(interaction)


def forget_view() -> discord.ui.View:
    view = static_view()
    view.add_item(ForgetButton())
    return view


@friendly
async def forget_confirmed(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    forgotten = await in_time(interaction, bot.services.privacy.forget(str(interaction.user.id)))
    await reply_private(interaction, forgotten_text(forgotten))
    await drop_role(interaction)
    for daily_id in forgotten.reveals:
        card = await bot.services.daily.reveal_card(daily_id)
        if card is not None:
            await bot.publisher.redraw_reveal(card)
