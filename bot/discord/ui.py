"""Building blocks of components shared by the features."""

from __future__ import annotations

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
