"""Discord's opt-in pings: a role the bot manages ("Study pings"), made on the first opt-in,
given to and taken from members at their request; posts ping that role and nothing else."""

from __future__ import annotations

import contextlib
from typing import Any

import discord

from bot.core.errors import NotAllowed, NotFound
from bot.discord.context import bot_of
from bot.services.pings import ROLE_NAME, ping_reply

UNKNOWN_ROLE = 10011
REASON = "A member asked to be pinged (or no longer) by the study group"
NO_GROUP = (
    "This server has no study group yet, so there is nothing to ping you about. An organiser "
    "starts one with `/setup configure`."
)
IN_A_SERVER = "Pings belong to a server's study group: use `/me set pings` in that server."
NO_MANAGE_ROLES = (
    f"I cannot give you the “{ROLE_NAME}” role: I need the **Manage Roles** permission, and my "
    "own role must be above that one in the server's role list. Ask an organiser to fix "
    "that; your ping choice was not changed."
)


def role_ping(role_id: str | None) -> dict[str, Any]:
    """The content and allowed mentions of a post that pings the study role (and nobody
    else: no users, no @everyone); without a role, a post that pings nobody."""
    if role_id is None:
        return {"allowed_mentions": discord.AllowedMentions.none()}
    return {
        "content": f"<@&{role_id}>",
        "allowed_mentions": discord.AllowedMentions(
            everyone=False, users=False, roles=[discord.Object(int(role_id))], replied_user=False
        ),
    }


async def choose_pings(interaction: discord.Interaction, on: bool) -> str:
    """Give or take the role, then remember the choice; what the member hears."""
    bot = bot_of(interaction)
    guild, member = interaction.guild, interaction.user
    if guild is None or not isinstance(member, discord.Member):
        raise NotAllowed(IN_A_SERVER)
    group = await bot.services.pings.group(str(guild.id))
    if group is None:
        raise NotFound(NO_GROUP)
    try:
        if on:
            await _give_role(interaction, member, group.group_id, group.role_id)
        elif group.role_id is not None:
            try:
                await member.remove_roles(discord.Object(int(group.role_id)), reason=REASON)
            except discord.NotFound as error:
                if error.code != UNKNOWN_ROLE:
                    raise
    except discord.Forbidden:
        raise NotAllowed(NO_MANAGE_ROLES) from None
    changed = await bot.services.pings.choose(
        group.group_id, str(member.id), member.display_name, on, bot.services.clock.now()
    )
    return ping_reply(on, changed)


async def _give_role(
    interaction: discord.Interaction, member: discord.Member, group_id: int, role_id: str | None
) -> None:
    """Add the role, making it first when there is none (or it was deleted)."""
    bot = bot_of(interaction)
    if role_id is not None:
        try:
            await member.add_roles(discord.Object(int(role_id)), reason=REASON)
            return
        except discord.NotFound as error:
            if error.code != UNKNOWN_ROLE:
                raise
    assert interaction.guild is not None
    role = await interaction.guild.create_role(
        name=ROLE_NAME,
        permissions=discord.Permissions.none(),
        mentionable=True,
        reason="Members of the study group can ask to be pinged",
    )
    await bot.services.pings.remember_role(group_id, str(role.id))
    await member.add_roles(role, reason=REASON)


async def drop_role(interaction: discord.Interaction) -> None:
    """Take the ping role from a member who asked to be forgotten (in this server; best
    effort: their stored choice is deleted either way)."""
    bot = bot_of(interaction)
    guild, member = interaction.guild, interaction.user
    if guild is None or not isinstance(member, discord.Member):
        return
    group = await bot.services.pings.group(str(guild.id))
    if group is None or group.role_id is None:
        return
    with contextlib.suppress(discord.HTTPException):
        await member.remove_roles(discord.Object(int(group.role_id)), reason=REASON)
