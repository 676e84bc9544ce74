"""Problem reports on Slack: the *Report a problem* button under a reveal, or the message
shortcut of the same name on a daily question or its reveal, opens a form; organisers page
through the open reports with ``/study reports`` and resolve one with
``/study reports resolve``.

The list names members by display name, never by mention (a mention on Slack notifies)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import InvalidInput, UserFacingError
from bot.core.items import ItemStats
from bot.core.text import plural
from bot.services.reports import MAX_DETAILS, REASONS, ReportView
from bot.slack import ids
from bot.slack.answering import tell
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    escape,
    header,
    local_time,
    option,
    plain,
    section,
)
from bot.slack.errors import field_errors
from bot.slack.modals import values
from bot.slack.router import Call, Router, actor, is_workspace_admin

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

PER_PAGE = 10
MAX_BROKEN_SHOWN = 8  # a page stays well within Slack's 50 blocks
NOT_ORGANISER = (
    "Only organisers see the reports: workspace owners and admins, and members an organiser "
    "added to the group's organisers. Thank you for reporting: they will look at it."
)
NOT_A_QUESTION = (
    "Use *Report a problem* on a daily question or its reveal in the study channel: this "
    "message is neither."
)


def pages_of(reports: list[ReportView]) -> list[list[ReportView]]:
    """The open reports (by question, oldest first) in pages of PER_PAGE; one empty page
    when there are none."""
    return [reports[i : i + PER_PAGE] for i in range(0, len(reports), PER_PAGE)] or [[]]


def broken_blocks(flagged: list[ItemStats]) -> list[Block]:
    """The questions whose answers across all groups make them look broken (item analysis);
    at most MAX_BROKEN_SHOWN, the rest counted."""
    if not flagged:
        return []
    blocks: list[Block] = [
        header(f"Questions that look broken ({len(flagged)})"),
        context(
            "From revealed answers across all groups: strong members do no better than weak "
            "ones, or prefer a wrong option. Check the key and the wording."
        ),
    ]
    for item in flagged[:MAX_BROKEN_SHOWN]:
        reasons = "\n".join(f"• {escape(reason)}" for reason in item.reasons())
        blocks.append(section(f"*🔍 {escape(item.question_id)}* ({item.summary()})\n{reasons}"))
    if len(flagged) > MAX_BROKEN_SHOWN:
        blocks.append(
            context(
                f"and {len(flagged) - MAX_BROKEN_SHOWN} more: `python -m bot content analysis` "
                "exports them all"
            )
        )
    return blocks


def page_blocks(reports: list[ReportView], page: int, flagged: list[ItemStats]) -> list[Block]:
    """A page of the open reports; the first page also lists the questions that look broken."""
    pages = pages_of(reports)
    page = min(max(page, 0), len(pages) - 1)  # reports resolved since the last page
    broken = broken_blocks(flagged) if page == 0 else []
    if not reports:
        return [header("Open reports"), section("No open reports. 🎉"), *broken]
    blocks: list[Block] = [header(f"Open reports ({len(reports)})")]
    per_question: dict[str, int] = {}
    for r in reports:
        per_question[r.question_id] = per_question.get(r.question_id, 0) + 1
    shown: str | None = None
    for r in pages[page]:
        if r.question_id != shown:
            shown = r.question_id
            count = plural(per_question[r.question_id], "open report")
            blocks.append(section(f"*⚠ {escape(r.question_id)}* ({count})"))
        who = escape(r.member_name) if r.member_name else "a member"
        details = f"\n>{escape(r.details)}" if r.details else ""
        blocks.append(
            section(
                f"#{r.id} · *{r.reason_label}* · {who} · "
                f"{local_time(r.created_at, '{date_short_pretty}')}{details}"
            )
        )
    blocks.append(
        context(
            f"Page {page + 1} of {len(pages)} · resolve one with "
            "`/study reports resolve <number> [what you did]`"
        )
    )
    blocks += broken
    if len(pages) > 1:
        moves = []
        if page > 0:
            moves.append(button("◀ Previous", ids.REPORTS_PREVIOUS, str(page - 1)))
        if page < len(pages) - 1:
            moves.append(button("Next ▶", ids.REPORTS_NEXT, str(page + 1)))
        blocks.append(actions(moves, block_id="pages"))
    return blocks


def report_modal(team_id: str, channel_id: str, daily_id: int) -> dict[str, Any]:
    reasons: Block = {
        "type": "static_select",
        "action_id": "reason",
        "placeholder": plain("What is wrong?"),
        "options": [option(label, code) for code, label in REASONS.items()],
    }
    details: Block = {
        "type": "plain_text_input",
        "action_id": "details",
        "multiline": True,
        "max_length": MAX_DETAILS,
        "placeholder": plain("e.g. option C is also right because…"),
    }
    return {
        "type": "modal",
        "callback_id": ids.REPORT_VIEW,
        "private_metadata": json.dumps({"team": team_id, "channel": channel_id, "daily": daily_id}),
        "title": plain("Report a problem"),
        "submit": plain("Report"),
        "close": plain("Cancel"),
        "blocks": [
            section("Organisers see your report in `/study reports`."),
            {"type": "input", "block_id": "reason", "label": plain("Problem"), "element": reasons},
            {
                "type": "input",
                "block_id": "details",
                "label": plain("What is wrong? (optional)"),
                "element": details,
                "optional": True,
            },
        ],
    }


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    services = bot.services

    async def is_organiser(team: str, user: str, client: AsyncWebClient) -> bool:
        if await is_workspace_admin(client, user):
            return True
        return user in await services.groups.organisers("slack", team)

    @router.add(
        "reports",
        "`/study reports [resolve <number> [note]]`",
        "organisers: problems members reported with questions",
    )
    async def reports(call: Call) -> None:
        if not await call.is_organiser():
            await call.reply(NOT_ORGANISER)
            return
        word, _, rest = call.args.partition(" ")
        if word.lower() == "resolve":
            number, _, note = rest.strip().partition(" ")
            if not number.lstrip("#").isdigit():
                raise InvalidInput(
                    ["Give the report's number: `/study reports resolve 12 fixed the key`."]
                )
            report = await services.reports.resolve(
                call.team, int(number.lstrip("#")), note, services.clock.now()
            )
            resolution = f" Note: {escape(report.resolution)}" if report.resolution else ""
            await call.reply(
                f"Report #{report.id} on `{escape(report.question_id)}` is resolved.{resolution}"
            )
            return
        page = int(word) - 1 if word.isdigit() and int(word) > 0 else 0
        found = await services.reports.open_reports(call.team)
        flagged = await services.items.flagged(services.clock.now())
        await call.reply("Open reports", page_blocks(found, page, flagged))

    async def turn_page(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        team, user, _name = actor(bot, body)
        if not await is_organiser(team, user, client):
            await respond(text=NOT_ORGANISER, replace_original=False, response_type="ephemeral")
            return
        found = await services.reports.open_reports(team)
        flagged = await services.items.flagged(services.clock.now())
        await respond(
            text="Open reports",
            blocks=page_blocks(found, int(action["value"]), flagged),
            replace_original=True,
            response_type="ephemeral",
        )

    app.action(ids.REPORTS_PREVIOUS)(turn_page)
    app.action(ids.REPORTS_NEXT)(turn_page)

    @app.action(ids.REPORT)
    async def report_button(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        team, _user, _name = actor(bot, body)
        await client.views_open(
            trigger_id=body["trigger_id"],
            view=report_modal(team, body["channel"]["id"], int(action["value"])),
        )

    @app.shortcut(ids.REPORT_SHORTCUT)
    async def report_shortcut(
        ack: Any, body: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        team, _user, _name = actor(bot, body)
        daily_id = await services.reports.daily_for_message(team, str(body["message_ts"]))
        if daily_id is None:
            await respond(text=NOT_A_QUESTION, response_type="ephemeral")
            return
        await client.views_open(
            trigger_id=body["trigger_id"],
            view=report_modal(team, body["channel"]["id"], daily_id),
        )

    @app.view(ids.REPORT_VIEW)
    async def file_report(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        origin = json.loads(view["private_metadata"])
        _team, user, name = actor(bot, body)
        given = values(view)
        try:
            report = await services.reports.file(
                origin["team"],
                user,
                name,
                int(origin["daily"]),
                given.get("reason") or "",
                given.get("details") or "",
                services.clock.now(),
            )
        except UserFacingError as error:
            errors = field_errors(error, ("reason", "details"), "reason")
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        await tell(
            client,
            origin["channel"],
            user,
            f"Thank you: reported *{report.reason_label}* on `{escape(report.question_id)}` "
            f"(report #{report.id}). Organisers see it in `/study reports`.",
        )
