"""REST routes for channels, messages, threads and scheduled events."""

from __future__ import annotations

import copy
import mimetypes
from collections.abc import (
    Mapping,
    Sequence,
)

from aiohttp import web

from bot.devtools.fake_discord.constants import (
    APPLICATION_COMMAND,
    ATTACH_FILES,
    CREATE_EVENTS,
    CREATE_PRIVATE_THREADS,
    CREATE_PUBLIC_THREADS,
    DM,
    FLAG_EPHEMERAL,
    FLAG_HAS_THREAD,
    FLAG_LOADING,
    FLAG_SUPPRESS_EMBEDS,
    GUILD_NEWS,
    GUILD_TEXT,
    JSON,
    MANAGE_EVENTS,
    PRIVATE_THREAD,
    PUBLIC_THREAD,
    SEND_IN_THREADS,
    SEND_MESSAGES,
    SETTABLE_FLAGS,
    VIEW_CHANNEL,
)
from bot.devtools.fake_discord.gateway import Gateway
from bot.devtools.fake_discord.limits import _assign_component_ids, _check_message, _Errors
from bot.devtools.fake_discord.mentions import resolve_mentions
from bot.devtools.fake_discord.model import (
    FakeAttachment,
    FakeChannel,
    FakeMessage,
    FakeScheduledEvent,
    _now,
)
from bot.devtools.fake_discord.records import _InteractionRecord, _Request, _Upload
from bot.devtools.fake_discord.responses import (
    _empty_or_form_error,
    _error,
    _form_error,
    _json,
    _no_content,
    _single_error,
)


