"""Rendering of the open reports."""

from __future__ import annotations

import discord

from bot.core.items import ItemStats
from bot.core.text import plural
from bot.discord.rendering import (
    EMBED_TOTAL_LIMIT,
    FIELD_LIMIT,
    FIELDS_LIMIT,
    joined_within,
    shorten,
    ts,
)
from bot.services.reports import MAX_DETAILS, ReportView

REPORT_PAGE_ROOM = EMBED_TOTAL_LIMIT - 500  # fields of a /reports page; the rest: title, note…
BROKEN_NOTE = (
    "🔍 marks a question whose revealed answers across all groups look wrong: strong members "
    "do no better than weak ones, or prefer a wrong option. Check its key and wording."
)


def broken_fields(flagged: list[ItemStats]) -> list[tuple[str, str]]:
    """One field per question that looks broken by its answers (item analysis)."""
    return [
        (
            f"🔍 {item.question_id} looks broken ({item.summary()})"[:256],
            shorten("\n".join(f"• {reason}" for reason in item.reasons()), FIELD_LIMIT),
        )
        for item in flagged
    ]


def report_pages(reports: list[ReportView], flagged: list[ItemStats]) -> list[discord.Embed]:
    """Open reports grouped by question, each question flagged for organisers, then the
    questions whose answers across all groups make them look broken, in as many pages as
    Discord's limits of one embed need (25 fields, 6,000 characters); a question with many
    reports continues in a further field. Details are shown whole."""
    if not reports and not flagged:
        return [
            discord.Embed(
                title="Open reports",
                description="No open reports, and no question looks broken by its answers. 🎉",
                colour=discord.Colour.orange(),
            )
        ]
    by_question: dict[str, list[str]] = {}
    for r in reports:
        details = f"\n> {shorten(r.details, MAX_DETAILS)}" if r.details else ""
        by_question.setdefault(r.question_id, []).append(
            f"#{r.id} · **{r.reason_label}** · <@{r.member_external_id}> · "
            f"{ts(r.created_at, 'R')}{details}"
        )
    fields: list[tuple[str, str]] = []
    for question_id, lines in by_question.items():
        name = f"⚠ {question_id} ({plural(len(lines), 'open report')})"
        for value in joined_within(lines, FIELD_LIMIT):
            fields.append((name, value))
            name = f"⚠ {question_id} (continued)"
    fields += broken_fields(flagged)
    pages: list[list[tuple[str, str]]] = [[]]
    for name, value in fields:
        used = sum(len(n) + len(v) for n, v in pages[-1])
        if len(pages[-1]) == FIELDS_LIMIT or used + len(name) + len(value) > REPORT_PAGE_ROOM:
            pages.append([])
        pages[-1].append((name, value))
    embeds = []
    for number, page in enumerate(pages, start=1):
        embed = discord.Embed(
            title=f"Open reports ({len(reports)}) · questions that look broken ({len(flagged)})",
            description=BROKEN_NOTE if flagged else None,
            colour=discord.Colour.orange(),
        )
        for name, value in page:
            embed.add_field(name=name, value=value, inline=False)
        embed.set_footer(
            text=f"Page {number} of {len(pages)} · Resolve one with /reports resolve "
            "id:<number> note:<what you did>"
        )
        embeds.append(embed)
    return embeds
