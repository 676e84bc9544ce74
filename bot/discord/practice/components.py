"""Practice drills: the answer controls of a practice question, Next question and Stop.

Every id names the drill (and the question's position), so a click from before a restart
still reaches the drill, and a second click on an answered question is refused kindly."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.discord.context import bot_of
from bot.discord.practice.render import practice_embed, practice_feedback, summary_embed
from bot.discord.replies import friendly, in_time, reply_private
from bot.discord.ui import add_answer_controls, letter_options, picked_values, static_view
from bot.services.practice import PracticeFeedback, PracticeStep, PracticeView


class PracticeAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.PRACTICE_ANSWER.template,
):
    def __init__(self, drill_id: int, position: int, letter: str) -> None:
        self.drill_id, self.position, self.letter = drill_id, position, letter
        super().__init__(
            discord.ui.Button(
                label=letter,
                style=discord.ButtonStyle.primary,
                custom_id=custom_ids.PRACTICE_ANSWER.build(
                    drill=drill_id, position=position, letter=letter
                ),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PracticeAnswerButton:
        return cls(int(match["drill"]), int(match["position"]), match["letter"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await practice_answer(interaction, self.drill_id, self.position, [self.letter])


class PracticeAnswerSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=custom_ids.PRACTICE_SELECT.template,
):
    def __init__(
        self, drill_id: int, position: int, letters: list[str] | None = None, choose: int = 2
    ) -> None:
        self.drill_id, self.position = drill_id, position
        super().__init__(
            discord.ui.Select(
                custom_id=custom_ids.PRACTICE_SELECT.build(drill=drill_id, position=position),
                placeholder=f"Choose {choose} answers…",
                min_values=choose,
                max_values=choose,
                options=letter_options(letters or list("ABCDE")),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PracticeAnswerSelect:
        return cls(int(match["drill"]), int(match["position"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await practice_answer(interaction, self.drill_id, self.position, picked_values(interaction))


class PracticeNextButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.PRACTICE_NEXT.template
):
    def __init__(self, drill_id: int) -> None:
        self.drill_id = drill_id
        super().__init__(
            discord.ui.Button(
                label="Next question",
                style=discord.ButtonStyle.success,
                custom_id=custom_ids.PRACTICE_NEXT.build(drill=drill_id),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PracticeNextButton:
        return cls(int(match["drill"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await practice_next(interaction, self.drill_id)


class PracticeStopButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.PRACTICE_STOP.template
):
    def __init__(self, drill_id: int) -> None:
        self.drill_id = drill_id
        super().__init__(
            discord.ui.Button(
                label="Stop",
                style=discord.ButtonStyle.secondary,
                custom_id=custom_ids.PRACTICE_STOP.build(drill=drill_id),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PracticeStopButton:
        return cls(int(match["drill"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await practice_stop(interaction, self.drill_id)


def question_view(step: PracticeStep) -> discord.ui.View:
    view = static_view()
    q = step.question
    add_answer_controls(
        view,
        q.choose,
        q.letters,
        lambda letter: PracticeAnswerButton(step.drill_id, step.position, letter),
        lambda: PracticeAnswerSelect(step.drill_id, step.position, q.letters, q.choose),
    )
    view.add_item(PracticeStopButton(step.drill_id))
    return view


def feedback_view(result: PracticeFeedback) -> discord.ui.View:
    view = static_view()
    if not result.finished:
        view.add_item(PracticeNextButton(result.drill_id))
        view.add_item(PracticeStopButton(result.drill_id))
    return view


async def show(interaction: discord.Interaction, shown: PracticeView) -> None:
    """The question a drill is at (with its note), or the drill's summary."""
    if isinstance(shown, PracticeStep):
        await reply_private(
            interaction, shown.note or "", embed=practice_embed(shown), view=question_view(shown)
        )
    else:
        await reply_private(interaction, "", embed=summary_embed(shown))


@friendly
async def start_practice(
    interaction: discord.Interaction, section: str | None, count: int | None
) -> None:
    bot = bot_of(interaction)
    step = await in_time(
        interaction,
        bot.services.practice.start(
            str(interaction.guild_id),
            str(interaction.user.id),
            interaction.user.display_name,
            section,
            count,
            bot.services.clock.now(),
        ),
    )
    await show(interaction, step)


@friendly
async def practice_answer(
    interaction: discord.Interaction, drill_id: int, position: int, letters: list[str]
) -> None:
    bot = bot_of(interaction)
    result = await in_time(
        interaction,
        bot.services.practice.answer(
            str(interaction.user.id), drill_id, position, letters, bot.services.clock.now()
        ),
    )
    await reply_private(
        interaction, "", embed=practice_feedback(result), view=feedback_view(result)
    )


@friendly
async def practice_next(interaction: discord.Interaction, drill_id: int) -> None:
    bot = bot_of(interaction)
    shown = await in_time(
        interaction,
        bot.services.practice.next(str(interaction.user.id), drill_id, bot.services.clock.now()),
    )
    await show(interaction, shown)


@friendly
async def practice_stop(interaction: discord.Interaction, drill_id: int) -> None:
    bot = bot_of(interaction)
    summary = await in_time(
        interaction,
        bot.services.practice.stop(str(interaction.user.id), drill_id, bot.services.clock.now()),
    )
    await show(interaction, summary)
