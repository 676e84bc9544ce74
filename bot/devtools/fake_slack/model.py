"""The fake Slack workspace: users, channels, messages, views and files as plain records."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

JSON = dict[str, Any]

TEAM_ID = "T0FAKETEAM"
TEAM_DOMAIN = "studygroup"


class SlackError(Exception):
    """A Web API refusal: ``{"ok": false, "error": code, ...extra}``."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra

    def body(self) -> JSON:
        return {"ok": False, "error": self.code, **self.extra}


class FakeSlackTimeout(AssertionError):
    """A bounded wait ran out (the bot did not do what the test waited for)."""


@dataclass
class SlackUser:
    """A workspace member (or the bot's own user)."""

    id: str
    name: str
    display_name: str = ""
    real_name: str = ""
    tz: str = "UTC"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False

    def payload(self, now: datetime) -> JSON:
        """The ``user`` object of ``users.info``."""
        offset = now.astimezone(ZoneInfo(self.tz)).utcoffset()
        real_name = self.real_name or self.name
        return {
            "id": self.id,
            "team_id": TEAM_ID,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": real_name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": self.is_owner,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": int(now.timestamp()),
            "profile": {
                "real_name": real_name,
                "real_name_normalized": real_name,
                "display_name": self.display_name,
                "display_name_normalized": self.display_name,
                "team": TEAM_ID,
            },
        }


@dataclass
class SlackChannel:
    """A public or private channel, or the DM between the bot and one user (``im_user``)."""

    id: str
    name: str
    created: int
    is_private: bool = False
    archived: bool = False
    members: set[str] = field(default_factory=set)
    im_user: str | None = None

    @property
    def is_im(self) -> bool:
        return self.im_user is not None

    def payload(self, bot_user_id: str) -> JSON:
        """The ``channel`` object of ``conversations.info``."""
        if self.im_user is not None:
            return {
                "id": self.id,
                "created": self.created,
                "is_im": True,
                "is_org_shared": False,
                "user": self.im_user,
                "is_archived": False,
            }
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "created": self.created,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "is_archived": self.archived,
            "is_general": False,
            "is_shared": False,
            "is_org_shared": False,
            "is_ext_shared": False,
            "is_member": bot_user_id in self.members,
            "num_members": len(self.members),
            "context_team_id": TEAM_ID,
        }


@dataclass
class SlackMessage:
    """A message in a channel, or an ephemeral one only ``ephemeral_to`` sees."""

    channel: str
    ts: str
    user: str
    text: str
    blocks: list[JSON] = field(default_factory=list)
    bot_id: str | None = None
    app_id: str | None = None
    thread_ts: str | None = None
    metadata: JSON | None = None
    files: list[str] = field(default_factory=list)
    reply_count: int = 0
    edited_ts: str | None = None
    deleted: bool = False
    ephemeral_to: str | None = None
    reactions: dict[str, list[str]] = field(default_factory=dict)
    notified: frozenset[str] = frozenset()  # members its mentions notified when posted
    pinned: bool = False

    @property
    def ephemeral(self) -> bool:
        return self.ephemeral_to is not None

    def action_ids(self) -> list[str]:
        """Every ``action_id`` of the message's interactive elements, in order."""
        return [element["action_id"] for _, element in elements_of(self.blocks)]

    def payload(self, *, with_metadata: bool = False) -> JSON:
        """The message as ``conversations.history`` and interaction payloads carry it."""
        body: JSON = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        body["team"] = TEAM_ID
        if self.bot_id is not None:
            body["bot_id"] = self.bot_id
            body["app_id"] = self.app_id
        if self.blocks:
            body["blocks"] = copy.deepcopy(self.blocks)
        if self.thread_ts is not None:
            body["thread_ts"] = self.thread_ts
            if self.thread_ts == self.ts:
                body["reply_count"] = self.reply_count
        if self.edited_ts is not None:
            body["edited"] = {"user": self.user, "ts": self.edited_ts}
        if self.files:
            body["files"] = [{"id": file_id} for file_id in self.files]
        if self.reactions:
            body["reactions"] = [
                {"name": name, "users": list(users), "count": len(users)}
                for name, users in self.reactions.items()
            ]
        if with_metadata and self.metadata is not None:
            body["metadata"] = copy.deepcopy(self.metadata)
        return body


