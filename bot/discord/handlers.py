"""Interaction handlers: parse, call one service, render. Errors become private messages."""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import discord

from bot.core.errors import AnsweringClosed, InvalidInput, NotAllowed, UserFacingError
from bot.core.text import plural
from bot.discord import embeds

if TYPE_CHECKING:
    from bot.discord.client import StudyBot

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
# Discord refuses an interaction not acknowledged within 3 s of its creation; the member then
# sees "This interaction failed". Work still busy after this long (a slow database) is
# acknowledged first, leaving time for the acknowledgement's own trip to Discord.
ACKNOWLEDGE_AFTER = 1.5
ALREADY_ACKNOWLEDGED = 40060  # Discord: "Interaction has already been acknowledged"
GENERIC_FAILURE = (
    "Something went wrong on my side (not anything you did). Nothing was lost; "
    "please try again in a minute."
)


def bot_of(interaction: discord.Interaction) -> StudyBot:
    return interaction.client  # type: ignore[return-value]


async def reply_private(
    interaction: discord.Interaction,
    content: str,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """An ephemeral reply, whether or not the interaction was answered or deferred yet
    (also when ``acknowledge_when_slow`` defers it at the same moment)."""
    kwargs: dict[str, Any] = {"content": content, "ephemeral": True}
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    if not interaction.response.is_done():
        try:
            await interaction.response.send_message(**kwargs)
            return
        except discord.HTTPException as error:
            if error.code != ALREADY_ACKNOWLEDGED:
                raise
    await interaction.followup.send(**kwargs)


async def acknowledge(interaction: discord.Interaction, *, update: bool = False) -> None:
    """Acknowledge the interaction unless it is already: privately ("thinking…", answered
    later with ``reply_private``), or with ``update`` as a pending edit of the message the
    component sits on (``edit_private``). Losing a race with a reply is fine."""
    if interaction.response.is_done():
        return
    try:
        if update:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
    except discord.HTTPException as error:  # the reply got there first
        if error.code != ALREADY_ACKNOWLEDGED:
            raise


async def acknowledge_when_slow(interaction: discord.Interaction) -> None:
    """Run beside a slash command: if it has not answered after ``ACKNOWLEDGE_AFTER``
    (a slow database), acknowledge it privately so that its answer is never too late."""
    await asyncio.sleep(ACKNOWLEDGE_AFTER)
    await acknowledge(interaction)


async def in_time(
    interaction: discord.Interaction, work: Awaitable[T], *, update: bool = False
) -> T:
    """The result of ``work``; when it takes longer than ``ACKNOWLEDGE_AFTER`` the
    interaction is acknowledged first (see ``acknowledge``), so the reply that follows
    never comes too late."""
    task = asyncio.ensure_future(work)
    done, _pending = await asyncio.wait({task}, timeout=ACKNOWLEDGE_AFTER)
    if not done:
        await acknowledge(interaction, update=update)
    return await task


async def edit_private(interaction: discord.Interaction, **kwargs: Any) -> None:
    """Edit the (private) message a component sits on, whether or not the edit was
    deferred by ``in_time``."""
    if interaction.response.is_done():
        await interaction.edit_original_response(**kwargs)
    else:
        await interaction.response.edit_message(**kwargs)


def require_organiser(interaction: discord.Interaction, action: str) -> None:
    """Server-side check: default permissions only hide commands, they do not protect them
    (a server's Integrations settings can open any command to anyone)."""
    permissions = interaction.permissions
    if not (permissions.manage_guild or permissions.administrator):
        raise NotAllowed(
            f"Only organisers (members with the Manage Server permission) can {action}."
        )


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """The one place that turns an error into what the member sees."""
    embed = None
    if isinstance(error, AnsweringClosed):
        text = error.message
        if error.reveal_link and interaction.guild_id:
            channel_id, message_id = error.reveal_link.split("/")
            link = embeds.message_link(str(interaction.guild_id), channel_id, message_id)
            text += f" See the answer and the discussion here: {link}"
    elif isinstance(error, UserFacingError):
        text = error.message
        if isinstance(error, InvalidInput) and error.echo:
            embed = discord.Embed(title="Your text", description=error.echo)
    else:
        log.error("unhandled error in interaction", exc_info=error)
        text = GENERIC_FAILURE
    try:
        await reply_private(interaction, text, embed=embed)
    except discord.HTTPException:
        log.warning("could not tell the member about an error", exc_info=True)


def friendly(
    handler: Callable[Concatenate[discord.Interaction, P], Awaitable[None]],
) -> Callable[Concatenate[discord.Interaction, P], Awaitable[None]]:
    """Run a component handler; any error becomes a private, friendly message."""

    @functools.wraps(handler)
    async def wrapper(interaction: discord.Interaction, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await handler(interaction, *args, **kwargs)
        except Exception as error:
            await report_error(interaction, error)

    return wrapper


@friendly
async def answer(interaction: discord.Interaction, daily_id: int, letters: list[str]) -> None:
    bot = bot_of(interaction)
    receipt = await in_time(
        interaction,
        bot.services.daily.record_answer(
            guild_id=str(interaction.guild_id),
            user_id=str(interaction.user.id),
            display_name=interaction.user.display_name,
            daily_id=daily_id,
            letters=letters,
            now=bot.services.clock.now(),
        ),
    )
    from bot.discord.views import receipt_view

    await reply_private(
        interaction,
        embeds.answer_confirmation(receipt),
        view=receipt_view(daily_id, receipt.has_reasoning, receipt.quote_anonymously),
    )
    bot.services.metrics.answers.inc()
    bot.counts.refresh(daily_id)


@friendly
async def open_reasoning_modal(interaction: discord.Interaction, daily_id: int) -> None:
    from bot.discord.views import reasoning_modal

    bot = bot_of(interaction)
    # A form must be the first answer to the click, so it cannot wait for a slow database:
    # the check that answering is still open is skipped then (the submission checks again).
    check = asyncio.ensure_future(
        bot.services.daily.ensure_open(
            str(interaction.guild_id), daily_id, bot.services.clock.now()
        )
    )
    done, _pending = await asyncio.wait({check}, timeout=ACKNOWLEDGE_AFTER)
    if done:
        check.result()
    else:  # left to finish on its own (cancelling could break its database connection)
        check.add_done_callback(lambda late: late.cancelled() or late.exception())
    modal = reasoning_modal(daily_id)
    await interaction.response.send_modal(modal)
    # The submission is handled by custom id in ``on_modal_submit``, also after a restart,
    # so the in-memory modal must not handle it a second time.
    modal.stop()


@friendly
async def set_quote_anonymously(
    interaction: discord.Interaction, daily_id: int, anonymous: bool
) -> None:
    bot = bot_of(interaction)
    await in_time(
        interaction,
        bot.services.daily.set_quote_anonymously(
            str(interaction.user.id),
            interaction.user.display_name,
            anonymous,
            bot.services.clock.now(),
        ),
    )
    from bot.discord.views import receipt_view

    text = (
        "From now on your reasoning is quoted **anonymously** at reveals."
        if anonymous
        else "From now on your reasoning is quoted **with your name** at reveals."
    )
    await reply_private(interaction, text, view=receipt_view(daily_id, True, anonymous))


def modal_values(data: Any) -> dict[str, str]:
    """Text values of a modal submission by custom id (classic rows and labels alike)."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "custom_id" in node and "value" in node:
                found[str(node["custom_id"])] = str(node["value"])
            for key in ("components", "component"):
                if key in node:
                    walk(node[key])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(data.get("components", []) if isinstance(data, dict) else [])
    return found


@friendly
async def submit_reasoning(interaction: discord.Interaction, daily_id: int) -> None:
    bot = bot_of(interaction)
    values = modal_values(interaction.data)
    receipt = await in_time(
        interaction,
        bot.services.daily.add_reasoning(
            guild_id=str(interaction.guild_id),
            user_id=str(interaction.user.id),
            daily_id=daily_id,
            reasoning=values.get("reasoning", ""),
            confidence=values.get("confidence", ""),
            now=bot.services.clock.now(),
        ),
    )
    from bot.discord.views import receipt_view

    confidence = values.get("confidence", "").strip()
    await reply_private(
        interaction,
        embeds.reasoning_saved(receipt, int(confidence) if confidence else None),
        view=receipt_view(daily_id, True, receipt.quote_anonymously),
    )


@friendly
async def choose_report_reason(interaction: discord.Interaction, daily_id: int) -> None:
    from bot.discord.views import report_reasons_view

    await interaction.response.send_message(
        "What is wrong with this question? Organisers see your report in `/reports`.",
        ephemeral=True,
        view=report_reasons_view(daily_id),
    )


@friendly
async def open_report_modal(interaction: discord.Interaction, daily_id: int, reason: str) -> None:
    from bot.discord.views import report_modal

    modal = report_modal(daily_id, reason)
    await interaction.response.send_modal(modal)
    modal.stop()  # handled by custom id in ``on_modal_submit``


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
    from bot.discord.views import reports_view

    require_organiser(interaction, "see the reports")
    bot = bot_of(interaction)
    pages = embeds.report_pages(await bot.services.reports.open_reports(str(interaction.guild_id)))
    page = min(page, len(pages) - 1)  # reports resolved since the last page was shown
    view = reports_view(page, len(pages))
    if edit:
        await interaction.response.edit_message(embed=pages[page], view=view)
    else:
        await reply_private(interaction, "", embed=pages[page], view=view)


@friendly
async def reports_page(interaction: discord.Interaction, page: int) -> None:
    await send_reports(interaction, page, edit=True)


async def send_review(interaction: discord.Interaction) -> None:
    """The member's next due review card, or word that nothing is due."""
    from bot.discord.views import review_view

    bot = bot_of(interaction)
    item = await in_time(
        interaction,
        bot.services.review.next_due(str(interaction.user.id), bot.services.clock.now()),
    )
    if item is None:
        await reply_private(
            interaction,
            "Nothing to review right now 🎉 Missed questions (and "
            "ones you got right but were unsure of) come back here on a spaced "
            "schedule.",
        )
        return
    await reply_private(
        interaction,
        "",
        embed=embeds.review_embed(item),
        view=review_view(item.card_id, item.question.letters, item.question.choose),
    )


@friendly
async def review_answer(interaction: discord.Interaction, card_id: int, letters: list[str]) -> None:
    from bot.discord.views import next_review_view

    bot = bot_of(interaction)
    result = await in_time(
        interaction,
        bot.services.review.answer(
            str(interaction.user.id), card_id, letters, bot.services.clock.now()
        ),
    )
    await reply_private(
        interaction,
        "",
        embed=embeds.review_feedback(result),
        view=next_review_view() if result.remaining_due else None,
    )


@friendly
async def review_next(interaction: discord.Interaction) -> None:
    await send_review(interaction)


async def send_mistakes(
    interaction: discord.Interaction, index: int, domain: str | None, edit: bool
) -> None:
    from bot.discord.views import mistakes_view

    bot = bot_of(interaction)
    mistakes = await in_time(
        interaction,
        bot.services.mistakes.mistakes(str(interaction.guild_id), str(interaction.user.id), domain),
        update=edit,
    )
    if not mistakes:
        await reply_private(
            interaction,
            "No mistakes in your notebook" + (" for that section" if domain else "") + " yet.",
        )
        return
    index = min(index, len(mistakes) - 1)
    mistake = mistakes[index]
    embed = embeds.mistake_embed(
        mistake, index, len(mistakes), bot.services.bank.exam.domain(mistake.question.domain).name
    )
    view = mistakes_view(index, len(mistakes), domain)
    if edit:
        await edit_private(interaction, embed=embed, view=view)
    else:
        await reply_private(interaction, "", embed=embed, view=view)


@friendly
async def mistakes_page(interaction: discord.Interaction, index: int, domain: str | None) -> None:
    await send_mistakes(interaction, index, domain, edit=True)


@friendly
async def forget_confirmed(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    forgotten = await in_time(interaction, bot.services.privacy.forget(str(interaction.user.id)))
    redrawn = (
        f" Your name, pick and reasoning are being removed from "
        f"{plural(len(forgotten.reveals), 'posted reveal')}."
        if forgotten.reveals
        else ""
    )
    await reply_private(
        interaction,
        f"Done: everything stored about you is deleted "
        f"({plural(forgotten.rows, 'record')}).{redrawn} If you answer again, you "
        "start afresh.",
    )
    for daily_id in forgotten.reveals:
        card = await bot.services.daily.reveal_card(daily_id)
        if card is not None:
            await bot.publisher.redraw_reveal(card)


async def _show_exam(interaction: discord.Interaction, outcome: object, edit: bool) -> None:
    """Render an attempt, a submit check or a result, editing the private message in place."""
    from bot.discord import views
    from bot.services.mock import AttemptView, ResultView, ReviewStep

    if isinstance(outcome, AttemptView):
        embed, view = embeds.attempt_embed(outcome), views.attempt_view(outcome)
    elif isinstance(outcome, ResultView):
        embed, view = embeds.result_embed(outcome), views.result_view(outcome.attempt_id)
    elif isinstance(outcome, ReviewStep):
        embed, view = embeds.review_step_embed(outcome), views.review_step_view(outcome)
    else:
        raise TypeError(outcome)
    if edit:
        await edit_private(interaction, content=None, embed=embed, view=view)
    else:
        await reply_private(interaction, "", embed=embed, view=view)


@friendly
async def mock_start(interaction: discord.Interaction, mock_id: int) -> None:
    bot = bot_of(interaction)
    outcome = await in_time(
        interaction,
        bot.services.mocks.start(
            str(interaction.guild_id),
            str(interaction.user.id),
            interaction.user.display_name,
            mock_id,
            bot.services.clock.now(),
        ),
    )
    await _show_exam(interaction, outcome, edit=False)


@friendly
async def mock_action(
    interaction: discord.Interaction, attempt_id: int, action: str, arg: int, letters: list[str]
) -> None:
    from bot.discord import views

    bot = bot_of(interaction)
    mocks, now, user = bot.services.mocks, bot.services.clock.now(), str(interaction.user.id)
    if action in ("rv", "rp", "rn"):
        step = await in_time(interaction, mocks.review(user, attempt_id, arg), update=True)
        await _show_exam(interaction, step, edit=True)
        return
    if action == "rs":
        result = await in_time(interaction, mocks.results(user, attempt_id), update=True)
        await _show_exam(interaction, result, edit=True)
        return
    goto = dict.fromkeys(("g", "p", "n", "r", "b", "s"), "goto")
    named = {"a": "answer", "f": "flag", "sc": "submit", **goto}
    if action not in named:
        raise InvalidInput(["That button is not one of the exam's."])
    outcome = await in_time(
        interaction, mocks.act(user, attempt_id, named[action], arg, letters, now), update=True
    )
    if action == "s":
        from bot.services.mock import AttemptView

        assert isinstance(outcome, AttemptView)
        await edit_private(
            interaction,
            embed=embeds.submit_check_embed(outcome),
            view=views.submit_check_view(outcome),
        )
        return
    await _show_exam(interaction, outcome, edit=True)


_MODAL_ROUTES = (
    (re.compile(r"sb:whym:(\d{1,9})"), lambda i, m: submit_reasoning(i, int(m[1]))),
    (
        re.compile(r"sb:repm:(\d{1,9}):([a-z-]{1,16})"),
        lambda i, m: submit_report(i, int(m[1]), m[2]),
    ),
)


async def on_modal_submit(interaction: discord.Interaction) -> bool:
    """Route our modal submissions by custom id; False when the modal is not ours."""
    data: Any = interaction.data or {}
    custom_id = str(data.get("custom_id", ""))
    for pattern, route in _MODAL_ROUTES:
        match = pattern.fullmatch(custom_id)
        if match:
            await route(interaction, match)
            return True
    return False