class Channels(Gateway):
    """Channels, messages, threads and scheduled events."""

    async def _h_no_content(self, req: _Request, args: Sequence[str]) -> web.Response:
        return _no_content()

    async def _h_get_channel(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel = self._channels.get(int(args[0]))
        return (
            _error(404, 10003, "Unknown Channel")
            if channel is None
            else _json(self._channel_payload(channel))
        )

    async def _h_edit_channel(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel = self._channels.get(int(args[0]))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        body = req.body or {}
        channel.name = body.get("name", channel.name)
        channel.topic = body.get("topic", channel.topic)
        channel.archived = bool(body.get("archived", channel.archived))
        channel.locked = bool(body.get("locked", channel.locked))
        channel.auto_archive_duration = int(
            body.get("auto_archive_duration", channel.auto_archive_duration)
        )
        payload = self._channel_payload(channel)
        await self._dispatch(
            "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE", payload, channel.guild_id
        )
        return _json(payload)

    async def _h_history(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel_id = int(args[0])
        if channel_id not in self._channels:
            return _error(404, 10003, "Unknown Channel")
        limit = int(req.query.get("limit", 50))
        found = self.messages(channel_id)  # oldest first
        if "before" in req.query:
            found = [m for m in found if m.id < int(req.query["before"])][-limit:]
        if "after" in req.query:
            found = [m for m in found if m.id > int(req.query["after"])][:limit]
        found = sorted(found, key=lambda m: m.id, reverse=True)[
            :limit
        ]  # Discord answers newest first
        return _json([self._message_payload(m) for m in found])

    def _message_or_error(self, args: Sequence[str]) -> FakeMessage | web.Response:
        """The message a ``/channels/{id}/messages/{id}`` route names, or Discord's 404."""
        if int(args[0]) not in self._channels:
            return _error(404, 10003, "Unknown Channel")
        message = self._visible_message(int(args[0]), int(args[1]))
        return _error(404, 10008, "Unknown Message") if message is None else message

    def _visible_message(self, channel_id: int, message_id: int) -> FakeMessage | None:
        message = self._messages.get(message_id)
        if (
            message is None
            or message.deleted
            or message.ephemeral
            or message.channel_id != channel_id
        ):
            return None
        return message

    async def _h_create_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        channel = self._channels.get(int(args[0]))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        if channel.type == DM:
            if self._users[channel.recipient_id or 0].dms_closed:
                return _error(403, 50007, "Cannot send messages to this user")
        else:
            needed = VIEW_CHANNEL | (SEND_IN_THREADS if channel.is_thread else SEND_MESSAGES)
            if req.uploads:
                needed |= ATTACH_FILES
            if not self._bot_can(channel, needed):
                return _error(403, 50013, "Missing Permissions")
            if channel.is_thread and channel.locked:
                return _error(403, 50083, "Thread is archived")
        body = dict(req.body or {})
        reference = body.get("message_reference")
        if (
            reference is not None
            and reference.get("fail_if_not_exists", True)
            and int(reference["message_id"]) not in self._messages
        ):
            return _form_error(
                _single_error("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message")
            )
        created = await self._create_message(channel, self.bot_id, body, req.uploads)
        return (
            created if isinstance(created, web.Response) else _json(self._message_payload(created))
        )

    async def _h_get_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        message = self._message_or_error(args)
        if isinstance(message, web.Response):
            return message
        return _json(self._message_payload(message))

    async def _h_edit_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        message = self._message_or_error(args)
        if isinstance(message, web.Response):
            return message
        if message.author_id != self.bot_id:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        edited = await self._edit_message(message, req.body or {}, req.uploads)
        return edited if isinstance(edited, web.Response) else _json(self._message_payload(edited))

    async def _h_delete_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        message = self._message_or_error(args)
        if isinstance(message, web.Response):
            return message
        await self._delete_message(message)
        return _no_content()

    async def _create_message(
        self,
        channel: FakeChannel,
        author_id: int,
        body: JSON,
        uploads: Mapping[str, _Upload],
        *,
        interaction: _InteractionRecord | None = None,
        extra_flags: int = 0,
    ) -> FakeMessage | web.Response:
        errors = _check_message(body, len(uploads), creating=True)
        if errors.items:
            return _empty_or_form_error(errors)
        guild = self._guilds.get(channel.guild_id or 0)
        mentions = resolve_mentions(guild, channel, author_id, body, self._permissions)
        if isinstance(mentions, _Errors):
            return _form_error(mentions)
        attachments = self._attachments_for(body, uploads, [])
        if isinstance(attachments, web.Response):
            return attachments
        components = copy.deepcopy(body.get("components") or [])
        _assign_component_ids(components)
        # Suppress embeds / notifications and components v2 are honoured everywhere;
        # ephemeral only on interaction responses (Discord ignores it on channel sends).
        allowed_flags = SETTABLE_FLAGS | (FLAG_EPHEMERAL if interaction is not None else 0)
        message = FakeMessage(
            id=self._snowflakes.next(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author_id=author_id,
            content=str(body.get("content") or ""),
            embeds=copy.deepcopy(body.get("embeds") or []),
            components=components,
            attachments=attachments,
            flags=(int(body.get("flags") or 0) & allowed_flags) | extra_flags,
            created_at=_now(),
            type=0,
            message_reference=body.get("message_reference"),
            nonce=None if body.get("nonce") is None else str(body["nonce"]),
            tts=bool(body.get("tts")),
        )
        if not message.ephemeral:
            message.pinged, message.mention_roles = mentions.users, mentions.roles
        if message.message_reference is not None:
            message.type = 19
        if interaction is not None:
            message.interaction_id = interaction.id
            message.webhook_id = self.application_id
            message.type = 20 if interaction.type == APPLICATION_COMMAND else 0
        self._messages[message.id] = message
        if not message.ephemeral:
            channel.last_message_id = message.id
            channel.message_count += 1
            if channel.is_thread:
                channel.archived = False
            await self._dispatch("MESSAGE_CREATE", self._message_payload(message), channel.guild_id)
        return message

    def _attachments_for(
        self, body: JSON, uploads: Mapping[str, _Upload], existing: Sequence[FakeAttachment]
    ) -> list[FakeAttachment] | web.Response:
        """Resolve ``attachments`` (kept ids + new ``files[i]`` uploads) into attachments."""
        entries = body.get("attachments")
        if entries is None:
            entries = [{"id": name[6:-1]} for name in uploads if name.startswith("files[")]
            keep = list(existing)
        else:
            keep = []
        by_id = {a.id: a for a in existing}
        result = list(keep)
        for entry in entries:
            key = f"files[{entry.get('id')}]"
            upload = uploads.get(key)
            if upload is not None:
                attachment_id = self._snowflakes.next()
                filename = entry.get("filename") or upload.filename
                content_type = (
                    upload.content_type
                    if upload.content_type and upload.content_type != "application/octet-stream"
                    else mimetypes.guess_type(filename)[0] or "application/octet-stream"
                )
                attachment = FakeAttachment(
                    id=attachment_id,
                    filename=filename,
                    data=upload.data,
                    content_type=content_type,
                    url=f"{self.base_url}/attachments/{attachment_id}/{filename}",
                    description=entry.get("description"),
                )
                self._attachments[attachment_id] = attachment
                result.append(attachment)
            elif int(entry.get("id", -1)) in by_id:
                result.append(by_id[int(entry["id"])])
            else:
                return _form_error(
                    _single_error(
                        "attachments", "ATTACHMENT_NOT_FOUND", f"Unknown attachment {entry}"
                    )
                )
        return result

    async def _edit_message(
        self, message: FakeMessage, body: JSON, uploads: Mapping[str, _Upload]
    ) -> FakeMessage | web.Response:
        errors = _check_message(body, len(uploads), creating=False)
        if errors.items:
            return _form_error(errors)
        attachments = self._attachments_for(body, uploads, message.attachments)
        if isinstance(attachments, web.Response):
            return attachments
        if "content" in body:
            message.content = str(body["content"] or "")
        if "embeds" in body:
            message.embeds = copy.deepcopy(body["embeds"] or [])
        if "components" in body:
            message.components = copy.deepcopy(body["components"] or [])
            _assign_component_ids(message.components)
        if "flags" in body and body["flags"] is not None:
            message.flags = (message.flags & ~FLAG_SUPPRESS_EMBEDS) | (
                int(body["flags"]) & FLAG_SUPPRESS_EMBEDS
            )
        message.attachments = attachments
        message.flags &= ~FLAG_LOADING
        message.edits += 1
        message.edited_at = _now()
        if not message.ephemeral:
            await self._dispatch("MESSAGE_UPDATE", self._message_payload(message), message.guild_id)
        return message

    async def _delete_message(self, message: FakeMessage) -> None:
        message.deleted = True
        if not message.ephemeral:
            data: JSON = {"id": str(message.id), "channel_id": str(message.channel_id)}
            if message.guild_id is not None:
                data["guild_id"] = str(message.guild_id)
            await self._dispatch("MESSAGE_DELETE", data, message.guild_id)

    async def _create_thread(
        self, parent: FakeChannel, body: JSON, thread_id: int, thread_type: int
    ) -> FakeChannel | web.Response:
        name = body.get("name") or ""
        if not 1 <= len(name) <= 100:
            return _form_error(
                _single_error(
                    "name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
                )
            )
        needed = VIEW_CHANNEL | (
            CREATE_PUBLIC_THREADS if thread_type == PUBLIC_THREAD else CREATE_PRIVATE_THREADS
        )
        if not self._bot_can(parent, needed):
            return _error(403, 50013, "Missing Permissions")
        thread = FakeChannel(
            id=thread_id,
            type=thread_type,
            name=name,
            guild_id=parent.guild_id,
            parent_id=parent.id,
            owner_id=self.bot_id,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        self._channels[thread.id] = thread
        await self._dispatch(
            "THREAD_CREATE",
            {**self._channel_payload(thread), "newly_created": True},
            parent.guild_id,
        )
        return thread

    async def _h_thread_from_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        parent = self._channels.get(int(args[0]))
        if parent is None or parent.type not in (GUILD_TEXT, GUILD_NEWS):
            return _error(404, 10003, "Unknown Channel")
        message = self._visible_message(parent.id, int(args[1]))
        if message is None:
            return _error(404, 10008, "Unknown Message")
        if message.thread_id is not None:
            return _error(400, 160004, "A thread has already been created for this message")
        thread_type = PUBLIC_THREAD if parent.type == GUILD_TEXT else 10
        thread = await self._create_thread(parent, req.body or {}, message.id, thread_type)
        if isinstance(thread, web.Response):
            return thread
        thread.starter_message_id = message.id
        message.thread_id = thread.id
        message.flags |= FLAG_HAS_THREAD
        return _json(self._channel_payload(thread), status=201)

    async def _h_thread_without_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        parent = self._channels.get(int(args[0]))
        if parent is None or parent.guild_id is None or parent.is_thread:
            return _error(404, 10003, "Unknown Channel")
        body = req.body or {}
        thread_type = int(body.get("type") or PRIVATE_THREAD)
        thread = await self._create_thread(parent, body, self._snowflakes.next(), thread_type)
        if isinstance(thread, web.Response):
            return thread
        return _json(self._channel_payload(thread), status=201)

    def _event_or_error(self, args: Sequence[str]) -> FakeScheduledEvent | web.Response:
        if int(args[0]) not in self._guilds:
            return _error(404, 10004, "Unknown Guild")
        event = self._events.get(int(args[1]))
        if event is None or event.deleted or event.guild_id != int(args[0]):
            return _error(404, 10070, "Unknown Guild Scheduled Event")
        return event

    @staticmethod
    def _check_event(data: JSON) -> _Errors:
        errors = _Errors()
        errors.required("name", data.get("name"))
        errors.max_len("name", data.get("name"), 100)
        errors.max_len("description", data.get("description"), 1000)
        errors.required("scheduled_start_time", data.get("scheduled_start_time"))
        entity_type = data.get("entity_type")
        if entity_type == 3:
            if not (data.get("entity_metadata") or {}).get("location"):
                errors.required("entity_metadata.location", None)
            if not data.get("scheduled_end_time"):
                errors.required("scheduled_end_time", None)
        elif entity_type in (1, 2):
            errors.required("channel_id", data.get("channel_id"))
        else:
            errors.add("entity_type", "BASE_TYPE_CHOICES", "Value must be one of (1, 2, 3).")
        return errors

    async def _h_list_events(self, req: _Request, args: Sequence[str]) -> web.Response:
        if int(args[0]) not in self._guilds:
            return _error(404, 10004, "Unknown Guild")
        return _json([e.data for e in self.scheduled_events(int(args[0]))])

    async def _h_create_event(self, req: _Request, args: Sequence[str]) -> web.Response:
        guild = self._guilds.get(int(args[0]))
        if guild is None:
            return _error(404, 10004, "Unknown Guild")
        if not self._permissions(guild, self.bot_id, None) & (MANAGE_EVENTS | CREATE_EVENTS):
            return _error(403, 50013, "Missing Permissions")
        body = dict(req.body or {})
        errors = self._check_event(body)
        if errors.items:
            return _form_error(errors)
        event_id = self._snowflakes.next()
        data: JSON = {
            "id": str(event_id),
            "guild_id": str(guild.id),
            "channel_id": body.get("channel_id"),
            "creator_id": str(self.bot_id),
            "creator": self._users[self.bot_id].payload(),
            "name": body["name"],
            "description": body.get("description"),
            "scheduled_start_time": body["scheduled_start_time"],
            "scheduled_end_time": body.get("scheduled_end_time"),
            "privacy_level": body.get("privacy_level", 2),
            "status": 1,
            "entity_type": body["entity_type"],
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "user_count": 0,
            "image": None,
            "recurrence_rule": None,
        }
        event = self._events[event_id] = FakeScheduledEvent(event_id, guild.id, data)
        await self._dispatch("GUILD_SCHEDULED_EVENT_CREATE", event.data, guild.id)
        return _json(event.data)

    async def _h_get_event(self, req: _Request, args: Sequence[str]) -> web.Response:
        event = self._event_or_error(args)
        return event if isinstance(event, web.Response) else _json(event.data)

    async def _h_edit_event(self, req: _Request, args: Sequence[str]) -> web.Response:
        event = self._event_or_error(args)
        if isinstance(event, web.Response):
            return event
        merged = {**event.data, **(req.body or {})}
        errors = self._check_event(merged)
        if errors.items:
            return _form_error(errors)
        event.data = merged
        await self._dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event.data, event.guild_id)
        return _json(event.data)

    async def _h_delete_event(self, req: _Request, args: Sequence[str]) -> web.Response:
        event = self._event_or_error(args)
        if isinstance(event, web.Response):
            return event
        event.deleted = True
        await self._dispatch("GUILD_SCHEDULED_EVENT_DELETE", event.data, event.guild_id)
        return _no_content()

    async def _h_event_users(self, req: _Request, args: Sequence[str]) -> web.Response:
        event = self._event_or_error(args)
        if isinstance(event, web.Response):
            return event
        users = self._event_users_payload(event, req.query.get("with_member") in ("1", "true"))
        if "before" in req.query:
            users = [u for u in users if int(u["user"]["id"]) < int(req.query["before"])]
        if "after" in req.query:
            users = [u for u in users if int(u["user"]["id"]) > int(req.query["after"])]
        return _json(users[: int(req.query.get("limit", 100))])
