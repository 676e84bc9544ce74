"""Rendering service results as Discord embeds and components. All wording lives here."""

from __future__ import annotations

import math
from datetime import datetime

import discord

from bot.content.schema import PlanMessages, PlanTheme, Question
from bot.core.plan import PlanWeek
from bot.core.readiness import DomainEvidence
from bot.core.schedule import format_weekdays
from bot.core.text import noun, plural, verb
from bot.services.daily import AnswerReceipt, QuestionCard, Quote, RevealCard, StreakView
from bot.services.groups import GroupView
from bot.services.me import MySettings
from bot.services.mistakes import Mistake
from bot.services.mock import AttemptView, Debrief, MockView, ResultView, ReviewStep
from bot.services.notices import DirectNotice, Notice, Recap
from bot.services.plan import AssessmentView, PlanView
from bot.services.reports import MAX_DETAILS, ReportView
from bot.services.review import ReviewItem, ReviewResult
from bot.services.stats import Leaderboard, LeaderRow, MemberStats

BRAND = discord.Colour.from_rgb(66, 133, 244)
RIGHT = discord.Colour.from_rgb(52, 168, 83)
EMBED_TOTAL_LIMIT = 6000
FIELD_LIMIT = 1024
FIELDS_LIMIT = 25
REPORT_PAGE_ROOM = EMBED_TOTAL_LIMIT - 200  # fields of a /reports page; the rest: title, footer
NAMES_IN_REVEAL = 25
MILESTONES_IN_REVEAL = 10
MOCKS_LISTED = 20
HISTOGRAM_WIDTH = 20
QUOTE_LIMIT = 300  # characters of a quoted reasoning when there is room
QUOTE_FLOOR = 80  # fewer quotes rather than shorter than this
QUOTE_STEP = 10


def ts(moment: datetime, style: str = "f") -> str:
    """Discord timestamp markup: every reader sees it in their own timezone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def message_link(guild_id: str, channel_id: str, message_id: str) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def marker(daily_id: int) -> str:
    """The footer tag that lets the bot find its own question message after a restart."""
    return f"Daily #{daily_id}"


def reveal_marker(daily_id: int) -> str:
    return f"Reveal #{daily_id}"


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


def question_embed(card: QuestionCard) -> discord.Embed:
    q = card.question
    revisit = (
        "🔁 *A question the group found hard earlier: how would you answer it now?*\n\n"
        if card.revisit
        else ""
    )
    embed = discord.Embed(
        title=f"Question of the day · {card.study_date:%a %d %b}",
        description=revisit + question_text(q),
        colour=BRAND,
    )
    embed.add_field(name="Domain", value=card.domain_name, inline=True)
    embed.add_field(name="Difficulty", value=difficulty_label(q.difficulty), inline=True)
    embed.add_field(name="Answers", value=choose_label(q), inline=True)
    if card.closed:
        status = f"**Closed** · {_answers(card.answer_count)}"
        if card.reveal_message_id:
            status += f" · [see the reveal]({message_link(card.guild_id, card.reveal_channel_id, card.reveal_message_id)})"
    else:
        status = (
            f"Reveal {ts(card.reveal_at, 't')} ({ts(card.reveal_at, 'R')}) · "
            f"{_answers(card.answer_count)} so far"
        )
    embed.add_field(name="Status", value=status, inline=False)
    embed.set_footer(text=f"{marker(card.daily_id)} · answers are private until the reveal")
    return embed


def reveal_message(
    card: RevealCard, question_link: str | None = None
) -> tuple[str, list[discord.Embed]]:
    """The reveal: a line (linking to the question when the reveal is posted in another
    channel, with a warning when members reported the question) and two embeds that share
    Discord's 6,000 characters."""
    text = f"⏰ Time's up for the question of {card.study_date:%a %d %b}."
    if question_link:
        text += f" The question: {question_link}"
    if card.open_reports:
        reports = plural(card.open_reports, "open report")
        text += (
            f"\n⚠️ Members reported a problem with this question ({reports}); organisers are "
            "checking it."
        )
    return text, reveal_embeds(card)


