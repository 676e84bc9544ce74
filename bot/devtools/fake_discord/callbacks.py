"""REST routes for interaction callbacks and webhook follow-ups."""

from __future__ import annotations

import copy
import time
from collections.abc import (
    Mapping,
    Sequence,
)

from aiohttp import web

from bot.devtools.fake_discord.channels import Channels
from bot.devtools.fake_discord.constants import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    JSON,
    MESSAGE_COMPONENT,
    MODAL,
    UPDATE_MESSAGE,
)
from bot.devtools.fake_discord.limits import _check_choices, _check_message, _check_modal
from bot.devtools.fake_discord.model import FakeMessage, _now
from bot.devtools.fake_discord.records import (
    InteractionCallback,
    _InteractionRecord,
    _ModalRecord,
    _Request,
    _Upload,
)
from bot.devtools.fake_discord.responses import (
    _empty_or_form_error,
    _error,
    _form_error,
    _json,
    _no_content,
    _single_error,
)


class Callbacks(Channels):
    """Interaction responses and follow-ups."""

    async def _h_interaction_callback(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interactions.get(int(args[0]))
        if record is None or record.token != args[1]:
            return _error(404, 10062, "Unknown interaction")
        if record.callback is not None:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        deadline = self.interaction_deadline
        if deadline is not None and self.interaction_clock() - record.created > deadline:
            record.failed = True
            record.answered.set()
            return _error(404, 10062, "Unknown interaction")
        body = req.body or {}
        ctype = int(body.get("type", 0))
        data = dict(body.get("data") or {})
        outcome = await self._apply_callback(record, ctype, data, req.uploads)
        if isinstance(outcome, web.Response):
            return outcome
        callback = InteractionCallback(
            record.id, ctype, data, time.monotonic(), record.original_message_id
        )
        record.callback = callback
        record.answered.set()
        self._callbacks.append(callback)
        if req.query.get("with_response") not in ("1", "true", "True"):
            return _no_content()
        interaction: JSON = {"id": str(record.id), "type": record.type}
        resource: JSON = {"type": ctype}
        if outcome is not None:
            interaction.update(
                response_message_id=str(outcome.id),
                response_message_loading=outcome.loading,
                response_message_ephemeral=outcome.ephemeral,
            )
            resource["message"] = self._message_payload(outcome)
        return _json({"interaction": interaction, "resource": resource})

    async def _apply_callback(
        self, record: _InteractionRecord, ctype: int, data: JSON, uploads: Mapping[str, _Upload]
    ) -> FakeMessage | web.Response | None:
        """Apply an initial response; return the message it created or updated."""
        channel = self._channels[record.channel_id]
        if ctype == CHANNEL_MESSAGE and record.type != AUTOCOMPLETE:
            created = await self._create_message(
                channel, self.bot_id, data, uploads, interaction=record
            )
            if isinstance(created, FakeMessage):
                record.original_message_id = created.id
            return created
        if ctype == DEFERRED_CHANNEL_MESSAGE and record.type != AUTOCOMPLETE:
            flags = int(data.get("flags") or 0) & FLAG_EPHEMERAL
            loading = FakeMessage(
                id=self._snowflakes.next(),
                channel_id=channel.id,
                guild_id=channel.guild_id,
                author_id=self.bot_id,
                content="",
                embeds=[],
                components=[],
                attachments=[],
                flags=flags | FLAG_LOADING,
                created_at=_now(),
                type=20 if record.type == APPLICATION_COMMAND else 0,
                interaction_id=record.id,
                webhook_id=self.application_id,
            )
            self._messages[loading.id] = loading
            record.original_message_id = loading.id
            if not loading.ephemeral:
                await self._dispatch(
                    "MESSAGE_CREATE", self._message_payload(loading), channel.guild_id
                )
            return loading
        if (
            ctype in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE)
            and record.source_message_id is not None
        ):
            record.original_message_id = record.source_message_id
            source = self._messages[record.source_message_id]
            if ctype == DEFERRED_UPDATE_MESSAGE:
                return source
            return await self._edit_message(source, data, uploads)
        if ctype == AUTOCOMPLETE_RESULT and record.type == AUTOCOMPLETE:
            errors = _check_choices(data.get("choices") or [])
            return _form_error(errors.prefixed("data")) if errors.items else None
        if ctype == MODAL and record.type in (APPLICATION_COMMAND, MESSAGE_COMPONENT):
            errors = _check_modal(data)
            if errors.items:
                return _form_error(errors.prefixed("data"))
            self._modals[str(data["custom_id"])] = _ModalRecord(copy.deepcopy(data), record)
            return None
        return _form_error(
            _single_error(
                "type",
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Invalid response type {ctype} for interaction type {record.type}",
            )
        )

    def _interaction_for_webhook(self, args: Sequence[str]) -> _InteractionRecord | web.Response:
        record = self._interactions_by_token.get(args[1])
        if int(args[0]) != self.application_id or record is None or record.callback is None:
            return _error(404, 10015, "Unknown Webhook")
        if record.callback.type in (AUTOCOMPLETE_RESULT, MODAL):
            return _error(404, 10015, "Unknown Webhook")
        return record

    def _webhook_message(
        self, record: _InteractionRecord, which: str
    ) -> FakeMessage | web.Response:
        message_id = record.original_message_id if which == "@original" else int(which)
        allowed = {record.original_message_id, *record.followup_ids}
        message = (
            None
            if message_id is None or message_id not in allowed
            else self._messages.get(message_id)
        )
        if message is None or message.deleted:
            return _error(404, 10008, "Unknown Message")
        return message

    async def _h_followup(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interaction_for_webhook(args)
        if isinstance(record, web.Response):
            return record
        body = dict(req.body or {})
        original = (
            None
            if record.original_message_id is None
            else self._messages[record.original_message_id]
        )
        if (
            record.callback is not None
            and record.callback.type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and original.loading
        ):
            # Discord: the first follow-up after a deferred response fills the "thinking"
            # message, and its ephemerality comes from the defer, not from these flags.
            errors = _check_message(body, len(req.uploads), creating=True)
            if errors.items:
                return _empty_or_form_error(errors)
            body.pop("flags", None)
            result: FakeMessage | web.Response = await self._edit_message(
                original, body, req.uploads
            )
            if isinstance(result, FakeMessage):
                record.original_edits += 1
        else:
            result = await self._create_message(
                self._channels[record.channel_id],
                self.bot_id,
                body,
                req.uploads,
                interaction=record,
            )
        if isinstance(result, web.Response):
            return result
        record.followup_ids.append(result.id)
        if req.query.get("wait") in ("0", "false", "False"):
            return _no_content()
        return _json(self._message_payload(result))

    async def _h_get_webhook_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interaction_for_webhook(args)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, args[2])
        return (
            message if isinstance(message, web.Response) else _json(self._message_payload(message))
        )

    async def _h_edit_webhook_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interaction_for_webhook(args)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, args[2])
        if isinstance(message, web.Response):
            return message
        edited = await self._edit_message(message, req.body or {}, req.uploads)
        if isinstance(edited, web.Response):
            return edited
        if edited.id == record.original_message_id:
            record.original_edits += 1
        return _json(self._message_payload(edited))

    async def _h_delete_webhook_message(self, req: _Request, args: Sequence[str]) -> web.Response:
        record = self._interaction_for_webhook(args)
        if isinstance(record, web.Response):
            return record
        message = self._webhook_message(record, args[2])
        if isinstance(message, web.Response):
            return message
        await self._delete_message(message)
        return _no_content()
