"""Permissions as Discord computes them, and the JSON payloads of users, channels, guilds
and messages."""

from __future__ import annotations

import discord
import discord.gateway
import discord.http

from bot.devtools.fake_discord.constants import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    CONTEXT_BOT_DM,
    CONTEXT_GUILD,
    DM,
    JSON,
    USE_APPLICATION_COMMANDS,
    VIEW_CHANNEL,
)
from bot.devtools.fake_discord.model import (
    CommandUnavailable,
    FakeChannel,
    FakeGuild,
    FakeMessage,
    FakeScheduledEvent,
    _iso,
    _json_copy,
)
from bot.devtools.fake_discord.state import FakeState


class Payloads(FakeState):
    """Permissions and payloads."""

    def _permissions(self, guild: FakeGuild, user_id: int, channel: FakeChannel | None) -> int:
        if user_id == guild.owner_id:
            return ALL_PERMISSIONS
        member = guild.members.get(user_id)
        role_ids = [] if member is None else member.roles
        base = guild.roles[guild.id].permissions
        for role_id in role_ids:
            base |= guild.roles[role_id].permissions
        if base & ADMINISTRATOR:
            return ALL_PERMISSIONS
        if channel is not None and channel.is_thread and channel.parent_id is not None:
            channel = self._channels[channel.parent_id]
        if channel is None:
            return base
        overwrites = {(o.type, o.id): o for o in channel.overwrites}
        everyone = overwrites.get((0, guild.id))
        if everyone is not None:
            base = (base & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for role_id in role_ids:
            role_ow = overwrites.get((0, role_id))
            if role_ow is not None:
                allow |= role_ow.allow
                deny |= role_ow.deny
        base = (base & ~deny) | allow
        member_ow = overwrites.get((1, user_id))
        if member_ow is not None:
            base = (base & ~member_ow.deny) | member_ow.allow
        if not base & VIEW_CHANNEL:
            return 0
        return base

    def _check_offered(
        self, guild_id: int | None, channel_id: int | None, user_id: int, name: str
    ) -> None:
        """Raise :class:`CommandUnavailable` when Discord would not offer ``/name`` here."""
        found = self._find_command(name, guild_id, 1)
        if found is None:
            return  # never registered: delivered anyway (see the module's docstring)
        channel = None if channel_id is None else self._channels.get(channel_id)
        reason = self._unavailable(found[0], guild_id, user_id, channel)
        if reason is not None:
            where = "in a DM" if guild_id is None else f"in guild {guild_id}"
            raise CommandUnavailable(
                f"Discord does not offer /{name} to user {user_id} {where}: {reason}"
            )

    def _unavailable(
        self, command: JSON, guild_id: int | None, user_id: int, channel: FakeChannel | None
    ) -> str | None:
        """Why Discord would not offer ``command`` to the user here; None when it would."""
        contexts = command.get("contexts")
        if guild_id is None:
            in_dms = (
                CONTEXT_BOT_DM in contexts
                if contexts is not None
                else command.get("dm_permission") is not False
            )
            # default_member_permissions does not apply in DMs: there are no roles there.
            return None if in_dms else "it is a server-only command"
        if contexts is not None and CONTEXT_GUILD not in contexts:
            return "it is not available in servers"
        guild = self._guilds[guild_id]
        if user_id not in guild.members:
            return "the user is not a member of the guild"
        permissions = self._permissions(guild, user_id, channel)
        if not permissions & USE_APPLICATION_COMMANDS:
            return "the member lacks Use Application Commands here"
        override = self._override(guild, str(command["name"]), user_id)
        if override is not None:
            return None if override else "the server's Integrations settings deny it"
        required = command.get("default_member_permissions")
        if required is None or permissions & ADMINISTRATOR:
            return None
        if int(required) == 0:
            return "default_member_permissions is 0 (administrators only)"
        missing = int(required) & ~permissions
        if missing:
            names = ", ".join(n for n, on in discord.Permissions(missing) if on)
            return f"the member lacks {names} (default_member_permissions)"
        return None

    def _override(self, guild: FakeGuild, name: str, user_id: int) -> bool | None:
        """The server's override of a command for this member, as Discord resolves it."""
        overrides = self._command_overrides.get((guild.id, name))
        if not overrides:
            return None
        if user_id in overrides:
            return overrides[user_id]
        member = guild.members.get(user_id)
        by_role = [overrides[r] for r in (member.roles if member else []) if r in overrides]
        if by_role:
            return any(by_role)
        return overrides.get(guild.id)

    def _bot_can(self, channel: FakeChannel, needed: int) -> bool:
        if channel.guild_id is None:
            return True
        return (
            self._permissions(self._guilds[channel.guild_id], self.bot_id, channel) & needed
            == needed
        )

    def _member_payload(
        self,
        guild: FakeGuild,
        user_id: int,
        *,
        with_user: bool = True,
        channel: FakeChannel | None = None,
    ) -> JSON:
        member = guild.members.get(user_id)
        if member is None:
            raise ValueError(
                f"user {user_id} is not a member of guild {guild.id}; call add_member first"
            )
        data: JSON = {
            "roles": [str(r) for r in member.roles],
            "nick": member.nick,
            "avatar": None,
            "banner": None,
            "joined_at": _iso(member.joined_at),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "avatar_decoration_data": None,
        }
        if with_user:
            data["user"] = self._users[user_id].payload()
        if channel is not None:
            data["permissions"] = str(self._permissions(guild, user_id, channel))
        return data

    def _channel_payload(self, channel: FakeChannel, *, for_user: int | None = None) -> JSON:
        if channel.type == DM:
            recipient = self._users[channel.recipient_id or 0]
            return {
                "id": str(channel.id),
                "type": DM,
                "last_message_id": None
                if channel.last_message_id is None
                else str(channel.last_message_id),
                "flags": 0,
                "recipients": [recipient.payload()],
            }
        data: JSON = {
            "id": str(channel.id),
            "type": channel.type,
            "guild_id": str(channel.guild_id),
            "name": channel.name,
            "parent_id": None if channel.parent_id is None else str(channel.parent_id),
            "last_message_id": None
            if channel.last_message_id is None
            else str(channel.last_message_id),
            "rate_limit_per_user": 0,
            "flags": 0,
            "nsfw": False,
        }
        if channel.is_thread:
            data.update(
                owner_id=str(channel.owner_id),
                message_count=channel.message_count,
                total_message_sent=channel.message_count,
                member_count=1,
                applied_tags=[],
                thread_metadata={
                    "archived": channel.archived,
                    "auto_archive_duration": channel.auto_archive_duration,
                    "archive_timestamp": _iso(channel.created_at),
                    "locked": channel.locked,
                    "invitable": True,
                    "create_timestamp": _iso(channel.created_at),
                },
                member={
                    "id": str(channel.id),
                    "user_id": str(self.bot_id),
                    "join_timestamp": _iso(channel.created_at),
                    "flags": 0,
                },
            )
        else:
            data.update(
                position=channel.position,
                topic=channel.topic,
                permission_overwrites=[o.payload() for o in channel.overwrites],
                default_auto_archive_duration=1440,
                default_thread_rate_limit_per_user=0,
            )
        if for_user is not None and channel.guild_id is not None:
            data["permissions"] = str(
                self._permissions(self._guilds[channel.guild_id], for_user, channel)
            )
        return data

    def _guild_create_payload(self, guild: FakeGuild) -> JSON:
        channels = [self._channels[cid] for cid in guild.channel_ids]
        threads = [t for t in self.threads() if t.guild_id == guild.id and not t.archived]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "owner_id": str(guild.owner_id),
            "unavailable": False,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [r.payload() for r in guild.roles.values()],
            "channels": [self._channel_payload(c) for c in channels],
            "threads": [self._channel_payload(t) for t in threads],
            "members": [self._member_payload(guild, self.bot_id)],
            "member_count": len(guild.members),
            "large": False,
            "joined_at": _iso(guild.members[self.bot_id].joined_at),
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "soundboard_sounds": [],
            "guild_scheduled_events": [e.data for e in self.scheduled_events(guild.id)],
            "afk_timeout": 300,
            "afk_channel_id": None,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "application_id": None,
            "nsfw": False,
            "lazy": True,
        }

    def _message_payload(self, message: FakeMessage) -> JSON:
        data: JSON = {
            "id": str(message.id),
            "channel_id": str(message.channel_id),
            "type": message.type,
            "content": message.content,
            "author": self._users[message.author_id].payload(),
            "timestamp": _iso(message.created_at),
            "edited_timestamp": _iso(message.edited_at),
            "tts": message.tts,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [str(r) for r in sorted(message.mention_roles)],
            "attachments": [a.payload() for a in message.attachments],
            "embeds": _json_copy(message.embeds),
            "components": _json_copy(message.components),
            "flags": message.flags,
            "pinned": message.pinned_at is not None,
        }
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
            guild = self._guilds[message.guild_id]
            if message.author_id in guild.members and message.webhook_id is None:
                data["member"] = self._member_payload(guild, message.author_id, with_user=False)
        if message.webhook_id is not None:
            data["webhook_id"] = str(message.webhook_id)
            data["application_id"] = str(self.application_id)
        record = self._interactions.get(message.interaction_id or 0)
        if record is not None:
            metadata: JSON = {
                "id": str(record.id),
                "type": record.type,
                "user": self._users[record.user_id].payload(),
                "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
            }
            if message.id != record.original_message_id and record.original_message_id is not None:
                metadata["original_response_message_id"] = str(record.original_message_id)
            if record.source_message_id is not None:
                metadata["interacted_message_id"] = str(record.source_message_id)
            data["interaction_metadata"] = metadata
        if message.thread_id is not None and message.thread_id in self._channels:
            data["thread"] = self._channel_payload(self._channels[message.thread_id])
        if message.message_reference is not None:
            data["message_reference"] = message.message_reference
        if message.nonce is not None:
            data["nonce"] = message.nonce
        return data

    def _event_users_payload(self, event: FakeScheduledEvent, with_member: bool) -> list[JSON]:
        result = []
        for user_id in sorted(event.subscribers):
            entry: JSON = {
                "guild_scheduled_event_id": str(event.id),
                "user": self._users[user_id].payload(),
            }
            guild = self._guilds[event.guild_id]
            if with_member and user_id in guild.members:
                entry["member"] = self._member_payload(guild, user_id, with_user=False)
            result.append(entry)
        return result
