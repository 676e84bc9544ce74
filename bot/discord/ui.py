"""Building blocks of components shared by the features."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

import discord


def static_view() -> discord.ui.View:
    """A view of persistent items only (and links): a click reaches the client's registry of
    dynamic items whatever message it is on, also after a restart, so discord.py need not keep
    the view itself. Stopping it up front spares a stored view per message and, for every
    private reply, a 15-minute timer (500 of them after a burst of answers)."""
    view = discord.ui.View(timeout=None)
    view.stop()
    return view


def page_button(custom_id: str, label: str, disabled: bool) -> discord.ui.Button[Any]:
    """A "◀ Previous" (``p``) or "Next ▶" (``n``) button of a paged private message."""
    return discord.ui.Button(
        label="◀ Previous" if label == "p" else "Next ▶",
        style=discord.ButtonStyle.secondary,
        disabled=disabled,
        custom_id=custom_id,
    )


def add_answer_controls(
    view: discord.ui.View,
    choose: int,
    letters: Iterable[str],
    button: Callable[[str], discord.ui.Item[Any]],
    select: Callable[[], discord.ui.Item[Any]],
) -> None:
    """The answer controls of a question: a button per letter, or one select when several
    answers are right (``choose`` > 1)."""
    if choose == 1:
        for letter in letters:
            view.add_item(button(letter))
    else:
        view.add_item(select())


def letter_options(
    letters: Iterable[str], picked: Collection[str] = ()
) -> list[discord.SelectOption]:
    """A select's options for answer letters ("Option A", ...), the picked ones preselected."""
    return [
        discord.SelectOption(label=f"Option {x}", value=x, default=x in picked) for x in letters
    ]


def picked_values(interaction: discord.Interaction) -> list[str]:
    """The values a member picked in a select."""
    data: Any = interaction.data or {}
    return [str(v) for v in data.get("values", [])]
