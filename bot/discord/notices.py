"""Rendering of the channel notices (weekly themes, rest days, recaps) and direct messages."""

from __future__ import annotations

import discord

from bot.content.schema import PlanMessages
from bot.core.miss_reasons import GROUP_PATTERN_TITLE, group_pattern_text
from bot.core.states import NoticeKind
from bot.core.text import plural
from bot.discord.plan.render import theme_embeds
from bot.discord.rendering import BRAND, accuracy_lines, clip, message_link, tag, ts
from bot.services.hands_on import tally_line
from bot.services.notices import DirectNotice, Notice, Recap
from bot.services.review import review_reminder_text


def notice_message(notice: Notice, messages: PlanMessages) -> tuple[str, list[discord.Embed]]:
    """The text and the embeds of a theme announcement, rest-day post or recap, one message
    per embed; each footer starts with the notice's marker (``tag``)."""
    if notice.kind == NoticeKind.RECAP and notice.recap is not None:
        return "", [recap_embed(notice, notice.recap)]
    if notice.kind == NoticeKind.WEEK:
        parts = theme_embeds(notice.week, notice.themes, notice.focus, messages)
        for number, embed in enumerate(parts):
            embed.set_footer(text=f"{tag(notice.marker, number)} · /plan shows this week any time")
        return "", parts
    suggestion = " ".join(t.rest_day for t in notice.themes)
    if notice.hardest is not None:
        link = message_link(notice.guild_id, notice.hardest.channel_id, notice.hardest.message_id)
        suggestion += f" This week's hardest question ({notice.hardest.accuracy:.0%} right): {link}"
    embed = discord.Embed(
        description=messages.rest_day.format(suggestion=suggestion), colour=discord.Colour.green()
    )
    embed.set_footer(text=f"{tag(notice.marker)} · rest days never break a streak")
    return "", [embed]


def recap_embed(notice: Notice, recap: Recap) -> discord.Embed:
    embed = discord.Embed(
        title=f"📊 Week {recap.week_number} recap",
        description=f"{plural(recap.questions, 'question')}, {plural(recap.answers, 'answer')}.",
        colour=BRAND,
    )
    embed.add_field(
        name="Group accuracy by section",
        value=accuracy_lines(recap.per_domain),
        inline=False,
    )
    if recap.top_per_domain:
        embed.add_field(
            name="Top of each section",
            value=clip(
                "\n".join(
                    f"{name}: <@{member}> ({points} right)"
                    for name, member, points in recap.top_per_domain
                )
            ),
            inline=False,
        )
    if recap.hardest is not None:
        link = message_link(notice.guild_id, recap.hardest.channel_id, recap.hardest.message_id)
        embed.add_field(
            name="Hardest question",
            value=f"{recap.hardest.accuracy:.0%} right — {link}",
            inline=False,
        )
    if recap.most_missed:
        embed.add_field(
            name="Most missed (worth a second look)",
            value=clip(
                "\n".join(
                    f"`{question_id}`: {wrong} of {answered} missed"
                    for question_id, wrong, answered in recap.most_missed
                )
            ),
            inline=False,
        )
    if recap.hands_on:
        embed.add_field(
            name="Hands-on task",
            value=clip("\n".join(tally_line(t) for t in recap.hands_on)),
            inline=False,
        )
    if recap.miss_pattern is not None:
        embed.add_field(
            name=GROUP_PATTERN_TITLE, value=group_pattern_text(recap.miss_pattern), inline=False
        )
    embed.set_footer(text=f"{tag(notice.marker)} · /leaderboard and /stats for more")
    return embed


def direct_message(notice: DirectNotice, messages: PlanMessages) -> tuple[str, list[discord.Embed]]:
    """The text of a DM and its embeds (one message each, the text with the first)."""
    if notice.kind == NoticeKind.CLOSING and notice.closes_at is not None:
        link = (
            message_link(notice.guild_id or "", notice.channel_id or "", notice.message_id)
            if notice.message_id
            else "in your study channel"
        )
        text = messages.closing_reminder.format(closes=ts(notice.closes_at, "R"), link=link)
        return text + "\n*(Turn these off with `/me set reminders:False`.)*", []
    if notice.kind == NoticeKind.WEEKLY and notice.week is not None:
        return "This week in your study group:", theme_embeds(
            notice.week, notice.themes, [], messages
        )
    if notice.kind == NoticeKind.REVIEW:
        return review_reminder_text(notice.review_due, "/review", "in your study server"), []
    if notice.kind == NoticeKind.EXAM_EVE:
        return messages.exam_eve, []
    return messages.exam_after, []
