"""Replying to an interaction: in time, privately, and with errors mapped to friendly words."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import discord

from bot.core.errors import AnsweringClosed, InvalidInput, NotAllowed, UserFacingError

if hasattr(discord.VoiceClient, "warn_dave"):
    discord.VoiceClient.warn_dave = False
from bot.discord.rendering import message_link

log = logging.getLogger(__name__)


P = ParamSpec("P")


T = TypeVar("T")


# Discord refuses an interaction not acknowledged within 3 s of its creation; the member then
# sees "This interaction failed". Work still busy after this long (a slow database) is
# acknowledged first, leaving time for the acknowledgement's own trip to Discord.
ACKNOWLEDGE_AFTER = 1.5


ALREADY_ACKNOWLEDGED = 40060  # Discord: "Interaction has already been acknowledged"


GENERIC_FAILURE = (
    "Something went wrong on my side (not anything you did). Nothing was lost; "
    "please try again in a minute."
)


async def reply_private(
    interaction: discord.Interaction,
    content: str,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """An ephemeral reply, whether or not the interaction was answered or deferred yet
    (also when ``acknowledge_when_slow`` defers it at the same moment)."""
    kwargs: dict[str, Any] = {"content": content, "ephemeral": True}
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    if not interaction.response.is_done():
        try:
            await interaction.response.send_message(**kwargs)
            return
        except discord.HTTPException as error:
            if error.code != ALREADY_ACKNOWLEDGED:
                raise
    await interaction.followup.send(**kwargs)


async def acknowledge(interaction: discord.Interaction, *, update: bool = False) -> None:
    """Acknowledge the interaction unless it is already: privately ("thinking…", answered
    later with ``reply_private``), or with ``update`` as a pending edit of the message the
    component sits on (``edit_private``). Losing a race with a reply is fine."""
    if interaction.response.is_done():
        return
    try:
        if update:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
    except discord.HTTPException as error:  # the reply got there first
        if error.code != ALREADY_ACKNOWLEDGED:
            raise


async def acknowledge_when_slow(interaction: discord.Interaction) -> None:
    """Run beside a slash command: if it has not answered after ``ACKNOWLEDGE_AFTER``
    (a slow database), acknowledge it privately so that its answer is never too late."""
    await asyncio.sleep(ACKNOWLEDGE_AFTER)
    await acknowledge(interaction)


async def in_time(
    interaction: discord.Interaction, work: Awaitable[T], *, update: bool = False
) -> T:
    """The result of ``work``; when it takes longer than ``ACKNOWLEDGE_AFTER`` the
    interaction is acknowledged meanwhile (see ``acknowledge``), and the acknowledgement is
    through before this returns, so the reply that follows never comes too late.

    A timer rather than a task and ``asyncio.wait``: every answer of a burst passes here."""
    loop = asyncio.get_running_loop()
    acknowledging: list[asyncio.Task[None]] = []
    timer = loop.call_later(
        ACKNOWLEDGE_AFTER,
        lambda: acknowledging.append(loop.create_task(acknowledge(interaction, update=update))),
    )
    try:
        return await work
    finally:
        timer.cancel()
        for task in acknowledging:
            await task


async def check_if_quick(check: Awaitable[None]) -> None:
    """Run ``check`` for up to ``ACKNOWLEDGE_AFTER``, raising its error if it ended by then.
    A check still running is skipped and left to finish on its own (cancelling could break
    its database connection): for answers that must come first, such as opening a form."""
    task = asyncio.ensure_future(check)
    done, _pending = await asyncio.wait({task}, timeout=ACKNOWLEDGE_AFTER)
    if done:
        task.result()
    else:
        task.add_done_callback(lambda late: late.cancelled() or late.exception())


async def edit_private(interaction: discord.Interaction, **kwargs: Any) -> None:
    """Edit the (private) message a component sits on, whether or not the edit was
    deferred by ``in_time``."""
    if interaction.response.is_done():
        await interaction.edit_original_response(**kwargs)
    else:
        await interaction.response.edit_message(**kwargs)


def require_organiser(interaction: discord.Interaction, action: str) -> None:
    """Server-side check: default permissions only hide commands, they do not protect them
    (a server's Integrations settings can open any command to anyone)."""
    permissions = interaction.permissions
    if not (permissions.manage_guild or permissions.administrator):
        raise NotAllowed(
            f"Only organisers (members with the Manage Server permission) can {action}."
        )


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """The one place that turns an error into what the member sees."""
    embed = None
    if isinstance(error, AnsweringClosed):
        text = error.message
        if error.reveal_link and interaction.guild_id:
            channel_id, message_id = error.reveal_link.split("/")
            link = message_link(str(interaction.guild_id), channel_id, message_id)
            text += f" See the answer and the discussion here: {link}"
    elif isinstance(error, UserFacingError):
        text = error.message
        if isinstance(error, InvalidInput) and error.echo:
            embed = discord.Embed(title="Your text", description=error.echo)
    else:
        log.error("unhandled error in interaction", exc_info=error)
        text = GENERIC_FAILURE
    try:
        await reply_private(interaction, text, embed=embed)
    except discord.HTTPException:
        log.warning("could not tell the member about an error", exc_info=True)


def friendly(
    handler: Callable[Concatenate[discord.Interaction, P], Awaitable[None]],
) -> Callable[Concatenate[discord.Interaction, P], Awaitable[None]]:
    """Run a component handler; any error becomes a private, friendly message."""

    @functools.wraps(handler)
    async def wrapper(interaction: discord.Interaction, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await handler(interaction, *args, **kwargs)
        except Exception as error:
            await report_error(interaction, error)

    return wrapper


def modal_values(data: Any) -> dict[str, str]:
    """Text values of a modal submission by custom id (classic rows and labels alike)."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "custom_id" in node and "value" in node:
                found[str(node["custom_id"])] = str(node["value"])
            for key in ("components", "component"):
                if key in node:
                    walk(node[key])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(data.get("components", []) if isinstance(data, dict) else [])
    return found


def user_error(text: str) -> Exception:
    """An error whose text the member sees as it is."""
    return UserFacingError(text)
