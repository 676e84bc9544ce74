"""Spaced review: the answer controls of a review card and the next-card button."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.discord.context import bot_of
from bot.discord.miss_tags.components import add_tag_buttons
from bot.discord.replies import friendly, in_time, reply_private
from bot.discord.review.render import review_embed, review_feedback
from bot.discord.ui import add_answer_controls, letter_options, picked_values, static_view
from bot.services.review import NOTHING_DUE


class ReviewAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.REVIEW_ANSWER.template,
):
    def __init__(self, card_id: int, letter: str, shown: int | None) -> None:
        self.card_id = card_id
        self.letter = letter
        self.shown = shown
        super().__init__(
            discord.ui.Button(
                label=letter,
                style=discord.ButtonStyle.primary,
                custom_id=custom_ids.REVIEW_ANSWER.build(card=card_id, shown=shown, letter=letter),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewAnswerButton:
        return cls(int(match["card"]), match["letter"], _shown(match))

    async def callback(self, interaction: discord.Interaction) -> None:
        await review_answer(interaction, self.card_id, [self.letter], self.shown)


class ReviewAnswerSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=custom_ids.REVIEW_SELECT.template,
):
    def __init__(
        self,
        card_id: int,
        shown: int | None,
        letters: list[str] | None = None,
        choose: int = 2,
    ) -> None:
        self.card_id = card_id
        self.shown = shown
        super().__init__(
            discord.ui.Select(
                custom_id=custom_ids.REVIEW_SELECT.build(card=card_id, shown=shown),
                placeholder=f"Choose {choose} answers…",
                min_values=choose,
                max_values=choose,
                options=letter_options(letters or list("ABCDE")),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewAnswerSelect:
        return cls(int(match["card"]), _shown(match))

    async def callback(self, interaction: discord.Interaction) -> None:
        await review_answer(interaction, self.card_id, picked_values(interaction), self.shown)


def _shown(match: re.Match[str]) -> int | None:
    """The review count a card's buttons were shown with (None on ids from before)."""
    return int(match["shown"]) if match["shown"] else None


class ReviewNextButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.REVIEW_NEXT.template
):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Next card",
                style=discord.ButtonStyle.success,
                custom_id=custom_ids.REVIEW_NEXT.build(),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewNextButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await review_next(interaction)


def review_view(card_id: int, letters: list[str], choose: int, shown: int) -> discord.ui.View:
    """A card's answer controls; ``shown`` is its review count now (a repeat click on this
    showing is not graded again)."""
    view = static_view()
    add_answer_controls(
        view,
        choose,
        letters,
        lambda letter: ReviewAnswerButton(card_id, letter, shown),
        lambda: ReviewAnswerSelect(card_id, shown, letters, choose),
    )
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
        await reply_private(interaction, NOTHING_DUE)
        return
    await reply_private(
        interaction,
        "",
        embed=review_embed(item),
        view=review_view(item.card_id, item.question.letters, item.question.choose, item.reviews),
    )


@friendly
async def review_answer(
    interaction: discord.Interaction, card_id: int, letters: list[str], shown: int | None
) -> None:
    bot = bot_of(interaction)
    result = await in_time(
        interaction,
        bot.services.review.answer(
            str(interaction.user.id), card_id, letters, bot.services.clock.now(), shown
        ),
    )
    view = next_review_view() if result.remaining_due else None
    if not result.correct:  # why I missed it, in one click
        view = add_tag_buttons(view or static_view(), result.question.id, False, result.tag, 1)
    await reply_private(interaction, "", embed=review_feedback(result), view=view)


@friendly
async def review_next(interaction: discord.Interaction) -> None:
    await send_review(interaction)
