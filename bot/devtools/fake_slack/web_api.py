"""The fake Slack's Web API (``/api/<method>``), file upload URLs and response URLs.

Arguments are read from the query string and a form-encoded or JSON body, as Slack does.
Tokens travel as ``Authorization: Bearer``: bot methods take only the bot token (anything
else is ``invalid_auth``), ``apps.connections.open`` only the app-level token. Methods the
fake does not implement answer ``unknown_method``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.devtools.fake_slack.limits import THROTTLED_HISTORY_ITEMS, Fault, PaceLog, RateLimiter
from bot.devtools.fake_slack.model import JSON, TEAM_ID, SlackError, SlackMessage
from bot.devtools.fake_slack.socket_mode import SocketModeServer
from bot.devtools.fake_slack.workspace import Workspace

Handler = Callable[[JSON], Awaitable[JSON]]


#: Scopes a method needs beyond the bot token (only the ones that are checked).
METHOD_SCOPES = {"pins.add": "pins:write"}
MAX_PINS = 100


@dataclass
class ApiCall:
    """One Web API request as the fake answered it."""

    method: str
    args: JSON
    status: int
    error: str | None


class WebApi:
    """HTTP side of the fake: authentication, limits, faults, then the workspace rules."""

    def __init__(
        self,
        *,
        workspace: Workspace,
        socket_mode: SocketModeServer,
        limiter: RateLimiter,
        pace: PaceLog,
        bot_token: str,
        app_token: str,
        base_url: Callable[[], str],
        port: Callable[[], int],
    ) -> None:
        self.ws = workspace
        self.socket_mode = socket_mode
        self.limiter = limiter
        self.pace = pace
        self.bot_token = bot_token
        self.app_token = app_token
        self._base_url = base_url
        self._port = port
        self.faults: list[Fault] = []
        self.calls: list[ApiCall] = []
        self.hook_errors: list[str] = []
        self._methods: dict[str, Handler] = {
            "auth.test": self._auth_test,
            "apps.connections.open": self._connections_open,
            "chat.postMessage": self._post_message,
            "chat.update": self._update,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.getPermalink": self._permalink,
            "chat.delete": self._delete,
            "conversations.info": self._conversation_info,
            "conversations.open": self._conversation_open,
            "conversations.history": self._history,
            "conversations.replies": self._replies,
            "users.info": self._user_info,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._upload_url,
            "files.completeUploadExternal": self._complete_upload,
            "reactions.add": self._reaction_add,
            "pins.add": self._pin_add,
        }
        #: The bot token's scopes; None grants every scope (tests of other things).
        self.scopes: set[str] | None = None

    # ------------------------------------------------------------------------- HTTP

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _read_args(request)
        status, body, headers = await self._answer(method, args, _token(request, args))
        self.calls.append(
            ApiCall(method, args, status, None if body.get("ok") else body.get("error"))
        )
        self.ws.notify()
        return web.json_response(body, status=status, headers=headers)

    async def _answer(
        self, method: str, args: JSON, token: str | None
    ) -> tuple[int, JSON, dict[str, str]]:
        fault = next((f for f in self.faults if f.method in (method, "*") and f.remaining), None)
        if fault is not None:
            fault.remaining -= 1
            return (
                fault.status,
                {"ok": False, "error": fault.error},
                self._retry_headers(fault.status),
            )
        handler = self._methods.get(method)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method", "req_method": method}, {}
        auth_error = self._auth_error(method, token)
        if auth_error is not None:
            return 200, {"ok": False, "error": auth_error}, {}
        needed = METHOD_SCOPES.get(method)
        if needed is not None and self.scopes is not None and needed not in self.scopes:
            return 200, {"ok": False, "error": "missing_scope", "needed": needed}, {}
        channel = args.get("channel") if method == "chat.postMessage" else None
        if not self.limiter.admit(method, None if channel is None else str(channel)):
            return 429, {"ok": False, "error": "ratelimited"}, self._retry_headers(429)
        try:
            body = await handler(args)
        except SlackError as refusal:
            return 200, refusal.body(), {}
        return 200, {"ok": True, **body}, {}

    def _retry_headers(self, status: int) -> dict[str, str]:
        return {"Retry-After": str(self.limiter.retry_after)} if status == 429 else {}

    def _auth_error(self, method: str, token: str | None) -> str | None:
        if not token:
            return "not_authed"
        if method == "apps.connections.open":
            if token == self.app_token:
                return None
            return "not_allowed_token_type" if token == self.bot_token else "invalid_auth"
        return None if token == self.bot_token else "invalid_auth"

    async def upload(self, request: web.Request) -> web.Response:
        """The upload URL ``files.getUploadURLExternal`` hands out."""
        token = request.match_info["token"]
        upload = next((f for f in self.ws.files.values() if f.upload_token == token), None)
        if upload is None or upload.content is not None:
            return web.Response(status=404, text="upload URL unknown or already used")
        upload.content = await request.read()
        upload.length = len(upload.content)
        self.ws.notify()
        return web.Response(text=f"OK - {upload.length}")

    async def hook(self, request: web.Request) -> web.Response:
        """A ``response_url``: ``respond()`` posts here."""
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise SlackError("invalid_payload")
            self.ws.use_response_url(request.match_info["token"], body)
        except (ValueError, SlackError) as exc:
            code = exc.code if isinstance(exc, SlackError) else "invalid_payload"
            self.hook_errors.append(code)
            self.ws.notify()
            status = 404 if code in ("invalid_url", "expired_url", "used_url") else 400
            return web.json_response({"ok": False, "error": code}, status=status)
        return web.json_response({"ok": True})

    # ---------------------------------------------------------------------- methods

    async def _auth_test(self, args: JSON) -> JSON:
        return {
            "url": f"{self._base_url()}/",
            "team": "Study group",
            "user": self.ws.user(self.ws.bot_user_id).name,
            "team_id": TEAM_ID,
            "user_id": self.ws.bot_user_id,
            "bot_id": self.ws.bot_id,
            "is_enterprise_install": False,
        }

    async def _connections_open(self, args: JSON) -> JSON:
        return {"url": self.socket_mode.issue_url(self._port())}

    async def _post_message(self, args: JSON) -> JSON:
        message = self.ws.post(args)
        self.pace.record(message.channel)
        return {"channel": message.channel, "ts": message.ts, "message": message.payload()}

    async def _update(self, args: JSON) -> JSON:
        message = self.ws.update(args)
        return {
            "channel": message.channel,
            "ts": message.ts,
            "text": message.text,
            "message": message.payload(),
        }

    async def _post_ephemeral(self, args: JSON) -> JSON:
        return {"message_ts": self.ws.post_ephemeral(args).ts}

    async def _permalink(self, args: JSON) -> JSON:
        channel = self.ws.channel(args.get("channel"))
        message = self.ws.message(channel.id, args.get("message_ts"))
        link = f"{self._base_url()}/archives/{channel.id}/p{message.ts.replace('.', '')}"
        return {"channel": channel.id, "permalink": link}

    async def _delete(self, args: JSON) -> JSON:
        message = self.ws.delete(args)
        return {"channel": message.channel, "ts": message.ts}

    async def _conversation_info(self, args: JSON) -> JSON:
        channel = self.ws.channel(args.get("channel"))
        if channel.is_private and self.ws.bot_user_id not in channel.members:
            raise SlackError("channel_not_found")
        return {"channel": channel.payload(self.ws.bot_user_id)}

    async def _conversation_open(self, args: JSON) -> JSON:
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if len(users) != 1:
            raise SlackError("users_list_not_supplied" if not users else "not_enough_users")
        return {"channel": {"id": self.ws.dm_channel(users[0]).id}}

    async def _history(self, args: JSON) -> JSON:
        channel = self.ws.readable_channel(args.get("channel"))
        limit = min(_int(args.get("limit"), 100), 999)
        if self.limiter.throttled_history:
            limit = min(limit, THROTTLED_HISTORY_ITEMS)
        with_metadata = _flag(args.get("include_all_metadata"))
        newest_first = [
            m
            for m in reversed(self.ws.channel_messages(channel.id))
            if m.thread_ts in (None, m.ts)
            and _in_range(m, args.get("oldest"), args.get("latest"), _flag(args.get("inclusive")))
        ]
        start = _int(args.get("cursor"), 0)
        page = newest_first[start : start + limit]
        more = start + limit < len(newest_first)
        return {
            "messages": [m.payload(with_metadata=with_metadata) for m in page],
            "has_more": more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    async def _replies(self, args: JSON) -> JSON:
        channel = self.ws.readable_channel(args.get("channel"))
        try:
            parent = self.ws.message(channel.id, args.get("ts"))
        except SlackError as exc:
            raise SlackError("thread_not_found") from exc
        thread = [
            m
            for m in self.ws.channel_messages(channel.id)
            if m.ts == parent.ts or (m.thread_ts == parent.ts and parent.thread_ts == parent.ts)
        ]
        with_metadata = _flag(args.get("include_all_metadata"))
        return {
            "messages": [m.payload(with_metadata=with_metadata) for m in thread],
            "has_more": False,
        }

    async def _user_info(self, args: JSON) -> JSON:
        return {"user": self.ws.user(args.get("user")).payload(self.ws.clock.now())}

    def _view_body(self, view_id: str) -> JSON:
        view = self.ws.views.get(view_id) or next(
            v for v in self.ws.homes.values() if v.id == view_id
        )
        return {"view": view.payload(self.ws.app_id, self.ws.bot_id)}

    async def _views_open(self, args: JSON) -> JSON:
        return self._view_body(self.ws.open_view(args).id)

    async def _views_update(self, args: JSON) -> JSON:
        return self._view_body(self.ws.update_view(args).id)

    async def _views_publish(self, args: JSON) -> JSON:
        return self._view_body(self.ws.publish_home(args).id)

    async def _upload_url(self, args: JSON) -> JSON:
        upload = self.ws.new_upload(args)
        return {
            "upload_url": f"{self._base_url()}/upload/v1/{upload.upload_token}",
            "file_id": upload.id,
        }

    async def _complete_upload(self, args: JSON) -> JSON:
        return {"files": [f.payload() for f in self.ws.complete_uploads(args)]}

    async def _reaction_add(self, args: JSON) -> JSON:
        channel = self.ws.readable_channel(args.get("channel"))
        message = self.ws.message(channel.id, args.get("timestamp"))
        name = str(args.get("name") or "").strip(":")
        if not name:
            raise SlackError("invalid_name")
        users = message.reactions.setdefault(name, [])
        if self.ws.bot_user_id in users:
            raise SlackError("already_reacted")
        users.append(self.ws.bot_user_id)
        return {}

    # ---------------------------------------------------------------------------- helpers

    async def _pin_add(self, args: JSON) -> JSON:
        """``pins.add``: a message of a channel the bot is in, once, at most 100 per channel."""
        channel = self.ws.writable_channel(args.get("channel"))
        message = self.ws.message(channel.id, args.get("timestamp"))
        if message.pinned:
            raise SlackError("already_pinned")
        if sum(m.pinned for m in self.ws.channel_messages(channel.id)) >= MAX_PINS:
            raise SlackError("too_many_pins")
        message.pinned = True
        return {}


async def _read_args(request: web.Request) -> JSON:
    args: JSON = dict(request.query)
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            args.update(body)
    elif request.can_read_body:
        args.update(dict(await request.post()))
    return args


def _token(request: web.Request, args: JSON) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header.removeprefix("Bearer ").strip()
    token = args.pop("token", None)
    return None if token is None else str(token)


def _int(value: Any, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError) as exc:
        raise SlackError("invalid_arguments") from exc


def _flag(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def _in_range(message: SlackMessage, oldest: Any, latest: Any, inclusive: bool) -> bool:
    ts = float(message.ts)
    try:
        low = None if oldest in (None, "") else float(oldest)
        high = None if latest in (None, "") else float(latest)
    except (TypeError, ValueError) as exc:
        raise SlackError("invalid_arguments") from exc
    if low is not None and (ts < low or (ts == low and not inclusive)):
        return False
    return high is None or ts < high or (ts == high and inclusive)
