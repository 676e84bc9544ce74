"""Driving the bot with interactions (slash commands, autocomplete, clicks, selects, form
submissions) and what each one got back."""

# Every wait here is bounded and takes its bound as ``timeout``: that is the API, not an
# oversight, so the "use asyncio.timeout instead" rule does not apply.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import secrets
from collections.abc import (
    Mapping,
    Sequence,
)
from typing import Any

import discord
import discord.gateway
import discord.http

from bot.devtools.fake_discord.constants import (
    ACTION_ROW,
    ADMINISTRATOR,
    APPLICATION_COMMAND,
    ATTACHMENT_SIZE_LIMIT,
    AUTOCOMPLETE,
    BUTTON,
    JSON,
    LABEL,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    OPT_BOOLEAN,
    OPT_CHANNEL,
    OPT_INTEGER,
    OPT_MENTIONABLE,
    OPT_NUMBER,
    OPT_ROLE,
    OPT_STRING,
    OPT_SUB_COMMAND,
    OPT_SUB_COMMAND_GROUP,
    OPT_USER,
    SELECT_TYPES,
    STRING_SELECT,
)
from bot.devtools.fake_discord.model import (
    FakeDiscordTimeout,
    FakeMessage,
    InteractionFailed,
    _to_id,
    _walk_components,
)
from bot.devtools.fake_discord.records import OptionValue, _InteractionRecord
from bot.devtools.fake_discord.responses import (
    _guessed_submission,
    _infer_option_type,
    _sub_schema,
    _submitted_value,
)
from bot.devtools.fake_discord.rest import Rest
from bot.devtools.fake_discord.results import InteractionResult


