"""The "My result" button under a reveal and the one-click reason tags under a miss."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.core.miss_reasons import CLEAR, LABELS, MissReason, reasons, tagged_text
from bot.discord.context import bot_of
from bot.discord.replies import edit_private, friendly, in_time, reply_private
from bot.discord.ui import static_view
from bot.services.miss_tags import result_text

NEW, SAME = "n", "s"  # answer a tag with a new private message, or edit the one clicked


class MyResultButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.MY_RESULT.template,
):
    """On the reveal: the clicker's own pick and verdict, privately, with the reason tags
    when it was a miss."""

    def __init__(self, daily_id: int) -> None:
        self.daily_id = daily_id
        super().__init__(
            discord.ui.Button(
                label="My result",
                style=discord.ButtonStyle.primary,
                emoji="🔎",
                custom_id=custom_ids.MY_RESULT.build(daily=daily_id),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MyResultButton:
        return cls(int(match["daily"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await show_my_result(interaction, self.daily_id)


class MissTagButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.MISS_TAG.template,
):
    """One reason (or "Clear") for a miss; the current reason is the highlighted one."""

    def __init__(self, question_id: str, mock: bool, place: str, code: str, current: bool) -> None:
        self.question_id, self.mock, self.place, self.code = question_id, mock, place, code
        label = "Clear" if code == CLEAR else LABELS[MissReason(code)]
        super().__init__(
            discord.ui.Button(
                label=("✓ " if current else "") + label,
                style=discord.ButtonStyle.success if current else discord.ButtonStyle.secondary,
                custom_id=custom_ids.MISS_TAG.build(
                    kind="m" if mock else "d", place=place, reason=code, question=question_id
                ),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MissTagButton:
        return cls(match["question"], match["kind"] == "m", match["place"], match["reason"], False)

    async def callback(self, interaction: discord.Interaction) -> None:
        await tag_miss(interaction, self.question_id, self.mock, self.place, self.code)


def add_tag_buttons(
    view: discord.ui.View,
    question_id: str,
    mock: bool,
    current: MissReason | None,
    first_row: int,
    place: str = NEW,
) -> discord.ui.View:
    """The reasons (and "Clear" once one is set) on two rows from ``first_row``."""
    codes = [r.value for r in reasons(mock)] + ([CLEAR] if current is not None else [])
    for i, code in enumerate(codes):
        button = MissTagButton(
            question_id, mock, place, code, current is not None and code == current
        )
        button.item.row = first_row + i // 4
        view.add_item(button)
    return view


def tag_view(question_id: str, mock: bool, current: MissReason | None) -> discord.ui.View:
    """The tag buttons alone, on the private message that confirms a tag."""
    return add_tag_buttons(static_view(), question_id, mock, current, 0, SAME)


@friendly
async def show_my_result(interaction: discord.Interaction, daily_id: int) -> None:
    bot = bot_of(interaction)
    result = await in_time(
        interaction,
        bot.services.miss_tags.my_result(
            str(interaction.guild_id), str(interaction.user.id), daily_id
        ),
    )
    # The follow-up is about this miss alone: a tag click edits it in place.
    view = tag_view(result.question.id, False, result.tag) if result.missed else None
    await reply_private(interaction, result_text(result), view=view)


@friendly
async def tag_miss(
    interaction: discord.Interaction, question_id: str, mock: bool, place: str, code: str
) -> None:
    bot = bot_of(interaction)
    reason = await in_time(
        interaction,
        bot.services.miss_tags.tag(
            str(interaction.user.id), question_id, code, bot.services.clock.now()
        ),
        update=place == SAME,
    )
    text = tagged_text(reason, question_id, "/stats")
    view = tag_view(question_id, mock, reason)
    if place == SAME:
        await edit_private(interaction, content=text, view=view)
    else:
        await reply_private(interaction, text, view=view)
