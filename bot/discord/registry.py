"""Every persistent component and form of the bot, for the client to register at start.

Custom ids encode what they act on (``bot.core.custom_ids``), so a click or a form opened
before a restart still reaches its handler after it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.core import custom_ids
from bot.discord.daily.components import (
    AnswerButton,
    AnswerSelect,
    QuoteToggle,
    ReasoningButton,
    submit_reasoning,
)
from bot.discord.me.components import ForgetButton
from bot.discord.miss_tags.components import MissTagButton, MyResultButton
from bot.discord.mistakes.components import MistakePageButton
from bot.discord.mock.components import MockButton, MockSelect, MockStartButton
from bot.discord.plan.hands_on import HandsOnReflect, HandsOnSteps, submit_reflection
from bot.discord.practice.components import (
    PracticeAnswerButton,
    PracticeAnswerSelect,
    PracticeNextButton,
    PracticeStopButton,
)
from bot.discord.reports.components import (
    ReportButton,
    ReportReasonButton,
    ReportsPageButton,
    submit_report,
)
from bot.discord.review.components import ReviewAnswerButton, ReviewAnswerSelect, ReviewNextButton

PERSISTENT_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    MockStartButton,
    MockButton,
    MockSelect,
    ReviewAnswerButton,
    ReviewAnswerSelect,
    ReviewNextButton,
    PracticeAnswerButton,
    PracticeAnswerSelect,
    PracticeNextButton,
    PracticeStopButton,
    MistakePageButton,
    ReportsPageButton,
    ForgetButton,
    AnswerButton,
    AnswerSelect,
    ReasoningButton,
    QuoteToggle,
    ReportButton,
    ReportReasonButton,
    HandsOnSteps,
    HandsOnReflect,
    MyResultButton,
    MissTagButton,
)

_FORM_ROUTES: tuple[
    tuple[custom_ids.CustomId, Callable[[discord.Interaction, re.Match[str]], Awaitable[None]]],
    ...,
] = (
    (custom_ids.REASONING_FORM, lambda i, m: submit_reasoning(i, int(m["daily"]))),
    (custom_ids.REPORT_FORM, lambda i, m: submit_report(i, int(m["daily"]), m["reason"])),
    (custom_ids.HANDS_ON_FORM, lambda i, m: submit_reflection(i, int(m["theme"]))),
)


async def on_modal_submit(interaction: discord.Interaction) -> bool:
    """Route our form submissions by custom id; False when the form is not ours."""
    data: Any = interaction.data or {}
    custom_id = str(data.get("custom_id", ""))
    for form, route in _FORM_ROUTES:
        match = form.match(custom_id)
        if match:
            await route(interaction, match)
            return True
    return False
