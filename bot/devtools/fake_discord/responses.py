"""REST responses in Discord's shape, and helpers for building submissions and options."""

from __future__ import annotations

import json
import logging
from collections.abc import (
    Mapping,
    Sequence,
)
from typing import Any

import discord
import discord.gateway
import discord.http
from aiohttp import web

from bot.devtools.fake_discord.constants import (
    ACTION_ROW,
    CHECKBOX,
    JSON,
    LABEL,
    OPT_BOOLEAN,
    OPT_CHANNEL,
    OPT_INTEGER,
    OPT_NUMBER,
    OPT_ROLE,
    OPT_STRING,
    OPT_SUB_COMMAND,
    OPT_SUB_COMMAND_GROUP,
    OPT_USER,
    RADIO_GROUP,
    STRING_SELECT,
    TEXT_INPUT,
)
from bot.devtools.fake_discord.limits import _Errors
from bot.devtools.fake_discord.model import FakeChannel, FakeUser


class _ErrorCollector(logging.Handler):
    """Collects ERROR records from the ``discord`` logger (exceptions in callbacks)."""

    def __init__(self, sink: list[str]) -> None:
        super().__init__(level=logging.ERROR)
        self._sink = sink
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self._sink.append(self.format(record))


def _guessed_submission(custom_id: str, value: str | bool | Sequence[str]) -> JSON:
    """A submitted component for a modal the fake never saw, typed from the Python value."""
    if isinstance(value, bool):
        return {
            "type": LABEL,
            "component": {"type": CHECKBOX, "custom_id": custom_id, "value": value},
        }
    if isinstance(value, str):
        return {
            "type": ACTION_ROW,
            "components": [{"type": TEXT_INPUT, "custom_id": custom_id, "value": value}],
        }
    child = {"type": STRING_SELECT, "custom_id": custom_id, "values": [str(v) for v in value]}
    return {"type": LABEL, "component": child}


def _command_paths(command: JSON) -> list[str]:
    """A chat-input command's invocable paths: "help", "setup configure", "a b c"."""
    name = str(command["name"])
    paths = []
    for option in command.get("options") or []:
        if option.get("type") == OPT_SUB_COMMAND:
            paths.append(f"{name} {option['name']}")
        elif option.get("type") == OPT_SUB_COMMAND_GROUP:
            paths += [f"{name} {option['name']} {sub['name']}" for sub in option["options"]]
    return paths or [name]


def _sub_schema(schema: Sequence[JSON], name: str, option_type: int) -> list[JSON]:
    node = next((o for o in schema if o.get("name") == name and o.get("type") == option_type), None)
    return [] if node is None else list(node.get("options") or [])


def _infer_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return OPT_BOOLEAN
    if isinstance(value, int):
        return OPT_INTEGER
    if isinstance(value, float):
        return OPT_NUMBER
    if isinstance(value, (discord.abc.GuildChannel, discord.Thread, FakeChannel)):
        return OPT_CHANNEL
    if isinstance(value, (discord.abc.User, FakeUser)):
        return OPT_USER
    if isinstance(value, discord.Role):
        return OPT_ROLE
    return OPT_STRING


def _json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    # Content-Type must be exactly application/json: discord.py compares the header verbatim.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


def _no_content() -> web.Response:
    return web.Response(status=204)


def _error(status: int, code: int, message: str, errors: JSON | None = None) -> web.Response:
    body: JSON = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json(body, status=status)


def _single_error(path: str, code: str, message: str) -> _Errors:
    errors = _Errors()
    errors.add(path, code, message)
    return errors


def _form_error(errors: _Errors) -> web.Response:
    return _error(400, 50035, "Invalid Form Body", errors.tree())


def _empty_or_form_error(errors: _Errors) -> web.Response:
    if any(code == "EMPTY" for _, code, _ in errors.items):
        return _error(400, 50006, "Cannot send an empty message")
    return _form_error(errors)


def _submitted_value(component: JSON, remaining: dict[str, str | bool | Sequence[str]]) -> JSON:
    custom_id = component.get("custom_id")
    ctype = component.get("type")
    out: JSON = {"type": ctype, "id": component.get("id"), "custom_id": custom_id}
    given = remaining.pop(str(custom_id), None)
    if ctype == TEXT_INPUT:
        if given is None and component.get("required", True) and not component.get("value"):
            raise ValueError(f"required text input {custom_id!r} not given")
        out["value"] = str(given if given is not None else component.get("value") or "")
    elif ctype == CHECKBOX:
        out["value"] = bool(given)
    elif ctype == RADIO_GROUP:
        out["value"] = None if given is None else str(given)
    else:
        if isinstance(given, (str, bool)):
            raise ValueError(f"component {custom_id!r} takes a list of values")
        out["values"] = [str(v) for v in given or []]
    return out
