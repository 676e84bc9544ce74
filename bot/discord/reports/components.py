"""Problem reports: the 🚩 button under a reveal, its reasons and form, and the organisers'
paged list."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.discord.context import bot_of
from bot.discord.miss_tags.components import MyResultButton
from bot.discord.replies import friendly, in_time, modal_values, reply_private, require_organiser
from bot.discord.reports.render import report_pages
from bot.discord.ui import page_button, static_view
from bot.services.reports import REASONS


class ReportButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.REPORT.template,
):
    """On the reveal: report a problem with the question."""

    def __init__(self, daily_id: int) -> None:
        self.daily_id = daily_id
        super().__init__(
            discord.ui.Button(
                label="Report a problem",
                style=discord.ButtonStyle.secondary,
                emoji="🚩",
                custom_id=custom_ids.REPORT.build(daily=daily_id),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportButton:
        return cls(int(match["daily"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await choose_report_reason(interaction, self.daily_id)


class ReportReasonButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.REPORT_REASON.template,
):
    def __init__(self, daily_id: int, reason: str) -> None:
        self.daily_id = daily_id
        self.reason = reason
        super().__init__(
            discord.ui.Button(
                label=REASONS.get(reason, reason),
                style=discord.ButtonStyle.secondary,
                custom_id=custom_ids.REPORT_REASON.build(daily=daily_id, reason=reason),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportReasonButton:
        return cls(int(match["daily"]), match["reason"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await open_report_modal(interaction, self.daily_id, self.reason)


class ReportsPageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=custom_ids.REPORTS_PAGE.template,
):
    """Previous/next page of ``/reports list`` (organisers; re-checked on every click)."""

    def __init__(self, page: int, label: str, disabled: bool = False) -> None:
        self.page = page
        super().__init__(
            page_button(custom_ids.REPORTS_PAGE.build(page=page, label=label), label, disabled)
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportsPageButton:
        return cls(int(match["page"]), match["label"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await reports_page(interaction, self.page)


def reveal_view(daily_id: int) -> discord.ui.View:
    view = static_view()
    view.add_item(MyResultButton(daily_id))
    view.add_item(ReportButton(daily_id))
    return view


def report_reasons_view(daily_id: int) -> discord.ui.View:
    view = static_view()
    for reason in REASONS:
        view.add_item(ReportReasonButton(daily_id, reason))
    return view


def report_modal(daily_id: int, reason: str) -> discord.ui.Modal:
    """Optional details for a report; handled by custom id like the reasoning form."""
    modal = discord.ui.Modal(
        title=f"Report: {REASONS.get(reason, reason)}"[:45],
        custom_id=custom_ids.REPORT_FORM.build(daily=daily_id, reason=reason),
        timeout=None,
    )
    modal.add_item(
        discord.ui.TextInput(
            label="What is wrong? (optional)",
            style=discord.TextStyle.paragraph,
            custom_id="details",
            max_length=500,
            required=False,
            placeholder="e.g. option C is also right because…",
        )
    )
    return modal


def reports_view(page: int, pages: int) -> discord.ui.View | None:
    """Previous/Next under a page of ``/reports list``; none when everything fits one page."""
    if pages <= 1:
        return None
    view = static_view()
    view.add_item(ReportsPageButton(max(page - 1, 0), "p", disabled=page == 0))
    view.add_item(ReportsPageButton(min(page + 1, pages - 1), "n", disabled=page >= pages - 1))
    return view


@friendly
async def choose_report_reason(interaction: discord.Interaction, daily_id: int) -> None:
    await interaction.response.send_message(
        "What is wrong with this question? Organisers see your report in `/reports`.",
        ephemeral=True,
        view=report_reasons_view(daily_id),
    )


@friendly
async def open_report_modal(interaction: discord.Interaction, daily_id: int, reason: str) -> None:
    modal = report_modal(daily_id, reason)
    await interaction.response.send_modal(modal)
    modal.stop()  # handled by custom id (``bot.discord.registry``)


@friendly
async def submit_report(interaction: discord.Interaction, daily_id: int, reason: str) -> None:
    bot = bot_of(interaction)
    report = await in_time(
        interaction,
        bot.services.reports.file(
            guild_id=str(interaction.guild_id),
            user_id=str(interaction.user.id),
            display_name=interaction.user.display_name,
            daily_id=daily_id,
            reason=reason,
            details=modal_values(interaction.data).get("details", ""),
            now=bot.services.clock.now(),
        ),
    )
    await reply_private(
        interaction,
        f"Thank you: reported **{report.reason_label}** on `{report.question_id}` "
        f"(report #{report.id}). Organisers see it in `/reports`.",
    )


async def send_reports(interaction: discord.Interaction, page: int, edit: bool) -> None:
    """A page of the open reports (organisers only), with Previous/Next when there are more."""
    require_organiser(interaction, "see the reports")
    bot = bot_of(interaction)
    reports = await bot.services.reports.open_reports(str(interaction.guild_id))
    pages = report_pages(reports, await bot.services.items.flagged(bot.services.clock.now()))
    page = min(page, len(pages) - 1)  # reports resolved since the last page was shown
    view = reports_view(page, len(pages))
    if edit:
        await interaction.response.edit_message(embed=pages[page], view=view)
    else:
        await reply_private(interaction, "", embed=pages[page], view=view)


@friendly
async def reports_page(interaction: discord.Interaction, page: int) -> None:
    await send_reports(interaction, page, edit=True)
