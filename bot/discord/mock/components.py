"""Mock-exam nights: the start button and every control of a private exam, with handlers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core.errors import InvalidInput
from bot.services.mock import AttemptView, ResultView, ReviewStep

if TYPE_CHECKING:
    pass
from bot.discord.context import bot_of
from bot.discord.mock.render import (
    attempt_embed,
    result_embed,
    review_step_embed,
    submit_check_embed,
)
from bot.discord.replies import edit_private, friendly, in_time, reply_private
from bot.discord.ui import static_view


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
        await mock_start(interaction, self.mock_id)


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
        await mock_action(
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
            await mock_action(interaction, self.attempt_id, "a", self.arg, values)
        else:
            target = int(values[0]) if values and values[0].isdigit() else self.arg
            await mock_action(interaction, self.attempt_id, "g", target, [])


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


async def _show_exam(interaction: discord.Interaction, outcome: object, edit: bool) -> None:
    """Render an attempt, a submit check or a result, editing the private message in place."""
    if isinstance(outcome, AttemptView):
        embed, view = attempt_embed(outcome), attempt_view(outcome)
    elif isinstance(outcome, ResultView):
        embed, view = result_embed(outcome), result_view(outcome.attempt_id)
    elif isinstance(outcome, ReviewStep):
        embed, view = review_step_embed(outcome), review_step_view(outcome)
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
        assert isinstance(outcome, AttemptView)
        await edit_private(
            interaction,
            embed=submit_check_embed(outcome),
            view=submit_check_view(outcome),
        )
        return
    await _show_exam(interaction, outcome, edit=True)
