"""The fake Slack's world and the rules that guard it (one place for every Slack rule).

The Web API, response URLs and acks all change the world through :class:`Workspace`, so a
rule (``not_in_channel``, block limits, trigger expiry, response URL uses) lives once.
Times that users could notice (message ``ts``, trigger and response URL expiry) follow the
injected clock, so a test moves them by advancing a ``FakeClock``.
"""

from __future__ import annotations

import copy
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import Clock
from bot.devtools.fake_slack.blocks import (
    MESSAGE_TEXT_LIMIT,
    assign_ids,
    check_message,
    check_view,
)
from bot.devtools.fake_slack.model import (
    JSON,
    SlackChannel,
    SlackError,
    SlackFile,
    SlackMessage,
    SlackUser,
    SlackView,
    notified_by,
)

TRIGGER_LIFETIME = timedelta(seconds=3)
RESPONSE_URL_LIFETIME = timedelta(minutes=30)
RESPONSE_URL_USES = 5
VIEW_SIZE_LIMIT = 250_000  # bytes of a published Home view


@dataclass
class Trigger:
    id: str
    user: str
    issued: datetime
    used: bool = False
    view_id: str | None = None


@dataclass
class ResponseUrl:
    """A ``response_url`` handed out with one envelope, and what was posted to it."""

    token: str
    channel: str
    user: str
    issued: datetime
    source_ts: str | None
    uses: int = 0
    posts: list[JSON] = field(default_factory=list)