class Interactions(Rest):
    """Building and delivering interactions."""

    async def slash(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        options: Mapping[str, Any] | None = None,
        subcommand: str | None = None,
        group: str | None = None,
        *,
        timeout: float | None = None,
    ) -> InteractionResult:
        """Invoke a chat-input command and wait for the bot's initial response.

        Option types come from the registered command (so ``{"channel": 123}`` becomes a
        channel option with resolved data); for unregistered commands they are inferred
        from Python types, or given explicitly with :class:`OptionValue`. ``guild_id=None``
        invokes the command in the user's DM with the bot.
        """
        self._check_offered(guild_id, channel_id, user_id, name)
        data = self._command_data(
            guild_id, user_id, channel_id, name, options or {}, subcommand, group, None, None
        )
        return await self._interact(
            APPLICATION_COMMAND, guild_id, channel_id, user_id, data, None, timeout
        )

    async def autocomplete(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        focused: str,
        value: str = "",
        options: Mapping[str, Any] | None = None,
        subcommand: str | None = None,
        group: str | None = None,
        *,
        timeout: float | None = None,
    ) -> list[JSON]:
        """Send an autocomplete interaction for option ``focused`` typed as ``value``; return the choices."""
        self._check_offered(guild_id, channel_id, user_id, name)
        data = self._command_data(
            guild_id, user_id, channel_id, name, options or {}, subcommand, group, focused, value
        )
        result = await self._interact(
            AUTOCOMPLETE, guild_id, channel_id, user_id, data, None, timeout
        )
        if result.choices is None:
            raise AssertionError(f"bot answered autocomplete with callback type {result.type}")
        return result.choices

    async def click(
        self, user_id: int, message_id: int, custom_id: str, *, timeout: float | None = None
    ) -> InteractionResult:
        """Click the button ``custom_id`` on a message and wait for the bot's response."""
        message, component = self._component_on(message_id, custom_id)
        if component.get("type") != BUTTON:
            raise ValueError(f"component {custom_id!r} is not a button")
        data: JSON = {"custom_id": custom_id, "component_type": BUTTON, "id": component.get("id")}
        return await self._interact(
            MESSAGE_COMPONENT, message.guild_id, message.channel_id, user_id, data, message, timeout
        )

    async def select(
        self,
        user_id: int,
        message_id: int,
        custom_id: str,
        values: Sequence[Any],
        *,
        timeout: float | None = None,
    ) -> InteractionResult:
        """Choose ``values`` in the select ``custom_id`` on a message and wait for the response.

        For user/role/channel/mentionable selects pass ids; resolved data is included.
        """
        message, component = self._component_on(message_id, custom_id)
        ctype = int(component.get("type", 0))
        if ctype not in SELECT_TYPES:
            raise ValueError(f"component {custom_id!r} is not a select")
        str_values = [str(_to_id(v)) if ctype != STRING_SELECT else str(v) for v in values]
        self._check_select_values(component, str_values)
        data: JSON = {
            "custom_id": custom_id,
            "component_type": ctype,
            "values": str_values,
            "id": component.get("id"),
        }
        if ctype != STRING_SELECT:
            data["resolved"] = self._resolved_for_select(
                ctype, message.guild_id, user_id, str_values
            )
        return await self._interact(
            MESSAGE_COMPONENT, message.guild_id, message.channel_id, user_id, data, message, timeout
        )

    async def submit_modal(
        self,
        user_id: int,
        custom_id: str,
        fields: Mapping[str, str | bool | Sequence[str]],
        channel_id: int | None = None,
        guild_id: int | None = None,
        message_id: int | None = None,
        *,
        timeout: float | None = None,
    ) -> InteractionResult:
        """Submit the modal ``custom_id`` with ``fields`` (custom_id -> value) and wait.

        When the bot opened this modal, its layout (action rows or Labels) is mirrored and
        channel, guild and source message default to those of the opening interaction.
        Select/checkbox-group values are lists; a checkbox value is a bool.
        """
        recorded = self._modals.get(custom_id)
        layout: list[JSON] = []
        if recorded is not None:
            opener = recorded.interaction
            channel_id = opener.channel_id if channel_id is None else channel_id
            message_id = opener.source_message_id if message_id is None else message_id
            layout = recorded.data.get("components") or []
        if channel_id is None:
            raise ValueError("channel_id is required for a modal the bot did not open")
        if guild_id is None:
            guild_id = self._channels[channel_id].guild_id
        components = self._modal_submit_components(layout, fields)
        message = None if message_id is None else self._messages[message_id]
        data: JSON = {"custom_id": custom_id, "components": components}
        return await self._interact(
            MODAL_SUBMIT, guild_id, channel_id, user_id, data, message, timeout
        )

    async def _interact(
        self,
        itype: int,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        data: JSON,
        message: FakeMessage | None,
        timeout: float | None,
    ) -> InteractionResult:
        record = self._new_interaction(itype, guild_id, channel_id, user_id, data, message)
        delivered = await self._dispatch("INTERACTION_CREATE", record.payload, guild_id)
        if not delivered:
            raise RuntimeError("no gateway session: is the bot connected to this FakeDiscord?")
        # Each interaction waits on its own event: many concurrent clicks (benchmarks) must
        # not all wake up on every change of the fake's state.
        limit = self.timeout if timeout is None else timeout
        try:
            await asyncio.wait_for(record.answered.wait(), limit)
        except TimeoutError:
            self._raise_if_crashed()
            what = (
                f"the bot to answer interaction {record.id} (type {itype}, data "
                f"{data.get('name') or data.get('custom_id')!r})"
            )
            raise FakeDiscordTimeout(self._describe_timeout(what, limit)) from None
        if record.failed:
            raise InteractionFailed(
                f"This interaction failed: the bot answered interaction {record.id} (data "
                f"{data.get('name') or data.get('custom_id')!r}) after Discord's "
                f"{self.interaction_deadline} s deadline"
            )
        return InteractionResult(self, record)

    def _new_interaction(
        self,
        itype: int,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        data: JSON,
        message: FakeMessage | None,
    ) -> _InteractionRecord:
        if user_id not in self._users:
            raise ValueError(f"unknown user {user_id}; call add_user or add_member first")
        interaction_id = self._snowflakes.next()
        token = f"fake-token-{interaction_id}-{secrets.token_hex(8)}"
        user = self._users[user_id]
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "locale": user.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if guild_id is not None:
            guild = self._guilds[guild_id]
            if channel_id is None:
                raise ValueError("channel_id is required for guild interactions")
            channel = self._channels[channel_id]
            payload.update(
                guild_id=str(guild_id),
                guild={"id": str(guild_id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                channel_id=str(channel_id),
                channel=self._channel_payload(channel, for_user=user_id),
                member=self._member_payload(guild, user_id, channel=channel),
                app_permissions=str(self._permissions(guild, self.bot_id, channel)),
                authorizing_integration_owners={"0": str(guild_id)},
                context=0,
            )
        else:
            channel = (
                self._channels[channel_id] if channel_id is not None else self._dm_channel(user_id)
            )
            payload.update(
                channel_id=str(channel.id),
                channel=self._channel_payload(channel),
                user=user.payload(),
                app_permissions=str(discord.Permissions.all_channel().value & ~ADMINISTRATOR),
                authorizing_integration_owners={"0": "0"},
                context=1,
            )
        if message is not None:
            payload["message"] = self._message_payload(message)
        record = _InteractionRecord(
            id=interaction_id,
            token=token,
            type=itype,
            guild_id=guild_id,
            channel_id=channel.id,
            user_id=user_id,
            payload=payload,
            source_message_id=None if message is None else message.id,
            created=self.interaction_clock(),
        )
        self._interactions[interaction_id] = record
        self._interactions_by_token[token] = record
        return record

    def _command_data(
        self,
        guild_id: int | None,
        user_id: int,
        channel_id: int | None,
        name: str,
        options: Mapping[str, Any],
        subcommand: str | None,
        group: str | None,
        focused: str | None,
        focused_value: str | None,
    ) -> JSON:
        found = self._find_command(name, guild_id, 1)
        command, guild_scoped = found if found is not None else ({"options": []}, False)
        schema: list[JSON] = list(command.get("options") or [])
        resolved: dict[str, dict[str, JSON]] = {}
        if group is not None:
            schema = _sub_schema(schema, group, OPT_SUB_COMMAND_GROUP)
        if subcommand is not None:
            schema = _sub_schema(schema, subcommand, OPT_SUB_COMMAND)
        built = [
            self._build_option(guild_id, user_id, channel_id, schema, key, value, resolved)
            for key, value in options.items()
        ]
        if focused is not None:
            option_type = next(
                (int(o["type"]) for o in schema if o.get("name") == focused), OPT_STRING
            )
            built = [o for o in built if o["name"] != focused]
            built.append(
                {
                    "name": focused,
                    "type": option_type,
                    "value": focused_value or "",
                    "focused": True,
                }
            )
        if subcommand is not None:
            built = [{"name": subcommand, "type": OPT_SUB_COMMAND, "options": built}]
        if group is not None:
            built = [{"name": group, "type": OPT_SUB_COMMAND_GROUP, "options": built}]
        data: JSON = {
            "id": str(command.get("id") or self._snowflakes.next()),
            "name": name,
            "type": 1,
            "options": built,
        }
        if resolved:
            data["resolved"] = resolved
        if guild_scoped and guild_id is not None:
            data["guild_id"] = str(guild_id)
        return data

    def _build_option(
        self,
        guild_id: int | None,
        user_id: int,
        channel_id: int | None,
        schema: Sequence[JSON],
        name: str,
        value: Any,
        resolved: dict[str, dict[str, JSON]],
    ) -> JSON:
        if isinstance(value, OptionValue):
            option_type, value = value.type, value.value
        else:
            declared = next((o for o in schema if o.get("name") == name), None)
            option_type = (
                int(declared["type"]) if declared is not None else _infer_option_type(value)
            )
        if option_type == OPT_STRING:
            return {"name": name, "type": option_type, "value": str(value)}
        if option_type == OPT_INTEGER:
            return {"name": name, "type": option_type, "value": int(value)}
        if option_type == OPT_BOOLEAN:
            return {"name": name, "type": option_type, "value": bool(value)}
        if option_type == OPT_NUMBER:
            return {"name": name, "type": option_type, "value": float(value)}
        target = _to_id(value)
        if option_type == OPT_MENTIONABLE:
            kind = OPT_USER if target in self._users else OPT_ROLE
        else:
            kind = option_type
        self._resolve(kind, guild_id, user_id, target, resolved)
        return {"name": name, "type": option_type, "value": str(target)}

    def _resolve(
        self,
        kind: int,
        guild_id: int | None,
        viewer_id: int,
        target: int,
        resolved: dict[str, dict[str, JSON]],
    ) -> None:
        """Add resolved data for a user/channel/role id, as seen by the invoking user."""
        guild = None if guild_id is None else self._guilds[guild_id]
        key = str(target)
        if kind == OPT_USER:
            resolved.setdefault("users", {})[key] = self._users[target].payload()
            if guild is not None and target in guild.members:
                member = self._member_payload(guild, target, with_user=False)
                member["permissions"] = str(self._permissions(guild, target, None))
                resolved.setdefault("members", {})[key] = member
        elif kind == OPT_CHANNEL:
            channel = self._channels[target]
            resolved.setdefault("channels", {})[key] = self._channel_payload(
                channel, for_user=viewer_id
            )
        elif kind == OPT_ROLE:
            if guild is None:
                raise ValueError("role options need a guild")
            resolved.setdefault("roles", {})[key] = guild.roles[target].payload()
        else:
            raise ValueError(f"option type {kind} is not supported by the fake")

    def _component_on(self, message_id: int, custom_id: str) -> tuple[FakeMessage, JSON]:
        message = self._messages.get(message_id)
        if message is None or message.deleted:
            raise LookupError(f"no message {message_id}")
        component = message.find_component(custom_id)
        if component is None:
            raise LookupError(
                f"message {message_id} has no component {custom_id!r}; it has {message.custom_ids}"
            )
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled")
        return message, component

    @staticmethod
    def _check_select_values(component: JSON, values: Sequence[str]) -> None:
        low, high = int(component.get("min_values", 1)), int(component.get("max_values", 1))
        if not low <= len(values) <= high:
            raise ValueError(
                f"select {component.get('custom_id')!r} takes {low}..{high} values, got {len(values)}"
            )
        if component.get("type") == STRING_SELECT:
            allowed = {o["value"] for o in component.get("options") or []}
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise ValueError(
                    f"values {unknown} are not options of select {component.get('custom_id')!r}"
                )

    def _resolved_for_select(
        self, ctype: int, guild_id: int | None, viewer_id: int, values: Sequence[str]
    ) -> JSON:
        resolved: dict[str, dict[str, JSON]] = {}
        for value in values:
            target = int(value)
            if ctype == 5:
                kind = OPT_USER
            elif ctype == 6:
                kind = OPT_ROLE
            elif ctype == 8:
                kind = OPT_CHANNEL
            else:
                kind = OPT_USER if target in self._users else OPT_ROLE
            self._resolve(kind, guild_id, viewer_id, target, resolved)
        return resolved

    def _modal_submit_components(
        self, layout: Sequence[JSON], fields: Mapping[str, str | bool | Sequence[str]]
    ) -> list[JSON]:
        """Build submitted modal components mirroring the modal's layout (rows or Labels)."""
        remaining = dict(fields)
        if not layout:
            return [_guessed_submission(custom_id, value) for custom_id, value in remaining.items()]
        submitted: list[JSON] = []
        for top in layout:
            if top.get("type") == ACTION_ROW:
                inner = [_submitted_value(c, remaining) for c in top.get("components") or []]
                submitted.append({"type": ACTION_ROW, "id": top.get("id"), "components": inner})
            elif top.get("type") == LABEL:
                child = _submitted_value(top.get("component") or {}, remaining)
                submitted.append({"type": LABEL, "id": top.get("id"), "component": child})
            else:
                submitted.append({"type": top.get("type"), "id": top.get("id")})
        if remaining:
            known = [c["custom_id"] for c in _walk_components(layout) if "custom_id" in c]
            raise ValueError(f"fields {sorted(remaining)} are not in the modal (it has {known})")
        return submitted
