"""Interaction and event payloads built from what the app really sent.

Buttons, selects and inputs are looked up in the stored message or view, so a payload
carries the element's real ``block_id``, text, value and options, and a value that is not
among a select's options is refused like the Slack client would never send it.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable, Mapping, Sequence

from bot.devtools.fake_slack.model import (
    JSON,
    TEAM_DOMAIN,
    TEAM_ID,
    SlackMessage,
    SlackView,
    elements_of,
)
from bot.devtools.fake_slack.workspace import ResponseUrl, Workspace

VERIFICATION_TOKEN = "fake-verification-token"
Value = str | Sequence[str] | None


def element_value(element: JSON, value: Value) -> JSON:
    """What Slack reports for ``element`` set to ``value`` (action payloads and view state)."""
    kind = str(element.get("type"))
    values = [value] if isinstance(value, str) else list(value or [])
    body: JSON = {"type": kind}
    if kind in ("static_select", "radio_buttons", "overflow", "external_select"):
        body["selected_option"] = _options(element, values[:1])[0] if values else None
    elif kind in ("multi_static_select", "checkboxes", "multi_external_select"):
        body["selected_options"] = _options(element, values)
    elif kind == "users_select":
        body["selected_user"] = value
    elif kind == "multi_users_select":
        body["selected_users"] = values
    elif kind == "conversations_select":
        body["selected_conversation"] = value
    elif kind == "multi_conversations_select":
        body["selected_conversations"] = values
    elif kind == "channels_select":
        body["selected_channel"] = value
    elif kind == "multi_channels_select":
        body["selected_channels"] = values
    elif kind == "datepicker":
        body["selected_date"] = value
    elif kind == "timepicker":
        body["selected_time"] = value
    elif kind == "button":
        pass
    else:
        body["value"] = value
    return body


def _options(element: JSON, values: Sequence[str]) -> list[JSON]:
    if element.get("type") in ("external_select", "multi_external_select"):
        return [{"text": {"type": "plain_text", "text": v}, "value": v} for v in values]
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    chosen = []
    for value in values:
        match = next((o for o in options if o.get("value") == value), None)
        if match is None:
            offered = [o.get("value") for o in options]
            raise ValueError(
                f"{value!r} is not an option of {element.get('action_id')!r}: {offered}"
            )
        chosen.append(copy.deepcopy(match))
    return chosen


def find_element(blocks: list[JSON], action_id: str) -> tuple[JSON, JSON]:
    """The ``(block, element)`` carrying ``action_id``; a test asking for another is a bug."""
    for block, element in elements_of(blocks):
        if element.get("action_id") == action_id:
            return block, element
    present = [element.get("action_id") for _, element in elements_of(blocks)]
    raise ValueError(f"no element with action_id {action_id!r}; present: {present}")


class PayloadBuilder:
    """Builds Slack's payloads for one app in one workspace."""

    def __init__(self, workspace: Workspace, base_url: Callable[[], str]) -> None:
        self.ws = workspace
        self._base_url = base_url

    def _user(self, user_id: str) -> JSON:
        user = self.ws.user(user_id)
        return {"id": user.id, "username": user.name, "name": user.name, "team_id": TEAM_ID}

    def _common(self, kind: str, user_id: str) -> JSON:
        return {
            "type": kind,
            "user": self._user(user_id),
            "api_app_id": self.ws.app_id,
            "token": VERIFICATION_TOKEN,
            "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _channel(self, channel_id: str) -> JSON:
        channel = self.ws.channel(channel_id)
        return {"id": channel.id, "name": "directmessage" if channel.is_im else channel.name}

    def response_url(self, record: ResponseUrl) -> str:
        return f"{self._base_url()}/hooks/{record.token}"

    def _action_ts(self) -> str:
        return f"{self.ws.clock.now().timestamp():.6f}"

    def slash(
        self, user_id: str, channel_id: str, command: str, text: str
    ) -> tuple[JSON, ResponseUrl]:
        """A slash command's form fields (all strings, as Slack sends them)."""
        user, channel = self.ws.user(user_id), self.ws.channel(channel_id)
        record = self.ws.issue_response_url(channel.id, user.id, None)
        payload = {
            "token": VERIFICATION_TOKEN,
            "team_id": TEAM_ID,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel.id,
            "channel_name": "directmessage" if channel.is_im else channel.name,
            "user_id": user.id,
            "user_name": user.name,
            "command": command,
            "text": text,
            "api_app_id": self.ws.app_id,
            "is_enterprise_install": "false",
            "response_url": self.response_url(record),
            "trigger_id": self.ws.issue_trigger(user.id),
        }
        return payload, record

    def block_actions(
        self, user_id: str, where: SlackMessage | SlackView, action_id: str, value: Value
    ) -> tuple[JSON, ResponseUrl | None]:
        """A click or a choice on an element of a message or a view."""
        block, element = find_element(where.blocks, action_id)
        action: JSON = {
            **element_value(element, value),
            "action_id": action_id,
            "block_id": block["block_id"],
            "action_ts": self._action_ts(),
        }
        if element.get("type") == "button":
            action["text"] = copy.deepcopy(element.get("text"))
            for key in ("value", "style"):
                if key in element:
                    action[key] = element[key]
        payload = self._common("block_actions", user_id)
        payload["trigger_id"] = self.ws.issue_trigger(user_id)
        payload["actions"] = [action]
        record = None
        if isinstance(where, SlackView):
            payload["container"] = {"type": "view", "view_id": where.id}
            payload["view"] = where.payload(self.ws.app_id, self.ws.bot_id)
        else:
            record = self.ws.issue_response_url(where.channel, user_id, where.ts)
            payload["container"] = {
                "type": "message",
                "message_ts": where.ts,
                "channel_id": where.channel,
                "is_ephemeral": where.ephemeral,
            }
            payload["channel"] = self._channel(where.channel)
            if not where.ephemeral:
                payload["message"] = where.payload()
            payload["state"] = {"values": {}}
            payload["response_url"] = self.response_url(record)
        return payload, record

    def view_state(self, view: SlackView, values: Mapping[str, Value]) -> JSON:
        """``state.values`` of a modal whose inputs (by ``action_id``) hold ``values``."""
        unknown = set(values) - {e.get("action_id") for _, e in elements_of(view.blocks)}
        if unknown:
            raise ValueError(f"the view has no inputs {sorted(unknown)}")
        state: JSON = {}
        for block, element in elements_of(view.blocks):
            if block.get("type") != "input":
                continue
            value = values.get(element["action_id"])
            if not value and not block.get("optional", False):
                raise ValueError(
                    f"Slack keeps the modal open: required input {element['action_id']!r} is empty"
                )
            state.setdefault(block["block_id"], {})[element["action_id"]] = element_value(
                element, value
            )
        return state

    def view_submission(self, user_id: str, view: SlackView, state: JSON) -> JSON:
        payload = self._common("view_submission", user_id)
        payload["trigger_id"] = self.ws.issue_trigger(user_id)
        payload["view"] = view.payload(self.ws.app_id, self.ws.bot_id, state)
        payload["response_urls"] = []
        return payload

    def view_closed(self, user_id: str, view: SlackView) -> JSON:
        payload = self._common("view_closed", user_id)
        payload["view"] = view.payload(self.ws.app_id, self.ws.bot_id)
        payload["is_cleared"] = False
        return payload

    def shortcut(self, user_id: str, callback_id: str) -> JSON:
        payload = self._common("shortcut", user_id)
        payload.update(
            callback_id=callback_id,
            trigger_id=self.ws.issue_trigger(user_id),
            action_ts=self._action_ts(),
        )
        return payload

    def message_action(
        self, user_id: str, callback_id: str, message: SlackMessage
    ) -> tuple[JSON, ResponseUrl]:
        record = self.ws.issue_response_url(message.channel, user_id, None)
        payload = self._common("message_action", user_id)
        payload.update(
            callback_id=callback_id,
            trigger_id=self.ws.issue_trigger(user_id),
            action_ts=self._action_ts(),
            message_ts=message.ts,
            message=message.payload(),
            channel=self._channel(message.channel),
            response_url=self.response_url(record),
        )
        return payload, record

    def block_suggestion(
        self, user_id: str, where: SlackMessage | SlackView, action_id: str, typed: str
    ) -> JSON:
        block, element = find_element(where.blocks, action_id)
        if element.get("type") not in ("external_select", "multi_external_select"):
            raise ValueError(f"{action_id!r} is not an external select")
        payload = self._common("block_suggestion", user_id)
        payload.update(action_id=action_id, block_id=block["block_id"], value=typed)
        if isinstance(where, SlackView):
            payload["container"] = {"type": "view", "view_id": where.id}
            payload["view"] = where.payload(self.ws.app_id, self.ws.bot_id)
        else:
            payload["container"] = {
                "type": "message",
                "message_ts": where.ts,
                "channel_id": where.channel,
                "is_ephemeral": where.ephemeral,
            }
            payload["channel"] = self._channel(where.channel)
            payload["message"] = where.payload()
        return payload

    def app_home_opened(self, user_id: str) -> JSON:
        user = self.ws.user(user_id)
        dm = self.ws.dm_channel(user.id)
        event: JSON = {
            "type": "app_home_opened",
            "user": user.id,
            "channel": dm.id,
            "tab": "home",
            "event_ts": self._action_ts(),
        }
        home = self.ws.homes.get(user.id)
        if home is not None:
            event["view"] = home.payload(self.ws.app_id, self.ws.bot_id)
        return {
            "token": VERIFICATION_TOKEN,
            "team_id": TEAM_ID,
            "api_app_id": self.ws.app_id,
            "event": event,
            "type": "event_callback",
            "event_id": self.ws.new_id("Ev"),
            "event_time": int(self.ws.clock.now().timestamp()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM_ID,
                    "user_id": self.ws.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": secrets.token_urlsafe(24),
        }