@dataclass
class SlackView:
    """A modal on a user's screen, or a user's published App Home."""

    id: str
    user: str
    definition: JSON
    hash: str
    root_view_id: str
    previous_view_id: str | None = None
    open: bool = True
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def type(self) -> str:
        return str(self.definition.get("type"))

    @property
    def callback_id(self) -> str:
        return str(self.definition.get("callback_id", ""))

    @property
    def blocks(self) -> list[JSON]:
        return list(self.definition.get("blocks", []))

    @property
    def private_metadata(self) -> str:
        return str(self.definition.get("private_metadata", ""))

    def payload(self, app_id: str, bot_id: str, state: JSON | None = None) -> JSON:
        """The ``view`` object Slack returns and puts in interaction payloads."""
        d = self.definition
        body: JSON = {
            "id": self.id,
            "team_id": TEAM_ID,
            "type": self.type,
            "blocks": copy.deepcopy(self.blocks),
            "private_metadata": self.private_metadata,
            "callback_id": self.callback_id,
            "state": {"values": state or {}},
            "hash": self.hash,
            "title": copy.deepcopy(d.get("title")),
            "clear_on_close": bool(d.get("clear_on_close", False)),
            "notify_on_close": bool(d.get("notify_on_close", False)),
            "close": copy.deepcopy(d.get("close")),
            "submit": copy.deepcopy(d.get("submit")),
            "previous_view_id": self.previous_view_id,
            "root_view_id": self.root_view_id,
            "app_id": app_id,
            "external_id": str(d.get("external_id", "")),
            "app_installed_team_id": TEAM_ID,
            "bot_id": bot_id,
        }
        return body


@dataclass
class SlackFile:
    """A file uploaded through ``files.getUploadURLExternal`` and friends."""

    id: str
    filename: str
    length: int
    user: str
    upload_token: str
    content: bytes | None = None
    title: str = ""
    completed: bool = False
    channels: list[str] = field(default_factory=list)

    def payload(self) -> JSON:
        return {
            "id": self.id,
            "name": self.filename,
            "title": self.title or self.filename,
            "size": self.length,
            "user": self.user,
            "channels": list(self.channels),
            "is_public": any(c.startswith("C") for c in self.channels),
        }


def elements_of(blocks: list[JSON]) -> list[tuple[JSON, JSON]]:
    """``(block, element)`` for every interactive element that carries an ``action_id``."""
    found: list[tuple[JSON, JSON]] = []
    for block in blocks:
        candidates: list[Any] = []
        if block.get("type") == "actions":
            candidates = list(block.get("elements") or [])
        elif block.get("type") == "section":
            candidates = [block.get("accessory")]
        elif block.get("type") == "input":
            candidates = [block.get("element")]
        found.extend(
            (block, element)
            for element in candidates
            if isinstance(element, dict) and "action_id" in element
        )
    return found


USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
BROADCAST = re.compile(r"<!(channel|here|everyone)(?:\|[^>]*)?>")


def notified_by(text: str, blocks: list[JSON], channel_members: set[str]) -> frozenset[str]:
    """Who a new message notifies, as Slack does: every ``<@U…>`` in its text or its blocks
    (a mention always notifies; there is no silent one) and the whole channel for
    ``<!channel>``, ``<!here>`` and ``<!everyone>``; only members of the channel."""
    texts = [text]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    users = {user for t in texts for user in USER_MENTION.findall(t)}
    if any(BROADCAST.search(t) for t in texts):
        users |= channel_members
    return frozenset(users & channel_members)
