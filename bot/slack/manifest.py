"""The Slack app manifest: everything the app needs, created in one step from
https://api.slack.com/apps?new_app=1&manifest_json=… (``./run-bot slack manifest``)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from bot.content.schema import ExamGuide
from bot.slack import ids

BOT_SCOPES = (
    "commands",  # /study and the message shortcut
    "chat:write",  # the daily question, reveals, receipts
    "channels:read",  # checking the study channel (public)
    "groups:read",  # … and private channels the bot was invited to
    "channels:history",  # finding its own posts again after a crash (message metadata)
    "groups:history",
    "users:read",  # workspace owners and admins are organisers; member timezones
    "im:write",  # reports to organisers, reminders and statistics charts by DM
    "files:write",  # exports and charts (uploaded into the member's DM)
    "pins:write",  # the group's overview, pinned in the study channel
)
CREATE_URL = "https://api.slack.com/apps?new_app=1&manifest_json="


def manifest(exam: ExamGuide) -> dict[str, Any]:
    """The manifest of the app for ``exam`` (its names come from ``content/exam.yaml``)."""
    return {
        "display_information": {
            "name": exam.app_name,
            "description": f"A daily exam question for your {exam.short_name} study group"[:140],
            "long_description": (
                f"Every study day the bot posts one {exam.exam} exam scenario question in your "
                "group's channel. Members answer privately "
                "with buttons and add their reasoning; at the reveal time it explains every "
                "option, names the deciding phrase, shows how the group split and quotes a few "
                "reasonings, with the discussion in a thread. Streaks never break on rest days."
            ),
            "background_color": "#4285f4",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": exam.app_name, "always_online": True},
            "slash_commands": [
                {
                    "command": ids.COMMAND,
                    "description": "The study group: question, stats, plan and more",
                    "usage_hint": "help | stats [@member] | leaderboard | plan | assess | …",
                    "should_escape": True,
                }
            ],
            "shortcuts": [
                {
                    "name": "Report a problem",
                    "type": "message",
                    "callback_id": ids.REPORT_SHORTCUT,
                    "description": "Report a problem with a study question",
                }
            ],
        },
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": {
            "event_subscriptions": {"bot_events": ["app_home_opened"]},
            "interactivity": {"is_enabled": True},
            "org_deploy_enabled": False,
            "socket_mode_enabled": True,
            "token_rotation_enabled": False,
        },
    }


def manifest_instructions(exam: ExamGuide) -> str:
    """The manifest as JSON and the link that creates an app from it."""
    text = json.dumps(manifest(exam), indent=2)
    link = CREATE_URL + quote(json.dumps(manifest(exam), separators=(",", ":")), safe="")
    return (
        f"{text}\n\n"
        "Create the app from this manifest (pick your workspace, check, Create):\n"
        f"{link}\n\n"
        "Then: Install to Workspace and copy the Bot User OAuth Token (xoxb-…) into "
        "SLACK_BOT_TOKEN; under Basic Information → App-Level Tokens, generate a token with "
        "the connections:write scope and copy it (xapp-…) into SLACK_APP_TOKEN."
    )
