"""Hands-on weeks on Discord: the task's checklist as a private message with a select of the
steps done and a reflection form."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.core.hands_on import REFLECTION_MAX
from bot.discord.context import bot_of
from bot.discord.rendering import BRAND, RIGHT, clip, shorten
from bot.discord.replies import (
    ACKNOWLEDGE_AFTER,
    edit_private,
    friendly,
    in_time,
    modal_values,
    reply_private,
)
from bot.discord.ui import picked_values, static_view
from bot.services.hands_on import HandsOnProgress, checklist_lines, progress_line

OPTION_TEXT = 100  # Discord's cap on a select option's label and description


def hands_on_embed(progress: HandsOnProgress) -> discord.Embed:
    embed = discord.Embed(
        title=shorten(f"🛠 Hands-on: {progress.title}", 256),
        description=progress.goal,
        colour=RIGHT if progress.finished else BRAND,
    )
    embed.add_field(
        name="Checklist", value=clip("\n".join(checklist_lines(progress))), inline=False
    )
    if progress.reflection:
        embed.add_field(name="Your reflection", value=progress.reflection, inline=False)
    embed.set_footer(text=progress_line(progress))
    return embed


class HandsOnSteps(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=custom_ids.HANDS_ON_STEPS.template
):
    """Pick every step done; the pick replaces the last one (choosing again changes nothing)."""

    def __init__(self, theme: int, progress: HandsOnProgress | None = None) -> None:
        self.theme = theme
        steps = progress.steps if progress else ["·"]
        done = progress.done if progress else []
        super().__init__(
            discord.ui.Select(
                custom_id=custom_ids.HANDS_ON_STEPS.build(theme=theme),
                placeholder="Tick the steps you have done…",
                min_values=0,
                max_values=len(steps),
                options=[
                    discord.SelectOption(
                        label=shorten(f"{n}. {step}", OPTION_TEXT),
                        value=str(n),
                        default=n in done,
                    )
                    for n, step in enumerate(steps, start=1)
                ],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> HandsOnSteps:
        return cls(int(match["theme"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await tick_steps(interaction, self.theme)


class HandsOnReflect(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.HANDS_ON_REFLECT.template
):
    def __init__(self, theme: int) -> None:
        self.theme = theme
        super().__init__(
            discord.ui.Button(
                label="Reflection…",
                style=discord.ButtonStyle.secondary,
                custom_id=custom_ids.HANDS_ON_REFLECT.build(theme=theme),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> HandsOnReflect:
        return cls(int(match["theme"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await open_reflection(interaction, self.theme)


def hands_on_view(progress: HandsOnProgress) -> discord.ui.View | None:
    if not progress.can_tick:
        return None
    view = static_view()
    view.add_item(HandsOnSteps(progress.theme, progress))
    view.add_item(HandsOnReflect(progress.theme))
    return view


async def send_hands_on(interaction: discord.Interaction, tasks: list[HandsOnProgress]) -> None:
    """``/plan``: one private message per task of the week, with its controls."""
    for progress in tasks:
        view = hands_on_view(progress)
        if view is None:
            await reply_private(interaction, "", embed=hands_on_embed(progress))
        else:
            await reply_private(interaction, "", embed=hands_on_embed(progress), view=view)


@friendly
async def tick_steps(interaction: discord.Interaction, theme: int) -> None:
    bot = bot_of(interaction)
    progress = await in_time(
        interaction,
        bot.services.hands_on.set_steps(
            str(interaction.guild_id),
            str(interaction.user.id),
            interaction.user.display_name,
            theme,
            [int(v) for v in picked_values(interaction) if v.isdigit()],
            bot.services.clock.now(),
        ),
        update=True,
    )
    await edit_private(interaction, embed=hands_on_embed(progress), view=hands_on_view(progress))


@friendly
async def open_reflection(interaction: discord.Interaction, theme: int) -> None:
    """The reflection form, filled with the member's current text when it is quick to read
    (a form must be the first answer to the click)."""
    bot = bot_of(interaction)
    current = None
    try:
        progress = await asyncio.wait_for(
            bot.services.hands_on.progress(
                str(interaction.guild_id),
                str(interaction.user.id),
                theme,
                bot.services.clock.now(),
            ),
            ACKNOWLEDGE_AFTER,
        )
        current = progress.reflection
    except TimeoutError:
        pass
    modal = discord.ui.Modal(
        title="Your reflection",
        custom_id=custom_ids.HANDS_ON_FORM.build(theme=theme),
        timeout=None,
    )
    modal.add_item(
        discord.ui.TextInput(
            label="What did you learn? (empty clears it)",
            style=discord.TextStyle.paragraph,
            custom_id="reflection",
            max_length=REFLECTION_MAX,
            required=False,
            default=current,
            placeholder="e.g. the endpoint needed a min replica to meet latency…",
        )
    )
    await interaction.response.send_modal(modal)
    modal.stop()  # the submission is routed by custom id (``bot.discord.registry``)


@friendly
async def submit_reflection(interaction: discord.Interaction, theme: int) -> None:
    bot = bot_of(interaction)
    text = modal_values(interaction.data).get("reflection", "")
    progress = await in_time(
        interaction,
        bot.services.hands_on.reflect(
            str(interaction.guild_id),
            str(interaction.user.id),
            interaction.user.display_name,
            theme,
            text,
            bot.services.clock.now(),
        ),
    )
    saved = "Reflection saved." if progress.reflection else "Reflection cleared."
    await reply_private(interaction, saved, embed=hands_on_embed(progress))
