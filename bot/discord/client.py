"""The Discord client: registers commands and persistent components, starts the scheduler."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord import commands
from bot.discord.daily.answer_route import route_answers_directly
from bot.discord.publisher import DiscordPublisher
from bot.discord.registry import PERSISTENT_ITEMS, on_modal_submit
from bot.discord.replies import acknowledge_when_slow, report_error, user_error
from bot.lifecycle import release_start_up_objects, settle_start_up_objects
from bot.live_counts import CountRefresher

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger(__name__)

# The bot uses no voice: no "PyNaCl / davey is not installed, voice will NOT be supported".
discord.VoiceClient.warn_nacl = False
if hasattr(discord.VoiceClient, "warn_dave"):
    discord.VoiceClient.warn_dave = False


class StudyBot(discord.AutoShardedClient):
    """No privileged intents: interactions carry the member, guild events carry channels.

    With ``shard_count`` and ``shard_ids`` several processes share the servers (and one
    PostgreSQL): each runs the scheduled work of its own shards' servers only.
    """

    def __init__(
        self, services: Services, *, dev_guild_id: int | None = None, **options: object
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(intents=intents, **options)  # type: ignore[arg-type]
        self.services = services
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self._on_command_error  # type: ignore[method-assign]
        self.publisher = DiscordPublisher(self, services.bank.plan.messages)
        self.counts = CountRefresher(self._refresh_count)
        self._dev_guild_id = dev_guild_id
        commands.register(self.tree)
        route_answers_directly(self)

    async def setup_hook(self) -> None:
        """Runs once per process (not on reconnects): components, commands, schedule."""
        self.add_dynamic_items(*PERSISTENT_ITEMS)
        if self._dev_guild_id:
            guild = discord.Object(id=self._dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()
        await self.services.start_schedule(self.publisher, self.owns_guild)
        settle_start_up_objects()

    async def connected(self) -> bool:
        """Whether the gateway is connected (for the health endpoint)."""
        return self.is_ready() and not self.is_closed()

    def owns_guild(self, guild_id: str) -> bool:
        """Discord's rule: a server belongs to shard ``(guild_id >> 22) % shard_count``."""
        if not self.shard_count or self.shard_ids is None:
            return True
        return (int(guild_id) >> 22) % self.shard_count in self.shard_ids

    async def close(self) -> None:
        await self.services.stop_schedule()
        await self.counts.drain()
        await super().close()
        release_start_up_objects()

    async def schedule_group(self, group_id: int) -> None:
        """(Re)build a group's jobs after its settings changed, and catch up at once."""
        await self.services.reschedule_group(group_id)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await on_modal_submit(interaction)
        elif interaction.type is discord.InteractionType.application_command:
            await acknowledge_when_slow(interaction)

    async def _refresh_count(self, daily_id: int) -> None:
        await self.publisher.refresh_count(lambda: self.services.daily.question_card(daily_id))

    async def _on_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandInvokeError):
            await report_error(interaction, error.original)
        elif isinstance(error, app_commands.TransformerError):
            # An option Discord resolved into something the command cannot take (e.g. a
            # channel or member that is gone): the member can fix it, nothing is broken.
            await report_error(
                interaction,
                user_error(
                    f"I cannot use “{error.value}” for that option. Please pick it again "
                    "from the list Discord offers."
                ),
            )
        elif isinstance(error, app_commands.NoPrivateMessage):
            await report_error(interaction, user_error("This command works in a server only."))
        elif isinstance(error, app_commands.CheckFailure):
            await report_error(interaction, user_error("You cannot use this command here."))
        else:
            await report_error(interaction, error)
