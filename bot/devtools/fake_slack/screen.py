"""The user's screen in the fake Slack: what a user can act on, how slash command text is
escaped, and what an ack to a view submission does to the open modals."""

from __future__ import annotations

import re

from bot.devtools.fake_slack.model import JSON, SlackError, SlackMessage, SlackView
from bot.devtools.fake_slack.results import ActionResult
from bot.devtools.fake_slack.workspace import Workspace

_MENTION = re.compile(r"(?<![<\w])@([\w.-]+)")
_CHANNEL = re.compile(r"(?<![<\w])#([\w-]+)")


def escape_command_text(workspace: Workspace, text: str) -> str:
    """``@name``/``@U…`` and ``#channel`` in slash command text as ``<@U…|name>`` and
    ``<#C…|name>``, as a command with ``should_escape: true`` gets them."""
    users = workspace.users
    by_name = {u.name: u.id for u in users.values()} | {
        u.display_name: u.id for u in users.values() if u.display_name
    }
    channels = {c.name: c.id for c in workspace.channels.values() if not c.is_im}

    def user(match: re.Match[str]) -> str:
        word = match[1]
        user_id = word if word in users else by_name.get(word)
        return match[0] if user_id is None else f"<@{user_id}|{users[user_id].name}>"

    def channel(match: re.Match[str]) -> str:
        channel_id = channels.get(match[1])
        return match[0] if channel_id is None else f"<#{channel_id}|{match[1]}>"

    return _CHANNEL.sub(channel, _MENTION.sub(user, text))


def acted_on(workspace: Workspace, user_id: str, where: str) -> SlackMessage | SlackView:
    """The message or view (by ts or view id) the user acts on; refused when they cannot see
    it."""
    homes = workspace.homes.values()
    view = workspace.views.get(where) or next((h for h in homes if h.id == where), None)
    if view is not None:
        if view.user != user_id or not view.open:
            raise ValueError(f"view {where} is not on {user_id}'s screen")
        return view
    message = workspace.message_by_ts(where)
    channel = workspace.channel(message.channel)
    if message.ephemeral_to not in (None, user_id) or (
        (channel.is_private or channel.is_im) and user_id not in channel.members
    ):
        raise ValueError(f"{user_id} cannot see message {where}")
    return message


def open_modal(workspace: Workspace, user_id: str, view_id: str) -> SlackView:
    """The modal ``view_id``, when it is open on the user's screen."""
    view = workspace.views.get(view_id)
    if view is None or view.user != user_id or not view.open or view.type != "modal":
        raise ValueError(f"modal {view_id} is not open on {user_id}'s screen")
    return view


def apply_view_ack(workspace: Workspace, view: SlackView, ack: JSON, result: ActionResult) -> None:
    """What the app's ack to a view submission does to the user's screen."""
    action = ack.get("response_action")
    if action == "errors":
        errors = ack.get("errors")
        inputs = {b.get("block_id") for b in view.blocks if b.get("type") == "input"}
        if not isinstance(errors, dict) or not errors or not set(errors) <= inputs:
            raise SlackError("invalid_errors")
        view.errors = {str(k): str(v) for k, v in errors.items()}
        result.view_errors = dict(view.errors)
    elif action in ("update", "push"):
        definition = workspace.checked_view(ack, home=False)
        result.view = workspace.replace_view(view, definition, push=action == "push")
    elif action == "clear":
        for other in workspace.views.values():
            if other.root_view_id == view.root_view_id:
                other.open = False
    else:
        view.open = False
