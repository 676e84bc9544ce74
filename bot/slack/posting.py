"""Posting in a group's channel: Slack's refusals about the channel become a
``ChannelProblem`` the runner reports to organisers, and how far back the bot looks for
its own posts after a crash (Slack throttles ``conversations.history`` for many apps)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from slack_sdk.errors import SlackApiError

from bot.services.runner import ChannelProblem

HISTORY_LOOKBACK = 15  # what a throttled app may read per request
CHANNEL_PROBLEMS = {
    "not_in_channel": (
        "I am not a member of the study channel <#{channel}>, so I cannot post there. "
        "Invite me with `/invite @{app}` in that channel."
    ),
    "channel_not_found": (
        "The study channel (id {channel}) no longer exists or I cannot see it. Pick another "
        "with `/study setup`."
    ),
    "is_archived": (
        "The study channel <#{channel}> is archived. Unarchive it, or pick another with "
        "`/study setup`."
    ),
}


def channel_problem(code: str, channel_id: str, app_name: str) -> ChannelProblem:
    return ChannelProblem(code, CHANNEL_PROBLEMS[code].format(channel=channel_id, app=app_name))


@contextlib.asynccontextmanager
async def reporting(channel_id: str, app_name: str) -> AsyncIterator[None]:
    """Slack's refusals about the study channel become a ChannelProblem that the runner
    reports to organisers; anything else propagates (and is retried on the next pass)."""
    try:
        yield
    except SlackApiError as error:
        code = error.response.get("error", "")
        if code in CHANNEL_PROBLEMS:
            raise channel_problem(code, channel_id, app_name) from error
        raise
