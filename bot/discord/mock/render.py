"""Rendering of mock nights, private exams, results and the group debrief."""

from __future__ import annotations

import math

import discord

from bot.content.schema import Question
from bot.core.states import NoticeKind
from bot.core.text import plural
from bot.discord.rendering import BRAND, RIGHT, accuracy_lines, clip, question_text, ts
from bot.services.mock import AttemptView, Debrief, MockView, ResultView, ReviewStep
from bot.services.mock.wording import (
    EXAM_CONDITIONS,
    KEY_WAITS,
    NOBODY_TOOK_PART,
    PASS_MARK,
    SUBMIT_ADVICE,
    band_label,
    group_pacing_lines,
    mock_size,
    pace_note,
    pacing_lines,
    reminder_when,
    review_time_line,
    score_bands,
    time_per_question,
)

MOCKS_LISTED = 20


HISTOGRAM_WIDTH = 20


def mock_line(mock: MockView) -> str:
    focus = f" · focus {mock.focus_domain}" if mock.focus_domain else ""
    return (
        f"**#{mock.id}** {ts(mock.starts_at)} ({ts(mock.starts_at, 'R')}) · "
        f"{plural(mock.question_count, 'question')} · {mock.duration_minutes} min{focus}"
        f"{pace_note(mock)}"
    )


def mock_list_embed(mocks: list[MockView]) -> discord.Embed:
    """The next MOCKS_LISTED nights (more would not fit one description)."""
    embed = discord.Embed(title="Mock-exam nights", colour=BRAND)
    lines = [mock_line(m) for m in mocks[:MOCKS_LISTED]]
    if len(mocks) > MOCKS_LISTED:
        lines.append(f"…and {len(mocks) - MOCKS_LISTED} more later.")
    embed.description = "\n".join(lines) or "None scheduled."
    return embed


def mock_reminder_embed(mock: MockView, kind: NoticeKind, tag: str) -> discord.Embed:
    embed = discord.Embed(
        title=f"📝 Mock exam {reminder_when(kind)}",
        description=f"{mock_line(mock)}\n{EXAM_CONDITIONS} The Start button appears here "
        "at the start time.",
        colour=BRAND,
    )
    embed.set_footer(text=tag)
    return embed


def mock_dm_text(mock: MockView, kind: NoticeKind) -> str:
    return (
        f"📝 The mock exam you are interested in starts {reminder_when(kind)}: "
        f"{ts(mock.starts_at)}. "
        f"{mock_size(mock)}. "
        "(Turn these off with `/me set mock_reminders:False`.)"
    )


def mock_start_embed(mock: MockView, tag: str) -> discord.Embed:
    embed = discord.Embed(
        title="📝 The mock exam is open",
        description=(
            f"{plural(mock.question_count, 'question')}, ends {ts(mock.ends_at, 't')} "
            f"({ts(mock.ends_at, 'R')}). Press **Start my exam**: it is private, one "
            "question at a time, with flags and a submit check. Lost the window? "
            "Press the button again to resume exactly where you were."
        ),
        colour=RIGHT,
    )
    embed.set_footer(text=tag)
    return embed


def attempt_embed(view: AttemptView) -> discord.Embed:
    q = view.question
    flag = " · 🚩 flagged" if view.flagged else ""
    embed = discord.Embed(
        title=f"Question {view.position} of {view.total}{flag}",
        description=question_text(q),
        colour=BRAND,
    )
    picked = view.pick.replace(",", " and ") if view.pick else "not answered yet"
    embed.add_field(name="Your answer", value=picked, inline=True)
    embed.add_field(
        name="Ends", value=f"{ts(view.deadline, 't')} ({ts(view.deadline, 'R')})", inline=True
    )
    embed.add_field(
        name="Progress",
        value=f"{view.answered}/{view.total} answered · {len(view.flagged_positions)} flagged",
        inline=True,
    )
    return embed


def submit_check_embed(view: AttemptView) -> discord.Embed:
    unanswered = ", ".join(str(p) for p in view.unanswered_positions) or "none"
    flagged = ", ".join(str(p) for p in view.flagged_positions) or "none"
    return discord.Embed(
        title="Submit your exam?",
        description=(f"Unanswered: {unanswered}\nFlagged for review: {flagged}\n\n{SUBMIT_ADVICE}"),
        colour=discord.Colour.orange(),
    )


