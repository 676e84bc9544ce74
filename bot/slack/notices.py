"""Theme announcements, rest-day posts, recaps and reminder DMs as Slack text."""

from __future__ import annotations

from bot.core.miss_reasons import GROUP_PATTERN_TITLE, group_pattern_text
from bot.core.states import NoticeKind
from bot.core.text import plural
from bot.services.hands_on import tally_line
from bot.services.notices import DirectNotice, Notice
from bot.services.review import review_reminder_text
from bot.slack.blocks import Block, context, escape, header, local_time, section


def notice_blocks(notice: Notice) -> list[Block]:
    week = notice.week
    if notice.kind == NoticeKind.RECAP and notice.recap is not None:
        recap = notice.recap
        lines = [
            f"{escape(name)}: {right} of {answered} right"
            for name, right, answered in recap.per_domain
        ]
        recap_blocks = [
            header(f"Week {recap.week_number} in numbers"),
            section(
                f"{plural(recap.questions, 'question')}, {plural(recap.answers, 'answer')}.\n"
                + "\n".join(lines)
            ),
        ]
        if recap.hands_on:
            tallies = "\n".join(escape(tally_line(t)) for t in recap.hands_on)
            recap_blocks.append(section(f"*Hands-on task*\n{tallies}"))
        if recap.miss_pattern is not None:
            recap_blocks.append(
                section(f"*{GROUP_PATTERN_TITLE}*\n{group_pattern_text(recap.miss_pattern)}")
            )
        return recap_blocks
    blocks: list[Block] = []
    if notice.kind == NoticeKind.REST:
        blocks.append(header("Rest day 🌿"))
        blocks.extend(section(escape(theme.rest_day)) for theme in notice.themes)
    else:
        blocks.append(header(f"Week {week.number} of {week.total}"))
        for theme in notice.themes:
            blocks.append(section(f"*{escape(theme.theme)}*\n{escape(theme.summary)}"))
    if notice.focus:
        blocks.append(context("Focus: " + " · ".join(escape(name) for name in notice.focus)))
    return blocks


def notice_fallback(notice: Notice) -> str:
    if notice.kind == NoticeKind.REST:
        return "Rest day: no question today."
    if notice.kind == NoticeKind.RECAP:
        return "Last week in numbers"
    return f"Week {notice.week.number} of the study plan"


def direct_text(notice: DirectNotice) -> str:
    if notice.kind == NoticeKind.CLOSING and notice.closes_at is not None:
        return (
            f"Today's question closes {local_time(notice.closes_at, '{time}')} and you have "
            "not answered yet."
        )
    if notice.kind == NoticeKind.WEEKLY and notice.week is not None:
        themes = ", ".join(escape(t.theme) for t in notice.themes)
        due = f" {plural(notice.review_due, 'review question')} due." if notice.review_due else ""
        return f"Week {notice.week.number} of your plan: {themes}.{due}"
    if notice.kind == NoticeKind.REVIEW:
        return review_reminder_text(notice.review_due, "/study review", "here or in any channel")
    if notice.kind == NoticeKind.EXAM_EVE:
        return "Your exam is tomorrow: sleep well, read every scenario for its deciding phrase."
    return "How did the exam go? Tell the group in the channel."
