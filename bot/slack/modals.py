"""The modals: setup, reasoning with confidence, and the checkboxes of a choose-N question.

Modals keep what they act on in ``private_metadata`` (JSON), so a submission needs nothing
remembered in memory. Errors go back beside the field they concern.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.content.schema import Question
from bot.core.schedule import WEEKDAY_NAMES
from bot.services.groups import GroupView
from bot.slack import ids
from bot.slack.blocks import Block, escape, option, plain, section

WEEKDAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CONFIDENCE_LABELS = ("1 · guessing", "2", "3 · fairly sure", "4", "5 · certain")


@dataclass(frozen=True)
class Origin:
    """Where a modal was opened from: the workspace, the channel and the daily question."""

    team_id: str
    channel_id: str
    daily_id: int = 0

    def dump(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def load(cls, text: str) -> Origin:
        return cls(**json.loads(text))


def _input(
    block_id: str, label: str, element: Block, *, optional: bool = False, hint: str = ""
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": {"action_id": block_id, **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def setup_modal(origin: Origin, current: GroupView | None) -> dict[str, Any]:
    """Channel, timezone, post and reveal time, rest days, start and exam date; the
    group's current values are filled in when it has some."""
    s = current.settings if current else None
    channel: Block = {
        "type": "conversations_select",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if s:
        channel["initial_conversation"] = s.channel_id
    else:
        channel["default_to_current_conversation"] = True
    timezone: Block = {
        "type": "external_select",
        "min_query_length": 1,
        "placeholder": plain("Start typing, e.g. Europe/Berlin"),
    }
    if s:
        timezone["initial_option"] = option(s.timezone, s.timezone)
    post: Block = {"type": "timepicker", "initial_time": f"{s.post_time:%H:%M}" if s else "09:00"}
    reveal: Block = {
        "type": "timepicker",
        "initial_time": f"{s.reveal_time:%H:%M}" if s else "20:00",
    }
    days = [option(WEEKDAY_LABELS[d], WEEKDAY_NAMES[d]) for d in range(7)]
    rest: Block = {"type": "checkboxes", "options": days}
    rest_now = sorted(s.rest_weekdays) if s else [6]
    if rest_now:
        rest["initial_options"] = [days[d] for d in rest_now]
    start: Block = {"type": "datepicker"}
    if s:
        start["initial_date"] = s.plan_start.isoformat()
    exam: Block = {"type": "datepicker"}
    if s and s.exam_date:
        exam["initial_date"] = s.exam_date.isoformat()
    return {
        "type": "modal",
        "callback_id": ids.SETUP_VIEW,
        "private_metadata": origin.dump(),
        "title": plain("Set up the group"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            _input(
                "channel",
                "Channel for the daily question",
                channel,
                hint="Invite me there first: /invite @ the app.",
            ),
            _input(ids.TIMEZONE, "The group's timezone", timezone),
            _input("post_time", "Post time (group's time)", post),
            _input("reveal_time", "Reveal time (later the same day)", reveal),
            _input("rest_days", "Rest days (no question)", rest, optional=True),
            _input(
                "start_date",
                "First day of the eight-week plan",
                start,
                optional=True,
                hint="Today when left empty.",
            ),
            _input("exam_date", "The group's exam date", exam, optional=True),
        ],
    }


def reason_modal(origin: Origin) -> dict[str, Any]:
    confidence: Block = {
        "type": "static_select",
        "placeholder": plain("How sure are you?"),
        "options": [option(label, str(n)) for n, label in enumerate(CONFIDENCE_LABELS, start=1)],
    }
    return {
        "type": "modal",
        "callback_id": ids.REASON_VIEW,
        "private_metadata": origin.dump(),
        "title": plain("Your reasoning"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            section(
                "Your reasoning goes with your current pick; a few are quoted at the reveal "
                "(by name or anonymously, as you chose)."
            ),
            _input(
                "reasoning",
                "Why this answer? (up to 1,000 characters)",
                {"type": "plain_text_input", "multiline": True},
            ),
            _input("confidence", "Confidence", confidence, optional=True),
        ],
    }


def choose_modal(origin: Origin, question: Question) -> dict[str, Any]:
    boxes: Block = {"type": "checkboxes", "options": [option(x, x) for x in question.letters]}
    # Option texts can be longer than a checkbox label may be: they are shown above it.
    shown = [section(f"*{x}.* {escape(question.options[x])}") for x in question.letters]
    return {
        "type": "modal",
        "callback_id": ids.CHOOSE_VIEW,
        "private_metadata": origin.dump(),
        "title": plain(f"Choose {question.choose}"),
        "submit": plain("Save my pick"),
        "close": plain("Cancel"),
        "blocks": [*shown, _input("letters", f"Tick exactly {question.choose} answers", boxes)],
    }


def values(view: dict[str, Any]) -> dict[str, Any]:
    """A submitted view's input values by block id (each block holds one element)."""
    out: dict[str, Any] = {}
    for block_id, elements in view["state"]["values"].items():
        for element in elements.values():
            kind = element.get("type")
            if kind in ("checkboxes", "multi_static_select"):
                out[block_id] = [o["value"] for o in element.get("selected_options") or []]
            elif kind in ("static_select", "external_select"):
                chosen = element.get("selected_option")
                out[block_id] = chosen["value"] if chosen else None
            elif kind == "conversations_select":
                out[block_id] = element.get("selected_conversation")
            elif kind == "timepicker":
                out[block_id] = element.get("selected_time")
            elif kind == "datepicker":
                out[block_id] = element.get("selected_date")
            else:
                out[block_id] = element.get("value")
    return out