def parse_json_arg(value: Any, name: str) -> Any:
    """Form-encoded calls carry ``blocks``, ``view``, ``metadata`` as JSON strings."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise SlackError("invalid_arguments", detail=f"{name} is not JSON") from exc
    return value


class Workspace:
    """Users, channels, messages, views, files, triggers and response URLs of one team."""

    def __init__(
        self,
        *,
        clock: Clock,
        bot_user_id: str,
        bot_id: str,
        app_id: str,
        notify: Callable[[], None],
    ) -> None:
        self.clock = clock
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.notify = notify
        self.users: dict[str, SlackUser] = {
            bot_user_id: SlackUser(bot_user_id, "studybot", is_bot=True)
        }
        self.channels: dict[str, SlackChannel] = {}
        self.messages: dict[tuple[str, str], SlackMessage] = {}
        self.ephemerals: list[SlackMessage] = []
        self.views: dict[str, SlackView] = {}
        self.homes: dict[str, SlackView] = {}
        self.home_tab_enabled = True  # the app manifest's ``home_tab_enabled``
        self.files: dict[str, SlackFile] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self._counter = 0
        self._last_ts = (0, 0)

    # --------------------------------------------------------------------------- ids

    def new_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}0{self._counter:08X}"

    def next_ts(self) -> str:
        """A unique, increasing message ``ts`` ("seconds.micro") from the clock."""
        seconds = int(self.clock.now().timestamp())
        last_seconds, last_micro = self._last_ts
        micro = last_micro + 1 if seconds <= last_seconds else 1
        seconds = max(seconds, last_seconds)
        self._last_ts = (seconds, micro)
        return f"{seconds}.{micro:06d}"

    # ----------------------------------------------------------------- users, channels

    def user(self, user_id: Any) -> SlackUser:
        user = self.users.get(str(user_id))
        if user is None:
            raise SlackError("user_not_found")
        return user

    def channel(self, channel_id: Any) -> SlackChannel:
        channel = self.channels.get(str(channel_id))
        if channel is None:
            raise SlackError("channel_not_found")
        return channel

    def readable_channel(self, channel_id: Any) -> SlackChannel:
        """A channel the bot may read: private ones and DMs only when it is a member."""
        channel = self.channel(channel_id)
        if self.bot_user_id not in channel.members:
            if channel.is_private or channel.is_im:
                raise SlackError("channel_not_found")
            raise SlackError("not_in_channel")
        return channel

    def dm_channel(self, user_id: str) -> SlackChannel:
        """The bot's DM with ``user_id`` (``conversations.open``), created on first use."""
        user = self.user(user_id)
        for channel in self.channels.values():
            if channel.im_user == user.id:
                return channel
        channel = SlackChannel(
            id=self.new_id("D"),
            name=user.id,
            created=int(self.clock.now().timestamp()),
            members={user.id, self.bot_user_id},
            im_user=user.id,
        )
        self.channels[channel.id] = channel
        return channel

    # ------------------------------------------------------------------------ messages

    def message(self, channel_id: str, ts: Any) -> SlackMessage:
        message = self.messages.get((channel_id, str(ts)))
        if message is None or message.deleted:
            raise SlackError("message_not_found")
        return message

    def message_by_ts(self, ts: str) -> SlackMessage:
        """A message or ephemeral anywhere, by its ``ts`` (unique in this fake)."""
        for message in [*self.messages.values(), *self.ephemerals]:
            if message.ts == ts and not message.deleted:
                return message
        raise KeyError(f"no message with ts {ts}")

    @staticmethod
    def message_body(args: JSON) -> tuple[str, list[JSON]]:
        """Validated ``text`` and ``blocks`` of a post or an update."""
        blocks = parse_json_arg(args.get("blocks"), "blocks")
        text = args.get("text")
        if not text and not blocks and not args.get("attachments"):
            raise SlackError("no_text")
        if isinstance(text, str) and len(text) > MESSAGE_TEXT_LIMIT:
            raise SlackError("msg_too_long")
        problems = check_message(blocks)
        if problems:
            raise SlackError(
                "invalid_blocks", errors=problems, response_metadata={"messages": problems}
            )
        blocks = copy.deepcopy(blocks or [])
        assign_ids(blocks)
        return str(text or ""), blocks

    @staticmethod
    def metadata(args: JSON) -> JSON | None:
        metadata = parse_json_arg(args.get("metadata"), "metadata")
        if metadata is None:
            return None
        if (
            not isinstance(metadata, dict)
            or not isinstance(metadata.get("event_type"), str)
            or not isinstance(metadata.get("event_payload"), dict)
        ):
            raise SlackError("invalid_metadata_format")
        return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}

    def writable_channel(self, channel_id: Any, *, require_member: bool = True) -> SlackChannel:
        """A channel the bot may post in: not archived and (unless answering) joined."""
        channel = self.channel(channel_id)
        if channel.archived:
            raise SlackError("is_archived")
        if require_member and self.bot_user_id not in channel.members:
            raise SlackError("channel_not_found" if channel.is_private else "not_in_channel")
        return channel

    def post(self, args: JSON, *, require_member: bool = True) -> SlackMessage:
        """``chat.postMessage`` (and in-channel responses, which skip the member check)."""
        channel = self.writable_channel(args.get("channel"), require_member=require_member)
        text, blocks = self.message_body(args)
        return self._store(channel, text, blocks, self.metadata(args), args.get("thread_ts"))

    def _store(
        self,
        channel: SlackChannel,
        text: str,
        blocks: list[JSON],
        metadata: JSON | None,
        thread_ts: Any,
        files: list[str] | None = None,
    ) -> SlackMessage:
        if thread_ts:
            parent = self.message(channel.id, thread_ts)
            if parent.thread_ts not in (None, parent.ts):
                raise SlackError("invalid_thread_ts")
            parent.thread_ts = parent.ts
            parent.reply_count += 1
        message = SlackMessage(
            channel=channel.id,
            ts=self.next_ts(),
            user=self.bot_user_id,
            text=text,
            blocks=blocks,
            bot_id=self.bot_id,
            app_id=self.app_id,
            thread_ts=str(thread_ts) if thread_ts else None,
            metadata=metadata,
            files=list(files or []),
            notified=notified_by(text, blocks, set(channel.members) - {self.bot_user_id}),
        )
        self.messages[(channel.id, message.ts)] = message
        self.notify()
        return message

    def update(self, args: JSON) -> SlackMessage:
        channel = self.channel(args.get("channel"))
        message = self.message(channel.id, args.get("ts"))
        if message.user != self.bot_user_id:
            raise SlackError("cant_update_message")
        if channel.archived:
            raise SlackError("is_archived")
        message.text, message.blocks = self.message_body(args)
        if "metadata" in args:
            message.metadata = self.metadata(args)
        message.edited_ts = self.next_ts()
        self.notify()
        return message

    def delete(self, args: JSON) -> SlackMessage:
        channel = self.channel(args.get("channel"))
        message = self.message(channel.id, args.get("ts"))
        if message.user != self.bot_user_id:
            raise SlackError("cant_delete_message")
        message.deleted = True
        self.notify()
        return message

    def post_ephemeral(self, args: JSON) -> SlackMessage:
        channel = self.channel(args.get("channel"))
        user = self.user(args.get("user"))
        if channel.archived:
            raise SlackError("is_archived")
        if not channel.is_im and user.id not in channel.members:
            raise SlackError("user_not_in_channel")
        text, blocks = self.message_body(args)
        return self.add_ephemeral(channel.id, user.id, text, blocks)

    def add_ephemeral(self, channel: str, user: str, text: str, blocks: list[JSON]) -> SlackMessage:
        message = SlackMessage(
            channel=channel,
            ts=self.next_ts(),
            user=self.bot_user_id,
            text=text,
            blocks=blocks,
            bot_id=self.bot_id,
            app_id=self.app_id,
            ephemeral_to=user,
        )
        self.ephemerals.append(message)
        self.notify()
        return message

    def channel_messages(self, channel_id: str) -> list[SlackMessage]:
        """Live messages of a channel, oldest first, thread replies included."""
        found = [m for (c, _), m in self.messages.items() if c == channel_id and not m.deleted]
        return sorted(found, key=lambda m: float(m.ts))

    # ------------------------------------------------------------------------- views

    def issue_trigger(self, user: str) -> str:
        trigger = Trigger(
            id=f"{secrets.randbelow(10**10)}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}",
            user=user,
            issued=self.clock.now(),
        )
        self.triggers[trigger.id] = trigger
        return trigger.id

    def use_trigger(self, trigger_id: Any) -> Trigger:
        """A trigger opens one view within 3 s of the user's action."""
        trigger = self.triggers.get(str(trigger_id))
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if self.clock.now() - trigger.issued > TRIGGER_LIFETIME:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger

    @staticmethod
    def checked_view(args: JSON, *, home: bool) -> JSON:
        view = parse_json_arg(args.get("view"), "view")
        problems = check_view(view, home=home)
        if problems:
            raise SlackError("invalid_arguments", response_metadata={"messages": problems})
        view = copy.deepcopy(view)
        assign_ids(view.get("blocks", []))
        return dict(view)

    def open_view(self, args: JSON) -> SlackView:
        trigger = self.use_trigger(args.get("trigger_id"))
        definition = self.checked_view(args, home=False)
        view_id = self.new_id("V")
        view = SlackView(view_id, trigger.user, definition, secrets.token_hex(8), view_id)
        self.views[view.id] = view
        trigger.view_id = view.id
        self.notify()
        return view

    def find_view(self, args: JSON) -> SlackView:
        view_id, external_id = args.get("view_id"), args.get("external_id")
        for view in [*self.views.values(), *self.homes.values()]:
            if view.id == view_id or (
                external_id and view.definition.get("external_id") == external_id
            ):
                return view
        raise SlackError("not_found")

    def update_view(self, args: JSON) -> SlackView:
        view = self.find_view(args)
        definition = self.checked_view(args, home=view.type == "home")
        if args.get("hash") and args["hash"] != view.hash:
            raise SlackError("hash_conflict")
        view.definition, view.hash, view.errors = definition, secrets.token_hex(8), {}
        self.notify()
        return view

    def replace_view(self, view: SlackView, definition: JSON, *, push: bool) -> SlackView:
        """A ``view_submission`` ack with ``response_action`` ``update`` or ``push``."""
        if not push:
            view.definition, view.hash, view.errors = definition, secrets.token_hex(8), {}
            return view
        pushed = SlackView(
            self.new_id("V"),
            view.user,
            definition,
            secrets.token_hex(8),
            view.root_view_id,
            view.id,
        )
        self.views[pushed.id] = pushed
        return pushed

    def publish_home(self, args: JSON) -> SlackView:
        """``views.publish``: a user's Home tab (only when the app has one), at most 250 kB."""
        if not self.home_tab_enabled:
            raise SlackError("not_enabled")
        user = self.users.get(str(args.get("user_id")))
        if user is None or user.is_bot or user.deleted:
            raise SlackError(
                "invalid_arguments", response_metadata={"messages": ["invalid `user_id`"]}
            )
        if len(json.dumps(parse_json_arg(args.get("view"), "view"))) > VIEW_SIZE_LIMIT:
            raise SlackError("view_too_large")
        definition = self.checked_view(args, home=True)
        home = self.homes.get(user.id)
        if home is None:
            view_id = self.new_id("V")
            home = self.homes[user.id] = SlackView(view_id, user.id, definition, "", view_id)
        elif args.get("hash") and args["hash"] != home.hash:
            raise SlackError("hash_conflict")
        home.definition, home.hash = definition, secrets.token_hex(8)
        self.notify()
        return home

    # ------------------------------------------------------------------ response URLs

    def issue_response_url(self, channel: str, user: str, source_ts: str | None) -> ResponseUrl:
        record = ResponseUrl(secrets.token_hex(12), channel, user, self.clock.now(), source_ts)
        self.response_urls[record.token] = record
        return record

    def use_response_url(self, token: str, body: JSON) -> None:
        """Apply one post to a response URL (5 uses within 30 minutes)."""
        record = self.response_urls.get(token)
        if record is None:
            raise SlackError("invalid_url")
        if self.clock.now() - record.issued > RESPONSE_URL_LIFETIME:
            raise SlackError("expired_url")
        if record.uses >= RESPONSE_URL_USES:
            raise SlackError("used_url")
        record.uses += 1
        source = None
        if record.source_ts is not None:
            try:
                source = self.message_by_ts(record.source_ts)
            except KeyError as exc:
                raise SlackError("message_not_found") from exc
        if body.get("delete_original") and source is not None:
            source.deleted = True
        elif body.get("replace_original") and source is not None:
            source.text, source.blocks = self.message_body(body)
            source.edited_ts = self.next_ts()
        elif body.get("response_type") == "in_channel":
            self.post({**body, "channel": record.channel}, require_member=False)
        else:
            text, blocks = self.message_body(body)
            self.add_ephemeral(record.channel, record.user, text, blocks)
        record.posts.append(body)
        self.notify()

    # ------------------------------------------------------------------------- files

    def new_upload(self, args: JSON) -> SlackFile:
        filename, length = args.get("filename"), args.get("length")
        if not filename or length is None or not str(length).isdigit():
            raise SlackError("invalid_arguments")
        upload = SlackFile(
            id=self.new_id("F"),
            filename=str(filename),
            length=int(length),
            user=self.bot_user_id,
            upload_token=secrets.token_hex(12),
        )
        self.files[upload.id] = upload
        return upload

    def complete_uploads(self, args: JSON) -> list[SlackFile]:
        entries = parse_json_arg(args.get("files"), "files")
        if not isinstance(entries, list) or not entries:
            raise SlackError("invalid_arguments")
        channel_id = args.get("channel_id") or None
        channel = None if channel_id is None else self.writable_channel(channel_id)
        done: list[SlackFile] = []
        for entry in entries:
            upload = self.files.get(str(entry.get("id"))) if isinstance(entry, dict) else None
            if upload is None or upload.content is None or upload.completed:
                raise SlackError("file_not_found")
            upload.title = str(entry.get("title") or upload.filename)
            done.append(upload)
        for upload in done:
            upload.completed = True
        if channel is not None:
            comment = str(args.get("initial_comment") or "")
            files = [u.id for u in done]
            self._store(channel, comment, [], None, args.get("thread_ts"), files)
            for upload in done:
                upload.channels.append(channel.id)
        self.notify()
        return done
