"""Rendering shared by every feature: colours, Discord's limits, timestamps, links, markers
and the question's text."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.content.schema import Question
from bot.core.markers import Marker, Post

BRAND = discord.Colour.from_rgb(66, 133, 244)


RIGHT = discord.Colour.from_rgb(52, 168, 83)


EMBED_TOTAL_LIMIT = 6000


FIELD_LIMIT = 1024


FIELDS_LIMIT = 25


def ts(moment: datetime, style: str = "f") -> str:
    """Discord timestamp markup: every reader sees it in their own timezone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def message_link(guild_id: str, channel_id: str, message_id: str) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


_TAG_NAMES = {
    Post.QUESTION: "Daily",
    Post.REVEAL: "Reveal",
    Post.NOTICE: "Notice",
    Post.MOCK: "Mock",
    Post.OVERVIEW: "Overview",
}


def tag(marker: Marker, number: int = 0) -> str:
    """A post's marker as the start of its embed footer ("Daily #12", "Mock #3 start"), by
    which the bot finds its own message after a restart; ``number`` (0-based) is the part
    of a post that takes several messages ("Notice #4.2")."""
    text = f"{_TAG_NAMES[marker.post]} #{marker.id}"
    if marker.part:
        text += f" {marker.part}"
    return text if number == 0 else f"{text}.{number + 1}"


def difficulty_label(level: int) -> str:
    return {1: "● Warm-up", 2: "●● Exam level", 3: "●●● Hard"}.get(level, str(level))


def choose_label(question: Question) -> str:
    return f"Choose {question.choose}" if question.choose > 1 else "Choose 1"


def question_text(q: Question) -> str:
    """Scenario, the ask (with "Choose N" where several answers are right) and the options."""
    ask = (
        q.question
        if q.choose == 1 or "choose" in q.question.lower()
        else (f"{q.question} (Choose {q.choose}.)")
    )
    options = "\n".join(f"**{letter}.** {q.options[letter]}" for letter in q.letters)
    return f"{q.scenario}\n\n**{ask}**\n\n{options}"


def plain(text: str) -> str:
    """A member's own words shown exactly as typed: no formatting, spoilers, masked links,
    mentions, channel links or timestamps can be smuggled into the bot's messages."""
    text = discord.utils.escape_markdown(discord.utils.escape_mentions(text))
    return text.replace("<", "<\u200b")


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clip(text: str) -> str:
    return shorten(text, FIELD_LIMIT) if len(text) > FIELD_LIMIT else text


def joined_within(lines: list[str], limit: int) -> list[str]:
    """``lines`` joined by newlines into as few texts of at most ``limit`` as they fit."""
    texts: list[str] = []
    for line in lines:
        if texts and len(texts[-1]) + 1 + len(line) <= limit:
            texts[-1] += "\n" + line
        else:
            texts.append(line)
    return texts


def accuracy_lines(rows: list[tuple[str, int, int]]) -> str:
    """One line per section with answers: "name: right/asked (share)"."""
    return clip(
        "\n".join(
            f"{name}: {right}/{asked} ({right / asked:.0%})" for name, right, asked in rows if asked
        )
    )
