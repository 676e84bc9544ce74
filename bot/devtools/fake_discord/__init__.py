"""A local fake Discord (REST API + gateway on 127.0.0.1) for end-to-end tests.

The real discord.py 2.7 client connects to it unchanged once :meth:`FakeDiscord.patch` has
pointed ``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY`` at the fake.
Tests build a small world (guilds, channels, members), start a bot, drive it with injected
interactions (slash commands, autocomplete, buttons, selects, modal submits) and assert on
what the fake recorded (messages, interaction responses, threads, scheduled events, DMs).

Typical use::

    fake = FakeDiscord()
    fake.add_guild(GUILD, "Study group", owner_id=OWNER)
    fake.add_channel(GUILD, CHANNEL, "daily")
    fake.add_member(GUILD, USER, "ada")
    await fake.start()
    try:
        async with fake.run_client(MyBot(guild_ready_timeout=0.05)):
            result = await fake.slash(GUILD, CHANNEL, USER, "plan")
            assert result.ephemeral
    finally:
        await fake.stop()

Behaviour mirrors Discord where it matters to a bot: permission checks on sends, the
"first follow-up after a defer fills the thinking message" rule, one response per
interaction, message/embed/component/modal limits answered with Discord's error JSON, and
429s carrying the headers discord.py's rate limiter reads (including ``Via``, without which
discord.py treats a 429 as a Cloudflare ban).

Registered commands are offered only where Discord offers them: a member whose permissions
lack a top-level command's ``default_member_permissions`` (or who lacks Use Application
Commands in the channel) does not see it, nor does anyone see a server-only command
(``contexts`` without BOT_DM, or ``dm_permission: false``) in a DM. :meth:`FakeDiscord.slash`
and :meth:`FakeDiscord.autocomplete` raise :class:`CommandUnavailable` for such a command,
:meth:`FakeDiscord.visible_commands` lists what a member sees, and
:meth:`FakeDiscord.set_command_permission` models a server's per-command override
(Server Settings → Integrations). Commands the bot never registered are still delivered,
so tests can see what the bot does with a stale or unknown command.
"""

from bot.devtools.fake_discord.limits import message_problems, modal_problems
from bot.devtools.fake_discord.model import (
    BotCrashed,
    CommandUnavailable,
    FakeAttachment,
    FakeChannel,
    FakeDiscordTimeout,
    FakeMessage,
    FakeRole,
    FakeScheduledEvent,
    FakeUser,
    InteractionFailed,
)
from bot.devtools.fake_discord.records import (
    FaultRule,
    InteractionCallback,
    OptionValue,
    RequestRecord,
)
from bot.devtools.fake_discord.results import InteractionResult
from bot.devtools.fake_discord.server import FakeDiscord

__all__ = [
    "BotCrashed",
    "CommandUnavailable",
    "FakeAttachment",
    "FakeChannel",
    "FakeDiscord",
    "FakeDiscordTimeout",
    "FakeMessage",
    "FakeRole",
    "FakeScheduledEvent",
    "FakeUser",
    "FaultRule",
    "InteractionCallback",
    "InteractionFailed",
    "InteractionResult",
    "OptionValue",
    "RequestRecord",
    "message_problems",
    "modal_problems",
]