def reveal_embeds(card: RevealCard) -> list[discord.Embed]:
    """The answer with everything about the question, then how the group reasoned; the
    quoted reasonings are shortened to the room the rest leaves."""
    q = card.question
    keyed = " and ".join(card.question.answer) if q.choose > 1 else q.answer[0]
    answer_lines = "\n".join(f"**{letter}.** {q.options[letter]}" for letter in q.answer)
    # The schema's caps keep this embed within 4,000 characters whatever the question,
    # so nothing of the explanation or a why-not is ever cut (tests/adapter/test_limits.py).
    first = discord.Embed(
        title=f"Answer: {keyed}",
        description=f"{answer_lines}\n\n{q.explanation}",
        colour=RIGHT,
    )
    first.add_field(name="The deciding phrase", value=f"“{q.constraint}”", inline=False)
    for letter in q.letters:
        if letter in q.why_not:
            first.add_field(name=f"Why not {letter}", value=q.why_not[letter], inline=False)
    first.add_field(name="Read more", value="\n".join(str(r) for r in q.references), inline=False)

    second = discord.Embed(title="How the group reasoned", colour=BRAND)
    second.add_field(name="The split", value=_split(card), inline=False)
    second.add_field(
        name=f"Right ({card.correct_count} of {card.answer_count})",
        value=_mentions([f"<@{e}>" for e in card.correct_members], NAMES_IN_REVEAL)
        if card.correct_members
        else "Nobody this time: the deciding phrase is the one to remember.",
        inline=False,
    )
    if card.milestones:
        second.add_field(
            name="Streaks 🔥",
            value=_mentions(
                [
                    f"<@{m.member_external_id}> {plural(m.days, 'study day')} in a row"
                    for m in card.milestones
                ],
                MILESTONES_IN_REVEAL,
            ),
            inline=False,
        )
    second.set_footer(text=f"{reveal_marker(card.daily_id)} · discuss in the thread below")
    room = EMBED_TOTAL_LIMIT - len(first) - len(second)
    for index, (name, value) in enumerate(_quote_fields(card.quotes, room), start=2):
        second.insert_field_at(index, name=name, value=value, inline=False)
    return [first, second]


def discussion_prompt(question: Question) -> str:
    """The first message of the reveal's discussion thread."""
    return (
        f"What decided it for you? The deciding phrase was “{question.constraint}”. "
        "Share how you read the scenario — and when another option would have been right."
    )


def _quote_fields(quotes: list[Quote], room: int) -> list[tuple[str, str]]:
    """Quoted reasonings as ``(name, value)`` fields within ``room`` characters, measured as
    rendered: each is shortened (QUOTE_LIMIT at most) until all fit; when even QUOTE_FLOOR
    characters each do not fit, fewer are quoted."""
    for count in range(len(quotes), 0, -1):
        for limit in range(QUOTE_LIMIT, QUOTE_FLOOR - 1, -QUOTE_STEP):
            fields = [_quote_field(quote, limit) for quote in quotes[:count]]
            if sum(len(name) + len(value) for name, value in fields) <= room:
                return fields
    return []


def _quote_field(quote: Quote, limit: int) -> tuple[str, str]:
    """One quoted reasoning, shortened to ``limit`` characters."""
    who = f"<@{quote.member_external_id}>" if quote.member_external_id else "A member"
    sure = f", confidence {quote.confidence}/5" if quote.confidence else ""
    verdict = "✅" if quote.correct else "❌"
    return (
        f"{verdict} Picked {quote.pick}{sure}",
        f"{who}: {plain(_shorten(quote.reasoning, limit))}",
    )


def _split(card: RevealCard) -> str:
    total = max(card.answer_count, 1)
    lines = []
    for option in card.split:
        share = option.count / total
        bar = "█" * round(share * 10) + "░" * (10 - round(share * 10))
        mark = " ✅" if option.correct else ""
        lines.append(f"`{option.letter}` {bar} {option.count}{mark}")
    if card.answer_count == 0:
        lines.append("Nobody answered this one.")
    return "\n".join(lines)


def _mentions(items: list[str], shown: int) -> str:
    """The first ``shown`` items and how many more there are."""
    more = len(items) - shown
    return " · ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")


