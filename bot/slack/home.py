"""The App Home tab: the member's streak, statistics and weak sections, this week's theme
of the plan and the group's next question, published afresh each time they open it.

It reads the same services as ``/study streak``, ``stats`` and ``plan``, so it counts only
revealed questions and shows nothing an open question could give away."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.core.text import plural
from bot.slack.blocks import Block, context, divider, escape, header, local_time, section
from bot.slack.commands import streak_text
from bot.slack.errors import NO_GROUP
from bot.slack.plan import theme_title
from bot.slack.stats import NO_WEAK, domain_line

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger(__name__)
TITLE = "Your study group"
MORE = (
    "`/study stats` for calibration and a chart · `/study plan` for the whole week · "
    "`/study leaderboard` · `/study help` for everything"
)


def register(app: AsyncApp, bot: SlackBot) -> None:
    """Publish the Home tab whenever a member opens it (Slack sends ``app_home_opened``
    for the Messages tab too; that one is left alone)."""
    services = bot.services

    @app.event("app_home_opened")
    async def home_opened(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab") != "home":
            return
        user = str(event["user"])
        view = await home_view(services, str(body.get("team_id", "")), user, services.clock.now())
        await client.views_publish(user_id=user, view=view)


async def home_view(services: Services, team: str, user: str, now: datetime) -> dict[str, Any]:
    """The Home tab of ``user`` in workspace ``team`` (a ``home`` view, at most 100 blocks)."""
    group = await services.groups.get("slack", team, now)
    blocks: list[Block] = [header(TITLE)]
    if group is None:
        blocks += [section(NO_GROUP), context(MORE)]
        return {"type": "home", "blocks": blocks}
    streak = await services.daily.streak(team, user)
    stats = await services.stats.member_stats(team, user, user, now)
    plan = await services.plan.view(team, user, None, now)
    focus = ", ".join(escape(name) for _slug, name in plan.focus_domains)
    blocks += [
        section(streak_text(streak)),
        divider(),
        section(
            f"*{escape(theme_title(plan.week, plan.themes[0], 1, len(plan.themes)))}*\n"
            f"{escape(plan.themes[0].summary)}\n*Focus* {focus or 'all six sections'}"
            + ("" if plan.started else "\n_The plan has not started yet._")
        ),
    ]
    if plan.member_focus:
        lines = [f"• *{escape(name)}* — {e.summary()}" for name, e in plan.member_focus]
        blocks.append(section("*Your two focus sections*\n" + "\n".join(lines)))
    weak = ", ".join(escape(d.name) for d in stats.weak) or NO_WEAK
    readiness = (
        f" · readiness {stats.readiness:.0%} (from {stats.readiness_cover:.0%} of the exam)"
        if stats.readiness is not None
        else ""
    )
    blocks += [
        divider(),
        section(
            f"*Your statistics* — {plural(stats.answered, 'answer')} to revealed "
            f"questions{readiness}\n" + "\n".join(domain_line(d) for d in stats.domains)
        ),
        section(f"*Weak sections*\n{weak}"),
        divider(),
        section(
            f"*Next question* {local_time(group.next_post_at)} in <#{group.settings.channel_id}>"
            f" · reveal {local_time(group.next_reveal_at, '{time}')}"
        ),
        context(MORE),
    ]
    return {"type": "home", "blocks": blocks}
