"""The daily question's components and their handlers: answer buttons (or a select), the
reasoning form and the quoting choice.

Custom ids encode what they act on; every action is re-checked on the server (the question's
server, whether it is still open), so a crafted id gains nothing. Registered at start-up,
they keep working after a restart."""

from __future__ import annotations

import functools
import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.discord.context import bot_of
from bot.discord.daily.render import answer_confirmation, reasoning_saved
from bot.discord.rendering import message_link
from bot.discord.replies import check_if_quick, friendly, in_time, modal_values, reply_private
from bot.discord.ui import add_answer_controls, letter_options, picked_values, static_view
from bot.services.daily import QuestionCard


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.ANSWER.template,
):
    def __init__(self, daily_id: int, letter: str, disabled: bool = False) -> None:
        self.daily_id = daily_id
        self.letter = letter
        super().__init__(
            discord.ui.Button(
                label=letter,
                style=discord.ButtonStyle.primary,
                custom_id=custom_ids.ANSWER.build(daily=daily_id, letter=letter),
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerButton:
        return cls(int(match["daily"]), match["letter"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await answer(interaction, self.daily_id, [self.letter])


class AnswerSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=custom_ids.ANSWER_SELECT.template,
):
    def __init__(
        self,
        daily_id: int,
        letters: list[str] | None = None,
        choose: int = 2,
        disabled: bool = False,
    ) -> None:
        self.daily_id = daily_id
        letters = letters or list("ABCDE")
        super().__init__(
            discord.ui.Select(
                custom_id=custom_ids.ANSWER_SELECT.build(daily=daily_id),
                placeholder=f"Choose {choose} answers…",
                min_values=choose,
                max_values=choose,
                options=letter_options(letters),
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerSelect:
        return cls(int(match["daily"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await answer(interaction, self.daily_id, picked_values(interaction))


class ReasoningButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.REASONING.template,
):
    def __init__(self, daily_id: int, has_reasoning: bool = False) -> None:
        self.daily_id = daily_id
        super().__init__(
            discord.ui.Button(
                label="Edit reasoning" if has_reasoning else "Add reasoning",
                style=discord.ButtonStyle.success,
                emoji="✍️",
                custom_id=custom_ids.REASONING.build(daily=daily_id),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReasoningButton:
        return cls(int(match["daily"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await open_reasoning_modal(interaction, self.daily_id)


class QuoteToggle(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.QUOTE_TOGGLE.template,
):
    """Switches how the member's reasoning is quoted at reveals (a member-wide choice)."""

    def __init__(self, daily_id: int, currently_anonymous: bool) -> None:
        self.daily_id = daily_id
        self.make_anonymous = not currently_anonymous
        label = "Quote me by name" if currently_anonymous else "Quote me anonymously"
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=custom_ids.QUOTE_TOGGLE.build(
                    daily=daily_id, anonymous=int(self.make_anonymous)
                ),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> QuoteToggle:
        return cls(int(match["daily"]), currently_anonymous=match["anonymous"] == "0")

    async def callback(self, interaction: discord.Interaction) -> None:
        await set_quote_anonymously(interaction, self.daily_id, self.make_anonymous)


def question_view(card: QuestionCard) -> discord.ui.View:
    """Answer buttons (or a select for several answers); disabled once closed."""
    view = static_view()
    q = card.question
    add_answer_controls(
        view,
        q.choose,
        q.letters,
        lambda letter: AnswerButton(card.daily_id, letter, disabled=card.closed),
        lambda: AnswerSelect(card.daily_id, q.letters, q.choose, disabled=card.closed),
    )
    if card.closed and card.reveal_message_id:
        view.add_item(
            discord.ui.Button(
                label="See the reveal",
                style=discord.ButtonStyle.link,
                url=message_link(card.guild_id, card.reveal_channel_id, card.reveal_message_id),
            )
        )
    return view


@functools.lru_cache(maxsize=1024)
def receipt_view(daily_id: int, has_reasoning: bool, anonymous: bool) -> discord.ui.View:
    """The buttons under a private receipt. A static view is only ever read, so one per
    question and state serves every receipt of a burst."""
    view = static_view()
    view.add_item(ReasoningButton(daily_id, has_reasoning))
    view.add_item(QuoteToggle(daily_id, anonymous))
    return view


def reasoning_modal(daily_id: int) -> discord.ui.Modal:
    """The reasoning form. Its submission is handled by custom id (see ``bot.discord.registry``), so a
    form opened before a restart is still accepted after it."""
    modal = discord.ui.Modal(
        title="Your reasoning",
        custom_id=custom_ids.REASONING_FORM.build(daily=daily_id),
        timeout=None,
    )
    modal.add_item(
        discord.ui.TextInput(
            label="Why this answer? Which phrase decided it?",
            style=discord.TextStyle.paragraph,
            custom_id="reasoning",
            max_length=1000,
            required=True,
            placeholder="e.g. 'within 100 ms' rules out batch prediction…",
        )
    )
    modal.add_item(
        discord.ui.TextInput(
            label="How sure are you? 1 (guess) to 5 (certain)",
            style=discord.TextStyle.short,
            custom_id="confidence",
            max_length=1,
            required=False,
            placeholder="3",
        )
    )
    return modal


@friendly
async def answer(interaction: discord.Interaction, daily_id: int, letters: list[str]) -> None:
    bot = bot_of(interaction)
    receipt = await in_time(
        interaction,
        bot.services.daily.record_answer(
            guild_id=str(interaction.guild_id),
            user_id=str(interaction.user.id),
            display_name=interaction.user.display_name,
            daily_id=daily_id,
            letters=letters,
            now=bot.services.clock.now(),
        ),
    )
    await reply_private(
        interaction,
        answer_confirmation(receipt),
        view=receipt_view(daily_id, receipt.has_reasoning, receipt.quote_anonymously),
    )
    bot.services.metrics.answers.inc()
    bot.counts.refresh(daily_id)


@friendly
async def open_reasoning_modal(interaction: discord.Interaction, daily_id: int) -> None:
    bot = bot_of(interaction)
    # A form must be the first answer to the click, so it cannot wait for a slow database:
    # the check that answering is still open is skipped then (the submission checks again).
    await check_if_quick(
        bot.services.daily.ensure_open(
            str(interaction.guild_id), daily_id, bot.services.clock.now()
        )
    )
    modal = reasoning_modal(daily_id)
    await interaction.response.send_modal(modal)
    # The submission is handled by custom id (``bot.discord.registry``), also after a restart,
    # so the in-memory modal must not handle it a second time.
    modal.stop()


@friendly
async def set_quote_anonymously(
    interaction: discord.Interaction, daily_id: int, anonymous: bool
) -> None:
    bot = bot_of(interaction)
    await in_time(
        interaction,
        bot.services.daily.set_quote_anonymously(
            str(interaction.user.id),
            interaction.user.display_name,
            anonymous,
            bot.services.clock.now(),
        ),
    )
    text = (
        "From now on your reasoning is quoted **anonymously** at reveals."
        if anonymous
        else "From now on your reasoning is quoted **with your name** at reveals."
    )
    await reply_private(interaction, text, view=receipt_view(daily_id, True, anonymous))


@friendly
async def submit_reasoning(interaction: discord.Interaction, daily_id: int) -> None:
    bot = bot_of(interaction)
    values = modal_values(interaction.data)
    receipt = await in_time(
        interaction,
        bot.services.daily.add_reasoning(
            guild_id=str(interaction.guild_id),
            user_id=str(interaction.user.id),
            daily_id=daily_id,
            reasoning=values.get("reasoning", ""),
            confidence=values.get("confidence", ""),
            now=bot.services.clock.now(),
        ),
    )
    confidence = values.get("confidence", "").strip()
    await reply_private(
        interaction,
        reasoning_saved(receipt, int(confidence) if confidence else None),
        view=receipt_view(daily_id, True, receipt.quote_anonymously),
    )
