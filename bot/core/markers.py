"""Which post a message is: the marker every scheduled post carries, so that after a crash
the bot finds the message it already sent instead of sending it again.

The concept is the same on every platform; each adapter writes it in its own way (Discord:
the start of an embed footer, e.g. "Daily #12"; Slack: message metadata).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Post(StrEnum):
    """The kinds of post the bot finds again; ``Marker.id`` names the row each is about."""

    QUESTION = "question"  # a day's question (the daily question's id)
    REVEAL = "reveal"  # its reveal (the daily question's id)
    NOTICE = "notice"  # a theme, rest-day or recap post (the announcement's id)
    MOCK = "mock"  # a mock night's reminder, start or debrief post (the night's id)
    OVERVIEW = "overview"  # the group's pinned overview (the group's id)


@dataclass(frozen=True)
class Marker:
    """One post: its kind, the id of what it is about, and which of that thing's posts it
    is when there are several (a mock night's "start" or "debrief")."""

    post: Post
    id: int
    part: str = ""
