"""The mistakes notebook, a page at a time."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.discord.context import bot_of
from bot.discord.miss_tags.components import add_tag_buttons
from bot.discord.mistakes.render import mistake_embed
from bot.discord.replies import edit_private, friendly, in_time, reply_private
from bot.discord.ui import page_button, static_view
from bot.services.mistakes import Mistake, no_mistakes_text


class MistakePageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.MISTAKE_PAGE.template,
):
    """Previous/next in the member's own notebook (it always shows the clicker's own)."""

    def __init__(self, index: int, domain: str, label: str, disabled: bool = False) -> None:
        self.index = index
        self.domain = domain
        super().__init__(
            page_button(
                custom_ids.MISTAKE_PAGE.build(index=index, domain=domain, label=label),
                label,
                disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MistakePageButton:
        return cls(int(match["index"]), match["domain"], match["label"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await mistakes_page(interaction, self.index, None if self.domain == "all" else self.domain)


def mistakes_view(index: int, total: int, domain: str | None, mistake: Mistake) -> discord.ui.View:
    """Previous/next, and the reason tags of the mistake shown."""
    view = static_view()
    key = domain or "all"
    view.add_item(MistakePageButton(max(index - 1, 0), key, "p", disabled=index == 0))
    view.add_item(
        MistakePageButton(min(index + 1, total - 1), key, "n", disabled=index >= total - 1)
    )
    return add_tag_buttons(view, mistake.question.id, False, mistake.tag, first_row=1)


async def send_mistakes(
    interaction: discord.Interaction, index: int, domain: str | None, edit: bool
) -> None:
    bot = bot_of(interaction)
    mistakes = await in_time(
        interaction,
        bot.services.mistakes.mistakes(str(interaction.guild_id), str(interaction.user.id), domain),
        update=edit,
    )
    if not mistakes:
        await reply_private(interaction, no_mistakes_text(domain is not None))
        return
    index = min(index, len(mistakes) - 1)
    mistake = mistakes[index]
    embed = mistake_embed(
        mistake, index, len(mistakes), bot.services.bank.exam.domain(mistake.question.domain).name
    )
    view = mistakes_view(index, len(mistakes), domain, mistake)
    if edit:
        await edit_private(interaction, embed=embed, view=view)
    else:
        await reply_private(interaction, "", embed=embed, view=view)


@friendly
async def mistakes_page(interaction: discord.Interaction, index: int, domain: str | None) -> None:
    await send_mistakes(interaction, index, domain, edit=True)
