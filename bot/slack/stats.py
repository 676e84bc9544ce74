"""``/study stats [@member]`` and ``/study leaderboard [week|month|all] [section]``.

Both answer privately. The chart Discord attaches to ``/stats`` cannot ride on an ephemeral
message in Slack, so it goes to the member's DM with the app (``files_upload_v2``), where it
stays. Everything counts only revealed questions (the services' rule), and names stand in
for mentions, which always notify in Slack."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.charts import stats_chart
from bot.core.errors import NotAllowed, NotFound
from bot.core.miss_reasons import MEMBER_PATTERN_TITLE, member_pattern_text
from bot.core.stats import PERIOD_NAMES, calibration_verdict, trend_mark
from bot.core.text import plural
from bot.services.hands_on import stats_lines, stats_title
from bot.services.stats import (
    PERIODS,
    TREND_DAYS,
    DomainStats,
    Leaderboard,
    LeaderRow,
    MemberStats,
    leaderboard_note,
)
from bot.slack.blocks import Block, context, escape, header, section
from bot.slack.errors import NO_GROUP
from bot.slack.names import display_name
from bot.slack.router import Call, Router
from bot.slack.sections import find_section, mentioned_user

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger(__name__)
CHART_FILE = "stats.png"
STATS_PRIVATE = (
    "{name}'s statistics are private. Members can make theirs public with `/study me` "
    "(public statistics)."
)
NOT_A_MEMBER = (
    "That person is not a member of this workspace (any more), so I have no statistics of "
    "theirs to show here."
)
NAME_ONE = "Name one member with @, e.g. `/study stats @ada`, or nothing to see your own."
CHART_NOTE = "The chart (accuracy per section and week by week) is in your DM with me."
NO_WEAK = (
    "none proven yet: a section is called weak or strong only once there are enough answers "
    "to be sure"
)


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    """``/study stats`` and ``/study leaderboard``."""
    services = bot.services

    @router.add(
        "stats",
        "`/study stats [@member]`",
        "your accuracy per section, weak sections, calibration and streak, with a chart by "
        "DM; another member's if they made theirs public",
    )
    async def show_stats(call: Call) -> None:
        subject, name = call.user, None
        if call.args:
            other = mentioned_user(call.args)
            if other is None:
                await call.reply(NAME_ONE)
                return
            if other != call.user:
                name = await member_name(call.client, other)
                if name is None:
                    await call.reply(NOT_A_MEMBER)
                    return
                subject = other
        try:
            stats = await services.stats.member_stats(
                call.team, call.user, subject, services.clock.now()
            )
        except NotFound:
            await call.reply(NO_GROUP)
            return
        except NotAllowed:
            await call.reply(STATS_PRIVATE.format(name=escape(name or "")))
            return
        await call.reply(stats_summary(stats, name), blocks=stats_blocks(stats, name))
        await send_chart(call.client, call.user, stats, name)

    @router.add(
        "leaderboard",
        "`/study leaderboard [week|month|all] [section]`",
        "points per right answer this week (default), this month or all time, overall or "
        "in one section",
    )
    async def show_leaderboard(call: Call) -> None:
        period, typed_section = split_period(call.args)
        domains = services.bank.exam.domains
        domain = find_section(domains, typed_section) if typed_section else None
        try:
            board = await services.stats.leaderboard(
                call.team, call.user, domain, period, services.clock.now()
            )
        except NotFound:
            await call.reply(NO_GROUP)
            return
        scope = services.bank.exam.domain(domain).name if domain else None
        await call.reply(leaderboard_title(board, scope), blocks=leaderboard_blocks(board, scope))


async def member_name(client: AsyncWebClient, user_id: str) -> str | None:
    """The name a workspace member goes by, or None for nobody, a bot or a deactivated
    account."""
    try:
        user = (await client.users_info(user=user_id))["user"]
    except SlackApiError as error:
        if error.response.get("error") == "user_not_found":
            return None
        raise
    if user.get("deleted") or user.get("is_bot"):
        return None
    return display_name(user)


async def send_chart(
    client: AsyncWebClient, user_id: str, stats: MemberStats, name: str | None
) -> None:
    """The statistics chart, uploaded into the member's DM with the app (a file cannot ride
    on an ephemeral message). A failed upload is logged: the text reply already arrived."""
    png = await asyncio.to_thread(stats_chart, stats)
    title = f"{name}'s statistics" if name else "Your statistics"
    try:
        opened = await client.conversations_open(users=user_id)
        await client.files_upload_v2(
            channel=opened["channel"]["id"],
            content=png,
            filename=CHART_FILE,
            title=title,
            initial_comment=f"{escape(title)}: accuracy per exam section and week by week.",
        )
    except SlackApiError as error:
        log.warning("statistics chart not delivered: %s", error.response.get("error"))


def split_period(args: str) -> tuple[str, str]:
    """The period word (first or last; "week" when none) and the section words left."""
    words = args.split()
    if words and words[0].lower() in PERIODS:
        return words[0].lower(), " ".join(words[1:])
    if words and words[-1].lower() in PERIODS:
        return words[-1].lower(), " ".join(words[:-1])
    return "week", args.strip()


def stats_summary(stats: MemberStats, name: str | None) -> str:
    whose = f"{escape(name)}'s" if name else "Your"
    return f"{whose} statistics: {plural(stats.answered, 'answer')} to revealed questions."


def domain_line(d: DomainStats) -> str:
    accuracy = f"{d.accuracy:.0%}" if d.accuracy is not None else "–"
    rating = f" · self {d.self_rating}/5" if d.self_rating else ""
    return (
        f"*{escape(d.name)}* — {d.correct}/{d.answered} ({accuracy}{trend_mark(d.trend.change)})"
        f" · {d.strength}{rating}"
    )


def stats_blocks(stats: MemberStats, name: str | None) -> list[Block]:
    """Accuracy with trend per section, readiness, weak sections, calibration, streak and
    mock results: what Discord's ``/stats`` embed shows."""
    whose = f"{escape(name)}'s" if name else "Your"
    blocks: list[Block] = [
        header(f"{name}'s statistics" if name else "Your statistics"),
        section(f"{whose} answers in this workspace: {stats.answered}."),
        section(
            f"*By exam section* (trend: last {TREND_DAYS} days vs before)\n"
            + "\n".join(domain_line(d) for d in stats.domains)
        ),
    ]
    if stats.readiness is not None:
        blocks.append(
            section(
                f"*Readiness* {stats.readiness:.0%} weighted by the exam guide, from sections "
                f"that make up {stats.readiness_cover:.0%} of the exam."
            )
        )
    weak = ", ".join(escape(d.name) for d in stats.weak) or NO_WEAK
    blocks.append(section(f"*Weak sections*\n{weak}"))
    if stats.calibration_gap is not None:
        rows = " · ".join(
            f"{r.confidence}: {r.correct}/{r.answered}" for r in stats.calibration if r.answered
        )
        blocks.append(
            section(
                f"*Calibration* (confidence: right/answered)\n{rows}\n"
                f"{calibration_verdict(stats.calibration_gap)} "
                f"({stats.calibration_gap:+.0%} points)"
            )
        )
    blocks.append(section(f"*Streak* current {stats.streak_current} · best {stats.streak_best}"))
    if stats.mocks:
        results = " · ".join(f"{day:%d %b}: {right}/{asked}" for day, right, asked in stats.mocks)
        blocks.append(
            section(f"*Mock exams* (their own source, not in the figures above)\n{results}")
        )
    if stats.practice.answered:
        blocks.append(section(f"*Practice* {stats.practice.summary}"))
    if stats.hands_on:
        tasks = "\n".join(escape(line) for line in stats_lines(stats.hands_on))
        blocks.append(section(f"*{stats_title(stats.hands_on, stats.hands_on_themes)}*\n{tasks}"))
    if stats.miss_pattern is not None:
        blocks.append(
            section(f"*{MEMBER_PATTERN_TITLE}*\n{escape(member_pattern_text(stats.miss_pattern))}")
        )
    blocks.append(context(CHART_NOTE))
    return blocks


def leaderboard_title(board: Leaderboard, domain_name: str | None) -> str:
    return f"🏆 Leaderboard · {domain_name or 'all sections'} · {PERIOD_NAMES[board.period]}"


def _leader_line(row: LeaderRow) -> str:
    accuracy = f" · {row.accuracy:.0%}" if row.accuracy is not None else ""
    who = escape(row.display_name or "a member")
    return (
        f"*{row.rank}.* {who} — {plural(row.points, 'point')} ({row.answered:,} answered{accuracy})"
    )


def leaderboard_blocks(board: Leaderboard, domain_name: str | None) -> list[Block]:
    """The top ten by name (no mentions), the caller's own rank, and how points count."""
    blocks: list[Block] = [header(leaderboard_title(board, domain_name))]
    if not board.top:
        return [*blocks, section("No answers in this period yet.")]
    blocks.append(section("\n".join(_leader_line(row) for row in board.top)))
    if board.me is None:
        blocks.append(section("*You* No answers in this period yet."))
    elif board.me not in board.top:
        blocks.append(section(f"*You* {_leader_line(board.me)}"))
    blocks.append(context(leaderboard_note(board.participants)))
    return blocks
