"""Mock-exam nights: the start button and every control of a private exam, with handlers."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core import custom_ids
from bot.core.attempt import AttemptAction, QuestionStatus, navigation, question_status
from bot.core.custom_ids import (
    MOCK_REVIEW_STEPS,
    MOCK_SERVICE_ACTIONS,
    MockAction,
    MockSelectKind,
)
from bot.core.errors import InvalidInput
from bot.discord.context import bot_of
from bot.discord.miss_tags.components import add_tag_buttons
from bot.discord.mock.render import (
    attempt_embed,
    result_embed,
    review_step_embed,
    submit_check_embed,
)
from bot.discord.replies import edit_private, friendly, in_time, reply_private
from bot.discord.ui import add_answer_controls, letter_options, picked_values, static_view
from bot.services.mock import AttemptView, ResultView, ReviewStep


class MockStartButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=custom_ids.MOCK_START.template
):
    """On the mock-night post: start, or resume exactly where you were, or see results."""

    def __init__(self, mock_id: int) -> None:
        self.mock_id = mock_id
        super().__init__(
            discord.ui.Button(
                label="Start my exam / Resume",
                style=discord.ButtonStyle.success,
                emoji="📝",
                custom_id=custom_ids.MOCK_START.build(mock=mock_id),
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
    template=custom_ids.MOCK_BUTTON.template,
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
        super().__init__(
            discord.ui.Button(
                label=label,
                style=style,
                disabled=disabled,
                row=row,
                custom_id=custom_ids.MOCK_BUTTON.build(
                    attempt=attempt_id, action=action, arg=arg, letter=letter
                ),
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
    template=custom_ids.MOCK_SELECT.template,
):
    """A select in a private exam: several answers, or jump to a question."""

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
                custom_id=custom_ids.MOCK_SELECT.build(attempt=attempt_id, kind=kind, arg=arg),
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
        values = picked_values(interaction)
        if self.kind == MockSelectKind.ANSWERS:
            await mock_action(interaction, self.attempt_id, MockAction.ANSWER, self.arg, values)
        else:
            target = int(values[0]) if values and values[0].isdigit() else self.arg
            await mock_action(interaction, self.attempt_id, MockAction.GOTO, target, [])


# How the jump menu marks each question.
_STATUS_MARKS = {
    QuestionStatus.FLAGGED: "🚩",
    QuestionStatus.UNANSWERED: "·",
    QuestionStatus.ANSWERED: "✓",
}


def mock_start_view(mock_id: int) -> discord.ui.View:
    view = static_view()
    view.add_item(MockStartButton(mock_id))
    return view


def attempt_view(v: AttemptView) -> discord.ui.View:
    """Answer buttons, navigation, flag, jump and submit for one question of an attempt."""
    view = static_view()
    q, a = v.question, v.attempt_id
    add_answer_controls(
        view,
        q.choose,
        q.letters,
        lambda letter: MockButton(
            a,
            MockAction.ANSWER,
            v.position,
            letter,
            letter,
            discord.ButtonStyle.success if v.pick == letter else discord.ButtonStyle.primary,
            row=0,
        ),
        lambda: MockSelect(
            a,
            MockSelectKind.ANSWERS,
            v.position,
            letter_options(q.letters, v.pick.split(",") if v.pick else ()),
            choose=q.choose,
            placeholder=f"Choose {q.choose} answers…",
            row=0,
        ),
    )
    moves = navigation(v.position, v.total, v.flagged_positions)
    view.add_item(
        MockButton(
            a,
            MockAction.PREVIOUS,
            moves.previous or v.position,
            "◀ Previous",
            disabled=moves.previous is None,
            row=1,
        )
    )
    view.add_item(
        MockButton(a, MockAction.FLAG, v.position, "Unflag" if v.flagged else "🚩 Flag", row=1)
    )
    view.add_item(
        MockButton(
            a,
            MockAction.NEXT,
            moves.next or v.position,
            "Next ▶",
            disabled=moves.next is None,
            row=1,
        )
    )
    view.add_item(
        MockButton(
            a,
            MockAction.NEXT_FLAGGED,
            moves.next_flagged or v.position,
            "Review flagged",
            disabled=moves.next_flagged is None,
            row=1,
        )
    )
    view.add_item(
        MockButton(
            a,
            MockAction.SUBMIT_CHECK,
            v.position,
            "Submit…",
            style=discord.ButtonStyle.danger,
            row=1,
        )
    )
    options = []
    for p in moves.jump:
        state = _STATUS_MARKS[question_status(p, v.flagged_positions, v.unanswered_positions)]
        options.append(
            discord.SelectOption(
                label=f"Question {p} {state}", value=str(p), default=p == v.position
            )
        )
    view.add_item(
        MockSelect(
            a, MockSelectKind.JUMP, v.position, options, placeholder="Jump to a question…", row=2
        )
    )
    return view


def submit_check_view(v: AttemptView) -> discord.ui.View:
    view = static_view()
    view.add_item(
        MockButton(
            v.attempt_id,
            MockAction.SUBMIT,
            v.position,
            "Submit now",
            style=discord.ButtonStyle.danger,
        )
    )
    view.add_item(MockButton(v.attempt_id, MockAction.BACK, v.position, "Back to the exam"))
    return view


def result_view(attempt_id: int) -> discord.ui.View:
    view = static_view()
    view.add_item(
        MockButton(
            attempt_id,
            MockAction.REVIEW,
            1,
            "Review every question",
            style=discord.ButtonStyle.primary,
        )
    )
    return view


def review_step_view(step: ReviewStep) -> discord.ui.View:
    view = static_view()
    a = step.attempt_id
    moves = navigation(step.position, step.total, [])
    view.add_item(
        MockButton(
            a,
            MockAction.REVIEW_PREVIOUS,
            moves.previous or step.position,
            "◀ Previous",
            disabled=moves.previous is None,
        )
    )
    view.add_item(
        MockButton(
            a,
            MockAction.REVIEW_NEXT,
            moves.next or step.position,
            "Next ▶",
            disabled=moves.next is None,
        )
    )
    view.add_item(MockButton(a, MockAction.RESULTS, 0, "Results"))
    if step.missed:  # why I missed it, in one click (running out of time included)
        add_tag_buttons(view, step.question.id, True, step.tag, first_row=1)
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
    interaction: discord.Interaction, attempt_id: int, code: str, arg: int, letters: list[str]
) -> None:
    try:
        action = MockAction(code)
    except ValueError:
        raise InvalidInput(["That button is not one of the exam's."]) from None
    bot = bot_of(interaction)
    mocks, now, user = bot.services.mocks, bot.services.clock.now(), str(interaction.user.id)
    if action in MOCK_REVIEW_STEPS:
        step = await in_time(interaction, mocks.review(user, attempt_id, arg), update=True)
        await _show_exam(interaction, step, edit=True)
        return
    if action is MockAction.RESULTS:
        result = await in_time(interaction, mocks.results(user, attempt_id), update=True)
        await _show_exam(interaction, result, edit=True)
        return
    outcome = await in_time(
        interaction,
        mocks.act(
            user,
            attempt_id,
            MOCK_SERVICE_ACTIONS.get(action, AttemptAction.GOTO),
            arg,
            letters,
            now,
        ),
        update=True,
    )
    if action is MockAction.SUBMIT_CHECK:
        assert isinstance(outcome, AttemptView)
        await edit_private(
            interaction,
            embed=submit_check_embed(outcome),
            view=submit_check_view(outcome),
        )
        return
    await _show_exam(interaction, outcome, edit=True)
