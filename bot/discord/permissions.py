"""What the bot needs in the study channel, checked at /setup and on every pass."""

from __future__ import annotations

import discord

# Discord's own names for the permissions, as organisers see them in the channel settings.
REQUIRED_CHANNEL_PERMISSIONS = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
    "create_public_threads": "Create Public Threads",
    "send_messages_in_threads": "Send Messages in Threads",
}


def missing_in(guild: discord.Guild | None, channel_id: int) -> tuple[str, ...] | None:
    """Names of the permissions the bot lacks in the channel; None when the server is not
    known yet (no check possible); a one-item tuple when the channel is gone."""
    if guild is None or guild.me is None:
        return None
    channel = guild.get_channel(channel_id)
    if channel is None:
        return ("access to the channel (it was deleted, or I cannot see it)",)
    if not isinstance(channel, discord.TextChannel):
        return ("a text channel (pick a normal text channel)",)
    granted = channel.permissions_for(guild.me)
    return tuple(
        label for flag, label in REQUIRED_CHANNEL_PERMISSIONS.items() if not getattr(granted, flag)
    )
