"""Rendering of statistics, the leaderboard and streaks."""

from __future__ import annotations

import discord

from bot.core.miss_reasons import MEMBER_PATTERN_TITLE, member_pattern_text
from bot.core.stats import PERIOD_NAMES, calibration_verdict, trend_mark
from bot.core.text import noun, plural
from bot.discord.rendering import BRAND, clip
from bot.services.daily import StreakView
from bot.services.hands_on import stats_lines, stats_title
from bot.services.stats import Leaderboard, LeaderRow, MemberStats, leaderboard_note


def stats_embed(stats: MemberStats, mine: bool) -> discord.Embed:
    whose = "Your" if mine else f"<@{stats.member_external_id}>'s"
    embed = discord.Embed(
        title="Statistics",
        colour=BRAND,
        description=f"{whose} answers in this server: {stats.answered}.",
    )
    lines = []
    for d in stats.domains:
        accuracy = f"{d.accuracy:.0%}" if d.accuracy is not None else "–"
        trend = trend_mark(d.trend.change)
        rating = f" · self {d.self_rating}/5" if d.self_rating else ""
        lines.append(
            f"**{d.name}** — {d.correct}/{d.answered} ({accuracy}{trend}) · {d.strength}{rating}"
        )
    embed.add_field(
        name="By exam section (trend: last 14 days vs before)",
        value=clip("\n".join(lines)),
        inline=False,
    )
    if stats.readiness is not None:
        embed.add_field(
            name="Readiness",
            value=f"{stats.readiness:.0%} weighted by the exam guide, from sections that make "
            f"up {stats.readiness_cover:.0%} of the exam.",
            inline=False,
        )
    weak = (
        ", ".join(d.name for d in stats.weak)
        or "none proven yet (see /help: we only call "
        "a section weak or strong when the evidence is enough)"
    )
    embed.add_field(name="Weak sections", value=clip(weak), inline=False)
    if stats.calibration_gap is not None:
        rows = " · ".join(
            f"{r.confidence}: {r.correct}/{r.answered}" for r in stats.calibration if r.answered
        )
        verdict = calibration_verdict(stats.calibration_gap)
        embed.add_field(
            name="Calibration (confidence: right/answered)",
            value=f"{rows}\n{verdict} ({stats.calibration_gap:+.0%} points)",
            inline=False,
        )
    embed.add_field(
        name="Streak",
        value=f"current {stats.streak_current} · best {stats.streak_best}",
        inline=False,
    )
    if stats.mocks:
        embed.add_field(
            name="Mock exams (their own source, not in the figures above)",
            value=clip(
                " · ".join(f"{day:%d %b}: {right}/{asked}" for day, right, asked in stats.mocks)
            ),
            inline=False,
        )
    if stats.practice.answered:
        embed.add_field(name="Practice", value=stats.practice.summary, inline=False)
    if stats.hands_on:
        embed.add_field(
            name=stats_title(stats.hands_on, stats.hands_on_themes),
            value=clip("\n".join(stats_lines(stats.hands_on))),
            inline=False,
        )
    if stats.miss_pattern is not None:
        embed.add_field(
            name=MEMBER_PATTERN_TITLE,
            value=clip(member_pattern_text(stats.miss_pattern)),
            inline=False,
        )
    embed.set_image(url="attachment://stats.png")
    return embed


def leaderboard_embed(board: Leaderboard, domain_name: str | None) -> discord.Embed:
    scope = domain_name or "all sections"
    period = PERIOD_NAMES[board.period]
    embed = discord.Embed(title=f"🏆 Leaderboard · {scope} · {period}", colour=BRAND)
    if not board.top:
        embed.description = "No answers in this period yet."
        return embed
    lines = [_leader_line(row) for row in board.top]
    embed.description = "\n".join(lines)
    if board.me is not None and board.me not in board.top:
        embed.add_field(name="You", value=_leader_line(board.me), inline=False)
    elif board.me is None:
        embed.add_field(name="You", value="No answers in this period yet.", inline=False)
    embed.set_footer(text=leaderboard_note(board.participants))
    return embed


def _leader_line(row: LeaderRow) -> str:
    accuracy = f" · {row.accuracy:.0%}" if row.accuracy is not None else ""
    return (
        f"**{row.rank}.** <@{row.member_external_id}> — {plural(row.points, 'point')} "
        f"({row.answered:,} answered{accuracy})"
    )


def streak_text(view: StreakView) -> str:
    if view.answered_total == 0:
        return (
            "You have no streak yet: answer today's question to start one. Rest days never "
            "break a streak."
        )
    return (
        f"🔥 Current streak: **{view.current}** {noun(view.current, 'study day')} in a row · "
        f"best: **{view.best}** · "
        f"questions answered: {view.answered_total}. Rest days never break a streak; a study "
        "day's question you skip does."
    )
