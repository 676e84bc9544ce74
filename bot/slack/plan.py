"""``/study plan [week]`` and ``/study assess [section level]``: the week's theme of the
eight-week plan with the member's focus, and self-ratings per exam section.

Discord sends one embed per theme of a compressed week; on Slack they are sections of one
private message (a week has at most six themes, far below 50 blocks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp

from bot.content.schema import PlanMessages, PlanTheme
from bot.core.errors import NotFound, UserFacingError
from bot.core.plan import PlanWeek, countdown
from bot.core.text import plural
from bot.services.mock import MockView
from bot.services.plan import AssessmentView, PlanView
from bot.slack import hands_on
from bot.slack.blocks import Block, context, escape, header, local_time, section
from bot.slack.errors import NO_GROUP
from bot.slack.router import Call, Router
from bot.slack.sections import find_section, section_list

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

LEVELS = {
    1: "new to me",
    2: "heard of it",
    3: "could use it with the docs open",
    4: "confident",
    5: "could teach it",
}
ASSESS_USAGE = "Rate a section with `/study assess <section> <1-5>`, e.g. `/study assess 4 3`."


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    """``/study plan`` and ``/study assess``."""
    services = bot.services

    @router.add(
        "plan",
        "`/study plan [week]`",
        "this week's theme, focus sections, blueprint and days; exam countdowns; your two "
        "focus sections",
    )
    async def show_plan(call: Call) -> None:
        week = None
        if call.args:
            if not call.args.isdigit():
                await call.reply("Give a week number, e.g. `/study plan 3`, or nothing for now.")
                return
            week = int(call.args)
        try:
            title, blocks = await plan_message(call.team, call.user, week)
        except NotFound:
            await call.reply(NO_GROUP)
            return
        await call.reply(title, blocks=blocks)

    async def plan_message(team: str, user: str, week: int | None) -> tuple[str, list[Block]]:
        """The plan message, with the member's hands-on tasks of the week at its end."""
        now = services.clock.now()
        view = await services.plan.view(team, user, week, now)
        next_mock = await services.mocks.next_for_group(team, now)
        title = theme_title(view.week, view.themes[0], 1, len(view.themes))
        blocks = plan_blocks(view, services.bank.plan.messages, next_mock)
        return title, blocks + hands_on.hands_on_blocks(view.hands_on, view.week.number)

    hands_on.register(app, bot, plan_message)

    @router.add(
        "assess",
        "`/study assess [section] [1-5]`",
        "rate yourself 1–5 per exam section (kept with the date; repeat any time); "
        "without words, shows your ratings",
    )
    async def assess(call: Call) -> None:
        if not call.args:
            await call.reply(assessment_text(await services.plan.assessments(call.user)))
            return
        typed, _, level = call.args.rpartition(" ")
        if not typed or level not in {str(n) for n in LEVELS}:
            raise UserFacingError(
                f"Nothing was saved. {ASSESS_USAGE} Levels: "
                + ", ".join(f"{n} = {words}" for n, words in LEVELS.items())
                + f". Sections: {section_list(services.bank.exam.domains)}."
            )
        domain = find_section(services.bank.exam.domains, typed)
        views = await services.plan.assess(
            call.team,
            call.user,
            call.name,
            domain,
            int(level),
            services.clock.now(),
        )
        await call.reply(assessment_text(views))


def theme_title(week: PlanWeek, theme: PlanTheme, number: int, count: int) -> str:
    part = f" · theme {number} of {count}" if count > 1 else ""
    return f"📅 Week {week.number} of {week.total}{part}: {theme.theme}"


def theme_blocks(week: PlanWeek, themes: list[PlanTheme], focus: list[str]) -> list[Block]:
    """Each theme's title, summary, activities and blueprint; the focus after the first."""
    blocks: list[Block] = []
    for number, theme in enumerate(themes, start=1):
        blocks.append(header(theme_title(week, theme, number, len(themes))))
        blocks.append(section(escape(theme.summary)))
        if number == 1:
            names = ", ".join(escape(name) for name in focus)
            blocks.append(section(f"*Focus* {names or 'all six sections, by exam weight'}"))
        activities = "\n".join(f"• {escape(a)}" for a in theme.activities)
        blocks.append(section(f"*This week*\n{activities}"))
        blocks.append(section(f"*Blueprint*\n```{escape(theme.blueprint.strip())}```"))
    return blocks


def plan_blocks(
    view: PlanView, messages: PlanMessages, next_mock: MockView | None = None
) -> list[Block]:
    """What Discord's ``/plan`` shows: the week's themes, then its days, the exam dates,
    the member's two focus sections and the next mock night."""
    blocks = theme_blocks(view.week, view.themes, [name for _slug, name in view.focus_domains])
    if not view.started:
        blocks.insert(1, section("_The plan has not started yet._"))
    if view.week.final_stretch:
        blocks.append(section(f"*Clarity over cramming*\n{escape(messages.final_stretch)}"))
    days = " ".join(f"{'📘' if d.study else '🌿'} {d.day:%a %d}" for d in view.days)
    blocks.append(section(f"*Days* (📘 study · 🌿 rest)\n{days}"))
    dates = []
    if view.group_exam_date:
        dates.append(f"Group exam {view.group_exam_date}: {countdown(view.group_exam_in)}")
    if view.member_exam_date:
        dates.append(f"Your exam {view.member_exam_date}: {countdown(view.member_exam_in)}")
    blocks.append(
        section(
            "*Exam dates*\n"
            + ("\n".join(dates) or "Not set — organisers: `/study setup`; you: `/study me`.")
        )
    )
    if view.member_focus:
        lines = [f"• *{escape(name)}* — {e.summary()}" for name, e in view.member_focus]
        blocks.append(section("*Your two focus sections*\n" + "\n".join(lines)))
    blocks.append(section(f"*Next mock-exam night*\n{mock_line(next_mock)}"))
    if view.week.number != view.current_week_number:
        blocks.append(
            context(
                f"This is week {view.week.number}; the group is in week {view.current_week_number}."
            )
        )
    return blocks


def mock_line(mock: MockView | None) -> str:
    if mock is None:
        return "None scheduled yet."
    focus = f" · focus {escape(mock.focus_domain)}" if mock.focus_domain else ""
    return (
        f"#{mock.id} {local_time(mock.starts_at)} · "
        f"{plural(mock.question_count, 'question')} · {mock.duration_minutes} min{focus}"
    )


def assessment_text(views: list[AssessmentView]) -> str:
    lines = []
    for view in views:
        level = (
            f"{view.level}/5 (since {view.assessed_at:%d %b})"
            if view.level and view.assessed_at
            else "not rated"
        )
        lines.append(f"• *{escape(view.name)}* — {level}")
    return (
        "Your self-assessment (1 = new to me, 5 = could teach it):\n"
        + "\n".join(lines)
        + f"\n{ASSESS_USAGE}"
    )
