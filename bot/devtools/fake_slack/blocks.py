"""Block Kit checks: the limits and type rules Slack enforces on messages, modals and Home tabs.

Each check returns Slack-style messages, e.g.
``"must be less than 3001 characters [json-pointer:/blocks/0/text/text]"``; an empty list
means the payload is accepted. Slack answers ``invalid_blocks`` (messages) or
``invalid_arguments`` (views) with these in ``response_metadata.messages``.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from bot.devtools.fake_slack.model import JSON

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
SECTION_TEXT_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
MESSAGE_TEXT_LIMIT = 40_000

PLAIN = frozenset({"plain_text"})
ANY_TEXT = frozenset({"plain_text", "mrkdwn"})

SELECT_MENUS = frozenset(
    {
        "static_select",
        "multi_static_select",
        "external_select",
        "multi_external_select",
        "users_select",
        "multi_users_select",
        "conversations_select",
        "multi_conversations_select",
        "channels_select",
        "multi_channels_select",
    }
)
OPTION_ELEMENTS = frozenset({"static_select", "multi_static_select", "overflow"})
CHOICE_ELEMENTS = frozenset({"checkboxes", "radio_buttons"})
INPUT_ONLY = frozenset(
    {
        "plain_text_input",
        "number_input",
        "email_text_input",
        "url_text_input",
        "datepicker",
        "timepicker",
        "datetimepicker",
        "rich_text_input",
        "file_input",
    }
)
ELEMENTS = SELECT_MENUS | OPTION_ELEMENTS | CHOICE_ELEMENTS | INPUT_ONLY | {"button"}
PASSIVE_BLOCKS = frozenset({"divider", "rich_text", "file", "video", "markdown"})


class _Report:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, pointer: str, problem: str) -> None:
        self.messages.append(f"{problem} [json-pointer:{pointer}]")

    def length(self, pointer: str, value: Any, limit: int, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.add(pointer, "must provide a string")
            return
        if not isinstance(value, str):
            self.add(pointer, "must be a string")
        elif len(value) > limit:
            self.add(pointer, f"must be less than {limit + 1} characters")

    def text(
        self,
        pointer: str,
        obj: Any,
        limit: int,
        kinds: frozenset[str] = ANY_TEXT,
        *,
        required: bool = True,
    ) -> None:
        if obj is None:
            if required:
                self.add(pointer, "must provide an object")
            return
        if not isinstance(obj, dict):
            self.add(pointer, "must provide an object")
            return
        if obj.get("type") not in kinds:
            expected = " or ".join(sorted(kinds))
            self.add(f"{pointer}/type", f"must be a valid enum value ({expected})")
        text = obj.get("text")
        if not isinstance(text, str) or not text:
            self.add(f"{pointer}/text", "must be more than 0 characters")
        elif len(text) > limit:
            self.add(f"{pointer}/text", f"must be less than {limit + 1} characters")


def check_blocks(blocks: Any, limit: int, pointer: str = "/blocks") -> list[str]:
    """Check a message's (limit 50) or a view's (limit 100) ``blocks`` array."""
    report = _Report()
    if not isinstance(blocks, list):
        report.add(pointer, "must provide an array")
        return report.messages
    if len(blocks) > limit:
        report.add(pointer, f"no more than {limit} items allowed")
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        here = f"{pointer}/{index}"
        if not isinstance(block, dict):
            report.add(here, "must provide an object")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            report.length(f"{here}/block_id", block_id, 255)
            if block_id in seen:
                report.add(f"{here}/block_id", "must be unique")
            seen.add(block_id)
        _check_block(report, here, block)
    return report.messages


def _check_block(report: _Report, here: str, block: JSON) -> None:
    kind = block.get("type")
    if kind == "section":
        if block.get("text") is None and block.get("fields") is None:
            report.add(here, "must contain either text or fields")
        report.text(f"{here}/text", block.get("text"), SECTION_TEXT_LIMIT, required=False)
        fields = block.get("fields")
        if fields is not None:
            if not isinstance(fields, list) or len(fields) > 10:
                report.add(f"{here}/fields", "no more than 10 items allowed")
            else:
                for i, item in enumerate(fields):
                    report.text(f"{here}/fields/{i}", item, 2000)
        if block.get("accessory") is not None:
            _check_element(report, f"{here}/accessory", block["accessory"])
    elif kind == "header":
        report.text(f"{here}/text", block.get("text"), 150, PLAIN)
    elif kind == "context":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
            report.add(f"{here}/elements", "must have between 1 and 10 items")
        else:
            for i, item in enumerate(elements):
                if isinstance(item, dict) and item.get("type") == "image":
                    report.length(f"{here}/elements/{i}/alt_text", item.get("alt_text"), 2000)
                else:
                    report.text(f"{here}/elements/{i}", item, SECTION_TEXT_LIMIT)
    elif kind == "actions":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
            report.add(f"{here}/elements", "must have between 1 and 25 items")
            return
        action_ids: set[str] = set()
        for i, element in enumerate(elements):
            _check_element(report, f"{here}/elements/{i}", element)
            action_id = element.get("action_id") if isinstance(element, dict) else None
            if action_id is None:
                continue
            if action_id in action_ids:
                report.add(f"{here}/elements/{i}/action_id", "must be unique")
            action_ids.add(action_id)
    elif kind == "input":
        report.text(f"{here}/label", block.get("label"), 2000, PLAIN)
        report.text(f"{here}/hint", block.get("hint"), 2000, PLAIN, required=False)
        if block.get("element") is None:
            report.add(f"{here}/element", "must provide an object")
        else:
            _check_element(report, f"{here}/element", block["element"])
    elif kind == "image":
        if block.get("image_url") is None and block.get("slack_file") is None:
            report.add(here, "must provide image_url or slack_file")
        report.length(f"{here}/alt_text", block.get("alt_text"), 2000)
        report.text(f"{here}/title", block.get("title"), 2000, PLAIN, required=False)
    elif kind not in PASSIVE_BLOCKS:
        report.add(f"{here}/type", "must be a valid enum value")


def _check_element(report: _Report, here: str, element: Any) -> None:
    if not isinstance(element, dict):
        report.add(here, "must provide an object")
        return
    kind = element.get("type")
    if kind not in ELEMENTS:
        if kind != "image":
            report.add(f"{here}/type", "must be a valid enum value")
        return
    report.length(f"{here}/action_id", element.get("action_id"), 255, required=False)
    if kind == "button":
        report.text(f"{here}/text", element.get("text"), BUTTON_TEXT_LIMIT, PLAIN)
        report.length(f"{here}/value", element.get("value"), 2000, required=False)
        report.length(f"{here}/url", element.get("url"), 3000, required=False)
        if element.get("style") not in (None, "primary", "danger"):
            report.add(f"{here}/style", "must be a valid enum value (primary or danger)")
        return
    report.text(f"{here}/placeholder", element.get("placeholder"), 150, PLAIN, required=False)
    if kind in OPTION_ELEMENTS or kind in CHOICE_ELEMENTS:
        options = element.get("options")
        groups = element.get("option_groups")
        if options is None and groups is None:
            report.add(f"{here}/options", "must provide an array")
            return
        limit = {"overflow": 5}.get(kind, 10 if kind in CHOICE_ELEMENTS else 100)
        if options is not None:
            check_options(report, f"{here}/options", options, limit, kind in CHOICE_ELEMENTS)


def check_options(report: _Report, here: str, options: Any, limit: int, rich: bool) -> None:
    """Options of a select (plain_text, 75 chars) or of checkboxes/radios (mrkdwn allowed)."""
    if not isinstance(options, list) or not options or len(options) > limit:
        report.add(here, f"must have between 1 and {limit} items")
        return
    for i, option in enumerate(options):
        if not isinstance(option, dict):
            report.add(f"{here}/{i}", "must provide an object")
            continue
        report.text(f"{here}/{i}/text", option.get("text"), 75, ANY_TEXT if rich else PLAIN)
        report.length(f"{here}/{i}/value", option.get("value"), 150)


def check_suggestions(options: Any) -> list[str]:
    """The ``options`` an app acks to a ``block_suggestion`` (at most 100)."""
    report = _Report()
    check_options(report, "/options", options, 100, False)
    return report.messages


def check_message(blocks: Any) -> list[str]:
    """A message's optional ``blocks``: at most 50, each valid."""
    if blocks is None:
        return []
    return check_blocks(blocks, MESSAGE_BLOCK_LIMIT)