def _answers(count: int) -> str:
    return plural(count, "answer")


def plain(text: str) -> str:
    """A member's own words shown exactly as typed: no formatting, spoilers, masked links,
    mentions, channel links or timestamps can be smuggled into the bot's messages."""
    text = discord.utils.escape_markdown(discord.utils.escape_mentions(text))
    return text.replace("<", "<\u200b")


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clip(text: str) -> str:
    return _shorten(text, FIELD_LIMIT) if len(text) > FIELD_LIMIT else text


def answer_confirmation(receipt: AnswerReceipt) -> str:
    verb = "changed your pick to" if receipt.changed else "picked"
    return (
        f"You {verb} **{receipt.pick.replace(',', ' and ')}**. You can change it until the "
        f"reveal {ts(receipt.reveal_at, 'R')}; the last pick counts. Nobody sees picks before "
        "the reveal.\nAdd your reasoning: the group learns most from *why*."
    )


def reasoning_saved(receipt: AnswerReceipt, confidence: int | None) -> str:
    sure = f" (confidence {confidence}/5)" if confidence else ""
    quoted = "anonymously" if receipt.quote_anonymously else "with your name"
    return (
        f"Saved your reasoning for pick **{receipt.pick}**{sure}. It may be quoted at the "
        f"reveal {quoted}; you can change that with the button below."
    )


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


def report_pages(reports: list[ReportView]) -> list[discord.Embed]:
    """Open reports grouped by question, each question flagged for organisers, in as many
    pages as Discord's limits of one embed need (25 fields, 6,000 characters); a question with
    many reports continues in a further field. Details are shown whole."""
    if not reports:
        return [
            discord.Embed(
                title="Open reports",
                description="No open reports. 🎉",
                colour=discord.Colour.orange(),
            )
        ]
    by_question: dict[str, list[str]] = {}
    for r in reports:
        details = f"\n> {_shorten(r.details, MAX_DETAILS)}" if r.details else ""
        by_question.setdefault(r.question_id, []).append(
            f"#{r.id} · **{r.reason_label}** · <@{r.member_external_id}> · "
            f"{ts(r.created_at, 'R')}{details}"
        )
    fields: list[tuple[str, str]] = []
    for question_id, lines in by_question.items():
        name = f"⚠ {question_id} ({plural(len(lines), 'open report')})"
        for value in _joined_within(lines, FIELD_LIMIT):
            fields.append((name, value))
            name = f"⚠ {question_id} (continued)"
    pages: list[list[tuple[str, str]]] = [[]]
    for name, value in fields:
        used = sum(len(n) + len(v) for n, v in pages[-1])
        if len(pages[-1]) == FIELDS_LIMIT or used + len(name) + len(value) > REPORT_PAGE_ROOM:
            pages.append([])
        pages[-1].append((name, value))
    embeds = []
    for number, page in enumerate(pages, start=1):
        embed = discord.Embed(
            title=f"Open reports ({len(reports)})", colour=discord.Colour.orange()
        )
        for name, value in page:
            embed.add_field(name=name, value=value, inline=False)
        embed.set_footer(
            text=f"Page {number} of {len(pages)} · Resolve one with /reports resolve "
            "id:<number> note:<what you did>"
        )
        embeds.append(embed)
    return embeds


def _joined_within(lines: list[str], limit: int) -> list[str]:
    """``lines`` joined by newlines into as few texts of at most ``limit`` as they fit."""
    texts: list[str] = []
    for line in lines:
        if texts and len(texts[-1]) + 1 + len(line) <= limit:
            texts[-1] += "\n" + line
        else:
            texts.append(line)
    return texts


