"""Spaced review: the answer controls of a review card and the next-card button."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    pass
from bot.discord.context import bot_of
from bot.discord.replies import friendly, in_time, reply_private
from bot.discord.review.render import review_embed, review_feedback
from bot.discord.ui import static_view


class ReviewAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:rev:(?P<card>[0-9]{1,9}):(?P<letter>[A-E])",
):
    def __init__(self, card_id: int, letter: str) -> None:
        self.card_id = card_id
        self.letter = letter
        super().__init__(
            discord.ui.Button(
                label=letter,
                style=discord.ButtonStyle.primary,
                custom_id=f"sb:rev:{card_id}:{letter}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewAnswerButton:
        return cls(int(match["card"]), match["letter"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await review_answer(interaction, self.card_id, [self.letter])


class ReviewAnswerSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"sb:revm:(?P<card>[0-9]{1,9})",
):
    def __init__(self, card_id: int, letters: list[str] | None = None, choose: int = 2) -> None:
        self.card_id = card_id
        super().__init__(
            discord.ui.Select(
                custom_id=f"sb:revm:{card_id}",
                placeholder=f"Choose {choose} answers…",
                min_values=choose,
                max_values=choose,
                options=[
                    discord.SelectOption(label=f"Option {x}", value=x)
                    for x in (letters or list("ABCDE"))
                ],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewAnswerSelect:
        return cls(int(match["card"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        data: Any = interaction.data or {}
        await review_answer(interaction, self.card_id, [str(v) for v in data.get("values", [])])


class ReviewNextButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"sb:revnext"):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Next card", style=discord.ButtonStyle.success, custom_id="sb:revnext"
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewNextButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await review_next(interaction)


def review_view(card_id: int, letters: list[str], choose: int) -> discord.ui.View:
    view = static_view()
    if choose == 1:
        for letter in letters:
            view.add_item(ReviewAnswerButton(card_id, letter))
    else:
        view.add_item(ReviewAnswerSelect(card_id, letters, choose))
    return view


def next_review_view() -> discord.ui.View:
    view = static_view()
    view.add_item(ReviewNextButton())
    return view


async def send_review(interaction: discord.Interaction) -> None:
    """The member's next due review card, or word that nothing is due."""
    bot = bot_of(interaction)
    item = await in_time(
        interaction,
        bot.services.review.next_due(str(interaction.user.id), bot.services.clock.now()),
    )
    if item is None:
        await reply_private(
            interaction,
            "Nothing to review right now 🎉 Missed questions (and "
            "ones you got right but were unsure of) come back here on a spaced "
            "schedule.",
        )
        return
    await reply_private(
        interaction,
        "",
        embed=review_embed(item),
        view=review_view(item.card_id, item.question.letters, item.question.choose),
    )


@friendly
async def review_answer(interaction: discord.Interaction, card_id: int, letters: list[str]) -> None:
    bot = bot_of(interaction)
    result = await in_time(
        interaction,
        bot.services.review.answer(
            str(interaction.user.id), card_id, letters, bot.services.clock.now()
        ),
    )
    await reply_private(
        interaction,
        "",
        embed=review_feedback(result),
        view=next_review_view() if result.remaining_due else None,
    )


@friendly
async def review_next(interaction: discord.Interaction) -> None:
    await send_review(interaction)
