"""Persistent components. Custom ids encode what they act on; every action is re-checked
on the server (the question's server, whether it is still open), so a crafted id gains
nothing. Registered at start-up, they keep working after a restart.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord import handlers
from bot.discord.embeds import message_link
from bot.services.daily import QuestionCard
from bot.services.mock import AttemptView, ReviewStep
from bot.services.reports import REASONS


def static_view() -> discord.ui.View:
    """A view of persistent items only (and links): a click reaches the client's registry of
    dynamic items whatever message it is on, also after a restart, so discord.py need not keep
    the view itself. Stopping it up front spares a stored view per message and, for every
    private reply, a 15-minute timer (500 of them after a burst of answers)."""
    view = discord.ui.View(timeout=None)
    view.stop()
    return view


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:ans:(?P<daily>[0-9]{1,9}):(?P<letter>[A-E])",
):
    def __init__(self, daily_id: int, letter: str, disabled: bool = False) -> None:
        self.daily_id = daily_id
        self.letter = letter
        super().__init__(
            discord.ui.Button(
                label=letter,
                style=discord.ButtonStyle.primary,
                custom_id=f"sb:ans:{daily_id}:{letter}",
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerButton:
        return cls(int(match["daily"]), match["letter"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.answer(interaction, self.daily_id, [self.letter])


class AnswerSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"sb:multi:(?P<daily>[0-9]{1,9})",
):
    def __init__(
        self,
        daily_id: int,
        letters: list[str] | None = None,
        choose: int = 2,
        disabled: bool = False,
    ) -> None:
        self.daily_id = daily_id
        letters = letters or list("ABCDE")
        super().__init__(
            discord.ui.Select(
                custom_id=f"sb:multi:{daily_id}",
                placeholder=f"Choose {choose} answers…",
                min_values=choose,
                max_values=choose,
                options=[discord.SelectOption(label=f"Option {x}", value=x) for x in letters],
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerSelect:
        return cls(int(match["daily"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        data: Any = interaction.data or {}
        values = [str(v) for v in data.get("values", [])]
        await handlers.answer(interaction, self.daily_id, values)


class ReasoningButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:why:(?P<daily>[0-9]{1,9})",
):
    def __init__(self, daily_id: int, has_reasoning: bool = False) -> None:
        self.daily_id = daily_id
        super().__init__(
            discord.ui.Button(
                label="Edit reasoning" if has_reasoning else "Add reasoning",
                style=discord.ButtonStyle.success,
                emoji="✍️",
                custom_id=f"sb:why:{daily_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReasoningButton:
        return cls(int(match["daily"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.open_reasoning_modal(interaction, self.daily_id)


class QuoteToggle(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:anon:(?P<daily>[0-9]{1,9}):(?P<anonymous>[01])",
):
    """Switches how the member's reasoning is quoted at reveals (a member-wide choice)."""

    def __init__(self, daily_id: int, currently_anonymous: bool) -> None:
        self.daily_id = daily_id
        self.make_anonymous = not currently_anonymous
        label = "Quote me by name" if currently_anonymous else "Quote me anonymously"
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"sb:anon:{daily_id}:{int(self.make_anonymous)}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> QuoteToggle:
        return cls(int(match["daily"]), currently_anonymous=match["anonymous"] == "0")

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.set_quote_anonymously(interaction, self.daily_id, self.make_anonymous)


class ReportButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:report:(?P<daily>[0-9]{1,9})",
):
    """On the reveal: report a problem with the question."""

    def __init__(self, daily_id: int) -> None:
        self.daily_id = daily_id
        super().__init__(
            discord.ui.Button(
                label="Report a problem",
                style=discord.ButtonStyle.secondary,
                emoji="🚩",
                custom_id=f"sb:report:{daily_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportButton:
        return cls(int(match["daily"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.choose_report_reason(interaction, self.daily_id)


class ReportReasonButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:rep:(?P<daily>[0-9]{1,9}):(?P<reason>[a-z-]{1,16})",
):
    def __init__(self, daily_id: int, reason: str) -> None:
        self.daily_id = daily_id
        self.reason = reason
        super().__init__(
            discord.ui.Button(
                label=REASONS.get(reason, reason),
                style=discord.ButtonStyle.secondary,
                custom_id=f"sb:rep:{daily_id}:{reason}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportReasonButton:
        return cls(int(match["daily"]), match["reason"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.open_report_modal(interaction, self.daily_id, self.reason)


class ReviewAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:rev:(?P<card>[0-9]{1,9}):(?P<letter>[A-E])",
):
    def __init__(self, card_id: int, letter: str) -> None:
        self.card_id = card_id
        self.letter = letter
        super().__init__(
            discord.ui.Button(
                label=letter,
                style=discord.ButtonStyle.primary,
                custom_id=f"sb:rev:{card_id}:{letter}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewAnswerButton:
        return cls(int(match["card"]), match["letter"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.review_answer(interaction, self.card_id, [self.letter])


class ReviewAnswerSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"sb:revm:(?P<card>[0-9]{1,9})",
):
    def __init__(self, card_id: int, letters: list[str] | None = None, choose: int = 2) -> None:
        self.card_id = card_id
        super().__init__(
            discord.ui.Select(
                custom_id=f"sb:revm:{card_id}",
                placeholder=f"Choose {choose} answers…",
                min_values=choose,
                max_values=choose,
                options=[
                    discord.SelectOption(label=f"Option {x}", value=x)
                    for x in (letters or list("ABCDE"))
                ],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewAnswerSelect:
        return cls(int(match["card"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        data: Any = interaction.data or {}
        await handlers.review_answer(
            interaction, self.card_id, [str(v) for v in data.get("values", [])]
        )


class ReviewNextButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"sb:revnext"):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Next card", style=discord.ButtonStyle.success, custom_id="sb:revnext"
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewNextButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.review_next(interaction)


class MistakePageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:mist:(?P<index>[0-9]{1,6}):(?P<domain>[a-z0-9-]{1,40}):(?P<label>[pn])",
):
    """Previous/next in the member's own notebook (it always shows the clicker's own)."""

    def __init__(self, index: int, domain: str, label: str, disabled: bool = False) -> None:
        self.index = index
        self.domain = domain
        super().__init__(_page_button(f"sb:mist:{index}:{domain}:{label}", label, disabled))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MistakePageButton:
        return cls(int(match["index"]), match["domain"], match["label"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.mistakes_page(
            interaction, self.index, None if self.domain == "all" else self.domain
        )


class ReportsPageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:reps:(?P<page>[0-9]{1,4}):(?P<label>[pn])",
):
    """Previous/next page of ``/reports list`` (organisers; re-checked on every click)."""

    def __init__(self, page: int, label: str, disabled: bool = False) -> None:
        self.page = page
        super().__init__(_page_button(f"sb:reps:{page}:{label}", label, disabled))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportsPageButton:
        return cls(int(match["page"]), match["label"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.reports_page(interaction, self.page)


def _page_button(custom_id: str, label: str, disabled: bool) -> discord.ui.Button[Any]:
    """A "◀ Previous" (``p``) or "Next ▶" (``n``) button of a paged private message."""
    return discord.ui.Button(
        label="◀ Previous" if label == "p" else "Next ▶",
        style=discord.ButtonStyle.secondary,
        disabled=disabled,
        custom_id=custom_id,
    )


class ForgetButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"sb:forget:yes"):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Yes, delete everything",
                style=discord.ButtonStyle.danger,
                custom_id="sb:forget:yes",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ForgetButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.forget_confirmed(interaction)


def review_view(card_id: int, letters: list[str], choose: int) -> discord.ui.View:
    view = static_view()
    if choose == 1:
        for letter in letters:
            view.add_item(ReviewAnswerButton(card_id, letter))
    else:
        view.add_item(ReviewAnswerSelect(card_id, letters, choose))
    return view


def next_review_view() -> discord.ui.View:
    view = static_view()
    view.add_item(ReviewNextButton())
    return view


def mistakes_view(index: int, total: int, domain: str | None) -> discord.ui.View:
    view = static_view()
    key = domain or "all"
    view.add_item(MistakePageButton(max(index - 1, 0), key, "p", disabled=index == 0))
    view.add_item(
        MistakePageButton(min(index + 1, total - 1), key, "n", disabled=index >= total - 1)
    )
    return view


def reports_view(page: int, pages: int) -> discord.ui.View | None:
    """Previous/Next under a page of ``/reports list``; none when everything fits one page."""
    if pages <= 1:
        return None
    view = static_view()
    view.add_item(ReportsPageButton(max(page - 1, 0), "p", disabled=page == 0))
    view.add_item(ReportsPageButton(min(page + 1, pages - 1), "n", disabled=page >= pages - 1))
    return view


def forget_view() -> discord.ui.View:
    view = static_view()
    view.add_item(ForgetButton())
    return view


class MockStartButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"sb:mock:(?P<mock>[0-9]{1,9})"
):
    """On the mock-night post: start, or resume exactly where you were, or see results."""

    def __init__(self, mock_id: int) -> None:
        self.mock_id = mock_id
        super().__init__(
            discord.ui.Button(
                label="Start my exam / Resume",
                style=discord.ButtonStyle.success,
                emoji="📝",
                custom_id=f"sb:mock:{mock_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MockStartButton:
        return cls(int(match["mock"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.mock_start(interaction, self.mock_id)


class MockButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"sb:mx:(?P<attempt>[0-9]{1,9}):(?P<action>[a-z]{1,2}):(?P<arg>[0-9]{1,3})"
    r"(?::(?P<letter>[A-E]))?",
):
    """Every button of a private exam: answer, flag, go to, submit, review, results."""

    def __init__(
        self,
        attempt_id: int,
        action: str,
        arg: int,
        label: str,
        letter: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        disabled: bool = False,
        row: int | None = None,
    ) -> None:
        self.attempt_id, self.action, self.arg, self.letter = attempt_id, action, arg, letter
        suffix = f":{letter}" if letter else ""
        super().__init__(
            discord.ui.Button(
                label=label,
                style=style,
                disabled=disabled,
                row=row,
                custom_id=f"sb:mx:{attempt_id}:{action}:{arg}{suffix}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MockButton:
        return cls(int(match["attempt"]), match["action"], int(match["arg"]), "·", match["letter"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers.mock_action(
            interaction,
            self.attempt_id,
            self.action,
            self.arg,
            [self.letter] if self.letter else [],
        )


class MockSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"sb:mxs:(?P<attempt>[0-9]{1,9}):(?P<kind>[mj]):(?P<arg>[0-9]{1,3})",
):
    """A select in a private exam: several answers (m) or jump to a question (j)."""

    def __init__(
        self,
        attempt_id: int,
        kind: str,
        arg: int,
        options: list[discord.SelectOption] | None = None,
        choose: int = 1,
        placeholder: str = "…",
        row: int | None = None,
    ) -> None:
        self.attempt_id, self.kind, self.arg = attempt_id, kind, arg
        super().__init__(
            discord.ui.Select(
                custom_id=f"sb:mxs:{attempt_id}:{kind}:{arg}",
                placeholder=placeholder,
                min_values=choose,
                max_values=choose,
                row=row,
                options=options or [discord.SelectOption(label="·", value="1")],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MockSelect:
        return cls(int(match["attempt"]), match["kind"], int(match["arg"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        data: Any = interaction.data or {}
        values = [str(v) for v in data.get("values", [])]
        if self.kind == "m":
            await handlers.mock_action(interaction, self.attempt_id, "a", self.arg, values)
        else:
            target = int(values[0]) if values and values[0].isdigit() else self.arg
            await handlers.mock_action(interaction, self.attempt_id, "g", target, [])


def mock_start_view(mock_id: int) -> discord.ui.View:
    view = static_view()
    view.add_item(MockStartButton(mock_id))
    return view


def attempt_view(v: AttemptView) -> discord.ui.View:
    """Answer buttons, navigation, flag, jump and submit for one question of an attempt."""
    view = static_view()
    q, a = v.question, v.attempt_id
    if q.choose == 1:
        for letter in q.letters:
            chosen = v.pick == letter
            view.add_item(
                MockButton(
                    a,
                    "a",
                    v.position,
                    letter,
                    letter,
                    discord.ButtonStyle.success if chosen else discord.ButtonStyle.primary,
                    row=0,
                )
            )
    else:
        view.add_item(
            MockSelect(
                a,
                "m",
                v.position,
                [
                    discord.SelectOption(
                        label=f"Option {x}",
                        value=x,
                        default=bool(v.pick and x in v.pick.split(",")),
                    )
                    for x in q.letters
                ],
                choose=q.choose,
                placeholder=f"Choose {q.choose} answers…",
                row=0,
            )
        )
    next_flagged = next(
        (p for p in v.flagged_positions if p > v.position),
        v.flagged_positions[0] if v.flagged_positions else 0,
    )
    view.add_item(
        MockButton(a, "p", max(v.position - 1, 1), "◀ Previous", disabled=v.position == 1, row=1)
    )
    view.add_item(MockButton(a, "f", v.position, "Unflag" if v.flagged else "🚩 Flag", row=1))
    view.add_item(
        MockButton(
            a, "n", min(v.position + 1, v.total), "Next ▶", disabled=v.position == v.total, row=1
        )
    )
    view.add_item(
        MockButton(
            a, "r", next_flagged or v.position, "Review flagged", disabled=not next_flagged, row=1
        )
    )
    view.add_item(
        MockButton(a, "s", v.position, "Submit…", style=discord.ButtonStyle.danger, row=1)
    )
    first = min(max(v.position - 12, 1), max(v.total - 24, 1))
    options = []
    for p in range(first, min(first + 25, v.total + 1)):
        state = "🚩" if p in v.flagged_positions else ("·" if p in v.unanswered_positions else "✓")
        options.append(
            discord.SelectOption(
                label=f"Question {p} {state}", value=str(p), default=p == v.position
            )
        )
    view.add_item(MockSelect(a, "j", v.position, options, placeholder="Jump to a question…", row=2))
    return view


def submit_check_view(v: AttemptView) -> discord.ui.View:
    view = static_view()
    view.add_item(
        MockButton(v.attempt_id, "sc", v.position, "Submit now", style=discord.ButtonStyle.danger)
    )
    view.add_item(MockButton(v.attempt_id, "b", v.position, "Back to the exam"))
    return view


def result_view(attempt_id: int) -> discord.ui.View:
    view = static_view()
    view.add_item(
        MockButton(attempt_id, "rv", 1, "Review every question", style=discord.ButtonStyle.primary)
    )
    return view


def review_step_view(step: ReviewStep) -> discord.ui.View:
    view = static_view()
    a = step.attempt_id
    view.add_item(
        MockButton(a, "rp", max(step.position - 1, 1), "◀ Previous", disabled=step.position == 1)
    )
    view.add_item(
        MockButton(
            a,
            "rn",
            min(step.position + 1, step.total),
            "Next ▶",
            disabled=step.position == step.total,
        )
    )
    view.add_item(MockButton(a, "rs", 0, "Results"))
    return view


PERSISTENT_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    MockStartButton,
    MockButton,
    MockSelect,
    ReviewAnswerButton,
    ReviewAnswerSelect,
    ReviewNextButton,
    MistakePageButton,
    ReportsPageButton,
    ForgetButton,
    AnswerButton,
    AnswerSelect,
    ReasoningButton,
    QuoteToggle,
    ReportButton,
    ReportReasonButton,
)


def reveal_view(daily_id: int) -> discord.ui.View:
    view = static_view()
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
        custom_id=f"sb:repm:{daily_id}:{reason}",
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


def question_view(card: QuestionCard) -> discord.ui.View:
    """Answer buttons (or a select for several answers); disabled once closed."""
    view = static_view()
    q = card.question
    if q.choose == 1:
        for letter in q.letters:
            view.add_item(AnswerButton(card.daily_id, letter, disabled=card.closed))
    else:
        view.add_item(AnswerSelect(card.daily_id, q.letters, q.choose, disabled=card.closed))
    if card.closed and card.reveal_message_id:
        view.add_item(
            discord.ui.Button(
                label="See the reveal",
                style=discord.ButtonStyle.link,
                url=message_link(card.guild_id, card.reveal_channel_id, card.reveal_message_id),
            )
        )
    return view


def receipt_view(daily_id: int, has_reasoning: bool, anonymous: bool) -> discord.ui.View:
    view = static_view()
    view.add_item(ReasoningButton(daily_id, has_reasoning))
    view.add_item(QuoteToggle(daily_id, anonymous))
    return view


def reasoning_modal(daily_id: int) -> discord.ui.Modal:
    """The reasoning form. Its submission is handled by custom id (see ``handlers``), so a
    form opened before a restart is still accepted after it."""
    modal = discord.ui.Modal(title="Your reasoning", custom_id=f"sb:whym:{daily_id}", timeout=None)
    modal.add_item(
        discord.ui.TextInput(
            label="Why this answer? Which phrase decided it?",
            style=discord.TextStyle.paragraph,
            custom_id="reasoning",
            max_length=1000,
            required=True,
            placeholder="e.g. 'within 100 ms' rules out batch prediction…",
        )
    )
    modal.add_item(
        discord.ui.TextInput(
            label="How sure are you? 1 (guess) to 5 (certain)",
            style=discord.TextStyle.short,
            custom_id="confidence",
            max_length=1,
            required=False,
            placeholder="3",
        )
    )
    return modal