def theme_embeds(
    week: PlanWeek,
    themes: list[PlanTheme],
    focus: list[str],
    messages: PlanMessages,
    title_prefix: str = "📅",
) -> list[discord.Embed]:
    """A plan week: each theme's summary, activities and blueprint, one embed per theme (a
    short plan merges up to six themes into a week; each is a message of its own, as
    together they would not fit one), the focus on the first."""
    embeds = []
    for number, theme in enumerate(themes, start=1):
        part = f" · theme {number} of {len(themes)}" if len(themes) > 1 else ""
        embed = discord.Embed(
            title=f"{title_prefix} Week {week.number} of {week.total}{part}: {theme.theme}",
            description=theme.summary,
            colour=BRAND,
        )
        if number == 1:
            embed.add_field(
                name="Focus",
                value=", ".join(focus) or "all six sections, by exam weight",
                inline=False,
            )
        activities = _joined_within([f"• {a}" for a in theme.activities], FIELD_LIMIT)
        for index, value in enumerate(activities):
            embed.add_field(
                name="This week" if index == 0 else "This week (continued)",
                value=value,
                inline=False,
            )
        embed.add_field(
            name="Blueprint", value=f"```\n{theme.blueprint.strip()}\n```", inline=False
        )
        embeds.append(embed)
    if week.final_stretch:
        embeds[-1].add_field(
            name="Clarity over cramming", value=messages.final_stretch, inline=False
        )
    return embeds


def part_marker(marker: str, number: int) -> str:
    """The footer tag of part ``number`` (0-based) of a post that takes several messages."""
    return marker if number == 0 else f"{marker}.{number + 1}"


def notice_message(notice: Notice, messages: PlanMessages) -> tuple[str, list[discord.Embed]]:
    """The text and the embeds of a theme announcement, rest-day post or recap, one message
    per embed; each footer starts with the notice's marker (``part_marker``)."""
    if notice.kind == "recap" and notice.recap is not None:
        return "", [recap_embed(notice, notice.recap)]
    if notice.kind == "week":
        parts = theme_embeds(notice.week, notice.themes, notice.focus, messages)
        for number, embed in enumerate(parts):
            embed.set_footer(
                text=f"{part_marker(notice.marker, number)} · /plan shows this week any time"
            )
        return "", parts
    suggestion = " ".join(t.rest_day for t in notice.themes)
    if notice.hardest is not None:
        link = message_link(notice.guild_id, notice.hardest.channel_id, notice.hardest.message_id)
        suggestion += f" This week's hardest question ({notice.hardest.accuracy:.0%} right): {link}"
    embed = discord.Embed(
        description=messages.rest_day.format(suggestion=suggestion), colour=discord.Colour.green()
    )
    embed.set_footer(text=f"{notice.marker} · rest days never break a streak")
    return "", [embed]


def _accuracy_lines(rows: list[tuple[str, int, int]]) -> str:
    """One line per section with answers: "name: right/asked (share)"."""
    return _clip(
        "\n".join(
            f"{name}: {right}/{asked} ({right / asked:.0%})" for name, right, asked in rows if asked
        )
    )