def check_view(view: Any, *, home: bool) -> list[str]:
    """A modal (``home=False``) or a Home tab (``home=True``)."""
    report = _Report()
    if not isinstance(view, dict):
        report.add("/view", "must provide an object")
        return report.messages
    expected = "home" if home else "modal"
    if view.get("type") != expected:
        report.add("/view/type", f"must be a valid enum value ({expected})")
        return report.messages
    if not home:
        report.text("/view/title", view.get("title"), 24, PLAIN)
        report.text("/view/close", view.get("close"), 24, PLAIN, required=False)
        report.text("/view/submit", view.get("submit"), 24, PLAIN, required=False)
        blocks = view.get("blocks")
        has_input = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_input and view.get("submit") is None:
            report.add("/view/submit", "must provide submit when the view has input blocks")
    report.length("/view/private_metadata", view.get("private_metadata"), 3000, required=False)
    report.length("/view/callback_id", view.get("callback_id"), 255, required=False)
    report.messages.extend(check_blocks(view.get("blocks"), VIEW_BLOCK_LIMIT, "/view/blocks"))
    return report.messages


def assign_ids(blocks: Sequence[JSON]) -> None:
    """Give blocks and elements the ids Slack generates when an app leaves them out."""
    for block in blocks:
        block.setdefault("block_id", secrets.token_urlsafe(4))
        candidates: list[Any] = []
        if block.get("type") == "actions":
            candidates = list(block.get("elements") or [])
        elif block.get("type") in ("section", "input"):
            candidates = [block.get("accessory") or block.get("element")]
        for element in candidates:
            if isinstance(element, dict) and element.get("type") in ELEMENTS:
                element.setdefault("action_id", secrets.token_urlsafe(4))