def result_embed(result: ResultView) -> discord.Embed:
    v = result.verdict
    embed = discord.Embed(
        title=f"Your mock: {result.correct}/{result.total} ({v.score:.0%}) — {v.label}",
        description=(
            f"{v.text} Likely range of your true score: {v.low:.0%}–{v.high:.0%}. {PASS_MARK}"
        ),
        colour=RIGHT if v.label == "likely ready" else discord.Colour.orange(),
    )
    lines = [
        f"{name}: {right}/{asked} (exam weight {weight:g}%)"
        for _slug, name, right, asked, weight in result.per_domain
        if asked
    ]
    embed.add_field(name="By section", value=clip("\n".join(lines) or "–"), inline=False)
    embed.add_field(
        name="Time used",
        value=f"{result.minutes_used} min"
        + (" (submitted automatically at the deadline)" if result.auto_submitted else ""),
        inline=True,
    )
    embed.add_field(
        name="Flagged questions",
        value=f"{result.flagged_right} of {result.flagged_total} right",
        inline=True,
    )
    embed.add_field(name="Pacing", value="\n".join(pacing_lines(result.pacing)), inline=False)
    embed.add_field(
        name="Time per question (⏱ over the limit)",
        value=clip(time_per_question(result.pacing) or "–"),
        inline=False,
    )
    return embed


def review_step_embed(step: ReviewStep) -> discord.Embed:
    q = step.question
    if step.key_hidden:
        embed = discord.Embed(
            title=f"Review {step.position} of {step.total}",
            description=question_text(q),
            colour=BRAND,
        )
        embed.add_field(name="Yours", value=step.pick or "–", inline=False)
        embed.add_field(
            name="Answer after the reveal",
            value=KEY_WAITS,
            inline=False,
        )
        return embed
    verdict_text = "✅ right" if step.correct else "❌ wrong" if step.pick else "— not answered"
    embed = discord.Embed(
        title=f"Review {step.position} of {step.total} · {verdict_text}",
        description=question_text(q),
        colour=BRAND,
    )
    embed.add_field(
        name="Yours / right", value=f"{step.pick or '–'} / {', '.join(q.answer)}", inline=False
    )
    embed.add_field(name="The deciding phrase", value=f"“{q.constraint}”", inline=False)
    embed.add_field(name="Why", value=q.explanation, inline=False)
    embed.set_footer(text=review_time_line(step.seconds, step.limit_minutes))
    return embed


def debrief_embed(debrief: Debrief, tag: str) -> discord.Embed:
    mock = debrief.mock
    embed = discord.Embed(title=f"📊 Mock night debrief · {mock.starts_at:%d %b}", colour=BRAND)
    if not debrief.participants:
        embed.description = NOBODY_TOOK_PART
    else:
        scores = debrief.scores
        bands = score_bands(scores)
        widest = max(bands)  # the fullest band is HISTOGRAM_WIDTH blocks, however many took part
        histogram = "\n".join(
            f"`{band_label(i)}` {'█' * math.ceil(HISTOGRAM_WIDTH * n / widest)} {n}"
            for i, n in enumerate(bands)
        )
        median = scores[len(scores) // 2]
        embed.description = (
            f"{plural(debrief.participants, 'member')} took part · median {median:.0%}\n{histogram}"
        )
        embed.add_field(
            name="Group accuracy by section",
            value=accuracy_lines(debrief.per_domain),
            inline=False,
        )
        if debrief.pacing is not None:
            embed.add_field(
                name="Group pacing",
                value="\n".join(group_pacing_lines(debrief.pacing)),
                inline=False,
            )
        embed.add_field(
            name="The five hardest", value="In the thread below, with explanations.", inline=False
        )
    embed.set_footer(text=tag)
    return embed


def debrief_question_embed(
    number: int, question: Question, right: int, asked: int
) -> discord.Embed:
    embed = discord.Embed(
        title=f"Hard question {number} · {right} of {asked} right",
        description=question_text(question),
        colour=BRAND,
    )
    embed.add_field(name="Answer", value=" and ".join(question.answer), inline=True)
    embed.add_field(name="The deciding phrase", value=f"“{question.constraint}”", inline=False)
    embed.add_field(name="Why", value=question.explanation, inline=False)
    return embed