def recap_embed(notice: Notice, recap: Recap) -> discord.Embed:
    embed = discord.Embed(
        title=f"📊 Week {recap.week_number} recap",
        description=f"{plural(recap.questions, 'question')}, {plural(recap.answers, 'answer')}.",
        colour=BRAND,
    )
    embed.add_field(
        name="Group accuracy by section",
        value=_accuracy_lines(recap.per_domain),
        inline=False,
    )
    if recap.top_per_domain:
        embed.add_field(
            name="Top of each section",
            value=_clip(
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
            value=_clip(
                "\n".join(
                    f"`{question_id}`: {wrong} of {answered} missed"
                    for question_id, wrong, answered in recap.most_missed
                )
            ),
            inline=False,
        )
    embed.set_footer(text=f"{notice.marker} · /leaderboard and /stats for more")
    return embed


def direct_message(notice: DirectNotice, messages: PlanMessages) -> tuple[str, list[discord.Embed]]:
    """The text of a DM and its embeds (one message each, the text with the first)."""
    if notice.kind == "closing" and notice.closes_at is not None:
        link = (
            message_link(notice.guild_id or "", notice.channel_id or "", notice.message_id)
            if notice.message_id
            else "in your study channel"
        )
        text = messages.closing_reminder.format(closes=ts(notice.closes_at, "R"), link=link)
        return text + "\n*(Turn these off with `/me set reminders:False`.)*", []
    if notice.kind == "weekly" and notice.week is not None:
        return "This week in your study group:", theme_embeds(
            notice.week, notice.themes, [], messages
        )
    if notice.kind == "review":
        return (
            f"📚 {plural(notice.review_due, 'question')} "
            f"{verb(notice.review_due, 'is', 'are')} due for review today. Run `/review` in "
            "your study server: a few minutes now keeps "
            f"{verb(notice.review_due, 'it', 'them')} from slipping away."
        ), []
    if notice.kind == "exam-eve":
        return messages.exam_eve, []
    return messages.exam_after, []


def plan_embeds(
    view: PlanView, messages: PlanMessages, next_mock: MockView | None = None
) -> list[discord.Embed]:
    """``/plan``: the week's themes (one embed, and message, each) and, with the first, the
    days, exam dates, the member's focus and the next mock night."""
    embeds = theme_embeds(view.week, view.themes, [n for _s, n in view.focus_domains], messages)
    embed = embeds[0]
    if not view.started:
        embed.description = (embed.description or "") + "\n\n*The plan has not started yet.*"
    days = " ".join(f"{'📘' if d.study else '🌿'} {d.day:%a %d}" for d in view.days)
    embed.add_field(name="Days (📘 study · 🌿 rest)", value=days, inline=False)
    dates = []
    if view.group_exam_date:
        dates.append(f"Group exam {view.group_exam_date}: {_days(view.group_exam_in)}")
    if view.member_exam_date:
        dates.append(f"Your exam {view.member_exam_date}: {_days(view.member_exam_in)}")
    embed.add_field(
        name="Exam dates",
        value="\n".join(dates)
        or "Not set — organisers: `/setup configure exam_date`; you: `/me set`.",
        inline=False,
    )
    if view.member_focus:
        lines = [f"• **{name}** — {_evidence(e)}" for name, e in view.member_focus]
        embed.add_field(name="Your two focus domains", value=_clip("\n".join(lines)), inline=False)
    embed.add_field(
        name="Next mock-exam night",
        value=mock_line(next_mock) if next_mock else "None scheduled yet.",
        inline=False,
    )
    if view.week.number != view.current_week_number:
        embed.set_footer(
            text=f"This is week {view.week.number}; the group is in week "
            f"{view.current_week_number}."
        )
    return embeds


def assessment_text(views: list[AssessmentView]) -> str:
    lines = []
    for view in views:
        level = (
            f"{view.level}/5 (since {view.assessed_at:%d %b})"
            if view.level and view.assessed_at
            else "not rated"
        )
        lines.append(f"• **{view.name}** — {level}")
    return (
        "Your self-assessment (1 = new to me, 5 = could teach it):\n"
        + "\n".join(lines)
        + "\nRate a section with `/assess domain:<section> level:<1-5>`; repeat it any time."
    )


def me_text(settings: MySettings) -> str:
    quiet = (
        f"{settings.quiet_start:%H:%M}–{settings.quiet_end:%H:%M}"
        if settings.quiet_start and settings.quiet_end
        else "none"
    )
    return (
        "**Your settings**\n"
        f"• Timezone: {settings.timezone or 'the group’s'}\n"
        f"• Exam date: {settings.exam_date or 'not set'}\n"
        f"• Reminder DMs: {'on' if settings.reminders else 'off'} (question closing in 2 h, "
        "weekly theme, exam eve and the day after)\n"
        f"• Quiet hours: {quiet}\n"
        f"• Reasoning quoted: {'anonymously' if settings.quote_anonymously else 'with your name'}"
        f"\n• Statistics: {'public' if settings.stats_public else 'private'}"
        f"\n• Mock-night reminder DMs: {'on' if settings.mock_reminders else 'off'}"
        "\nChange them with `/me set`."
    )


def _days(count: int | None) -> str:
    if count is None:
        return "not set"
    if count < 0:
        return f"{plural(-count, 'day')} ago"
    return "today" if count == 0 else f"in {plural(count, 'day')}"


def _evidence(evidence: DomainEvidence) -> str:
    parts = []
    if evidence.self_rating is not None:
        parts.append(f"self-rated {evidence.self_rating}/5")
    if evidence.answered:
        parts.append(f"{evidence.correct} of {evidence.answered} right")
    return ", ".join(parts) or "no answers or rating yet"


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
        change = d.trend.change
        trend = (
            "" if change is None else (" ↑" if change > 0.05 else " ↓" if change < -0.05 else " →")
        )
        rating = f" · self {d.self_rating}/5" if d.self_rating else ""
        lines.append(
            f"**{d.name}** — {d.correct}/{d.answered} ({accuracy}{trend}) · {d.strength}{rating}"
        )
    embed.add_field(
        name="By exam section (trend: last 14 days vs before)",
        value=_clip("\n".join(lines)),
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
    embed.add_field(name="Weak sections", value=_clip(weak), inline=False)
    if stats.calibration_gap is not None:
        rows = " · ".join(
            f"{r.confidence}: {r.correct}/{r.answered}" for r in stats.calibration if r.answered
        )
        verdict = (
            "overconfident"
            if stats.calibration_gap > 0.05
            else "underconfident"
            if stats.calibration_gap < -0.05
            else "well calibrated"
        )
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
            value=_clip(
                " · ".join(f"{day:%d %b}: {right}/{asked}" for day, right, asked in stats.mocks)
            ),
            inline=False,
        )
    embed.set_image(url="attachment://stats.png")
    return embed


def leaderboard_embed(board: Leaderboard, domain_name: str | None) -> discord.Embed:
    scope = domain_name or "all sections"
    period = {"week": "this week", "month": "this month", "all": "all time"}[board.period]
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
    embed.set_footer(
        text=f"{plural(board.participants, 'member')} · a point per right answer · "
        "accuracy shown from 5 answers"
    )
    return embed


def _leader_line(row: LeaderRow) -> str:
    accuracy = f" · {row.accuracy:.0%}" if row.accuracy is not None else ""
    return (
        f"**{row.rank}.** <@{row.member_external_id}> — {plural(row.points, 'point')} "
        f"({row.answered:,} answered{accuracy})"
    )


def mistake_embed(mistake: Mistake, index: int, total: int, domain_name: str) -> discord.Embed:
    q = mistake.question
    embed = discord.Embed(
        title=f"Mistake {index + 1} of {total} · {mistake.study_date:%d %b %Y}",
        description=question_text(q),
        colour=discord.Colour.red(),
    )
    embed.add_field(name="Your pick", value=mistake.pick.replace(",", " and "), inline=True)
    embed.add_field(name="Right", value=" and ".join(q.answer), inline=True)
    embed.add_field(name="Section", value=domain_name, inline=True)
    embed.add_field(
        name="Your reasoning",
        value=_clip(plain(mistake.reasoning) if mistake.reasoning else "(none given)"),
        inline=False,
    )
    embed.add_field(name="The deciding phrase", value=f"“{q.constraint}”", inline=False)
    embed.add_field(name="Why", value=q.explanation, inline=False)
    if mistake.flagged:
        embed.add_field(
            name="⚑ Flagged",
            value=f"You missed this {plural(mistake.misses, 'time')}: worth a closer look.",
            inline=False,
        )
    return embed


def review_embed(item: ReviewItem) -> discord.Embed:
    q = item.question
    embed = discord.Embed(
        title=f"Review · {item.due_count} due",
        description=question_text(q),
        colour=BRAND,
    )
    if item.flagged:
        embed.set_footer(text=f"⚑ You have missed this one {plural(item.misses, 'time')}.")
    return embed


def review_feedback(result: ReviewResult) -> discord.Embed:
    q = result.question
    embed = discord.Embed(
        title=("✅ Right" if result.correct else "❌ Not this time")
        + f" — {' and '.join(q.answer)}",
        description=q.explanation,
        colour=RIGHT if result.correct else discord.Colour.red(),
    )
    embed.add_field(name="The deciding phrase", value=f"“{q.constraint}”", inline=False)
    if not result.correct:
        wrong = [x for x in result.pick.split(",") if x in q.why_not]
        for letter in wrong:
            embed.add_field(name=f"Why not {letter}", value=q.why_not[letter], inline=False)
    embed.add_field(
        name="Next time",
        value=f"{ts(result.next_due, 'R')} · {result.remaining_due} more due now",
        inline=False,
    )
    if result.flagged:
        embed.set_footer(
            text=f"⚑ Missed {plural(result.misses, 'time')} — flagged in your notebook."
        )
    return embed


def mock_size(mock: MockView) -> str:
    """ "50 questions in 120 minutes"."""
    return f"{plural(mock.question_count, 'question')} in {plural(mock.duration_minutes, 'minute')}"


def mock_line(mock: MockView) -> str:
    focus = f" · focus {mock.focus_domain}" if mock.focus_domain else ""
    return (
        f"**#{mock.id}** {ts(mock.starts_at)} ({ts(mock.starts_at, 'R')}) · "
        f"{plural(mock.question_count, 'question')} · {mock.duration_minutes} min{focus}"
    )


def mock_list_embed(mocks: list[MockView]) -> discord.Embed:
    """The next MOCKS_LISTED nights (more would not fit one description)."""
    embed = discord.Embed(title="Mock-exam nights", colour=BRAND)
    lines = [mock_line(m) for m in mocks[:MOCKS_LISTED]]
    if len(mocks) > MOCKS_LISTED:
        lines.append(f"…and {len(mocks) - MOCKS_LISTED} more later.")
    embed.description = "\n".join(lines) or "None scheduled."
    return embed


def mock_reminder_embed(mock: MockView, kind: str, tag: str) -> discord.Embed:
    when = "tomorrow" if kind == "mock-24h" else "in an hour"
    embed = discord.Embed(
        title=f"📝 Mock exam {when}",
        description=f"{mock_line(mock)}\nExam conditions: timed, no notes, answer every "
        "question, flag hard ones and come back. The Start button appears here "
        "at the start time.",
        colour=BRAND,
    )
    embed.set_footer(text=tag)
    return embed


def mock_dm_text(mock: MockView, kind: str) -> str:
    when = "tomorrow" if kind == "mock-24h" else "in an hour"
    return (
        f"📝 The mock exam you are interested in starts {when}: {ts(mock.starts_at)}. "
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
        description=(
            f"Unanswered: {unanswered}\nFlagged for review: {flagged}\n\nThere is "
            "no penalty for a wrong answer, so answer everything before you submit."
        ),
        colour=discord.Colour.orange(),
    )


def result_embed(result: ResultView) -> discord.Embed:
    v = result.verdict
    embed = discord.Embed(
        title=f"Your mock: {result.correct}/{result.total} ({v.score:.0%}) — {v.label}",
        description=(
            f"{v.text} Likely range of your true score: {v.low:.0%}–{v.high:.0%}. "
            "The real pass mark is not published; 70% is our working target."
        ),
        colour=RIGHT if v.label == "likely ready" else discord.Colour.orange(),
    )
    lines = [
        f"{name}: {right}/{asked} (exam weight {weight:g}%)"
        for _slug, name, right, asked, weight in result.per_domain
        if asked
    ]
    embed.add_field(name="By section", value=_clip("\n".join(lines) or "–"), inline=False)
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
            value="This question is the group's open daily question right now, so its answer "
            "and explanation show here once it is revealed.",
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
    return embed


def debrief_embed(debrief: Debrief, tag: str) -> discord.Embed:
    mock = debrief.mock
    embed = discord.Embed(title=f"📊 Mock night debrief · {mock.starts_at:%d %b}", colour=BRAND)
    if not debrief.participants:
        embed.description = "Nobody took this mock. The next one is a good chance!"
    else:
        scores = debrief.scores
        bands = [0] * 5
        for score in scores:
            bands[min(int(score * 5), 4)] += 1
        widest = max(bands)  # the fullest band is HISTOGRAM_WIDTH blocks, however many took part
        histogram = "\n".join(
            f"`{20 * i:>3}–{20 * i + 19 if i < 4 else 100}%` "
            f"{'█' * math.ceil(HISTOGRAM_WIDTH * n / widest)} {n}"
            for i, n in enumerate(bands)
        )
        median = scores[len(scores) // 2]
        embed.description = (
            f"{plural(debrief.participants, 'member')} took part · median {median:.0%}\n{histogram}"
        )
        embed.add_field(
            name="Group accuracy by section",
            value=_accuracy_lines(debrief.per_domain),
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
