"""Rendering of the group's settings."""

from __future__ import annotations

import discord

from bot.core.schedule import format_weekdays
from bot.discord.rendering import BRAND, ts
from bot.services.groups import GroupView


def setup_summary(view: GroupView, title: str) -> discord.Embed:
    s = view.settings
    embed = discord.Embed(title=title, colour=BRAND)
    embed.add_field(name="Channel", value=f"<#{s.channel_id}>", inline=True)
    embed.add_field(name="Timezone", value=s.timezone, inline=True)
    embed.add_field(
        name="Daily times (group's local time)",
        value=f"post {s.post_time:%H:%M}, reveal {s.reveal_time:%H:%M}",
        inline=False,
    )
    embed.add_field(name="Rest days", value=format_weekdays(s.rest_weekdays), inline=True)
    embed.add_field(name="Plan start", value=str(s.plan_start), inline=True)
    embed.add_field(
        name="Exam date", value=str(s.exam_date) if s.exam_date else "not set", inline=True
    )
    embed.add_field(
        name="Next question",
        value=f"{ts(view.next_post_at)} ({ts(view.next_post_at, 'R')}), "
        f"revealed {ts(view.next_reveal_at, 't')}",
        inline=False,
    )
    return embed
