"""Why I missed it as Block Kit: the member's own result under a reveal and the one-click
reason tags under a miss (their action ids are the platform-neutral ``MISS_TAG`` ids, so a
click works after a restart)."""

from __future__ import annotations

from bot.core import custom_ids
from bot.core.miss_reasons import CLEAR, LABELS, MissReason, reasons
from bot.services.miss_tags import DailyResult, result_text
from bot.slack.blocks import Block, actions, button, escape, section

NEW, SAME = "n", "s"  # answer a tag with a new private message, or replace the one clicked
TAGS_BLOCK = "miss_tags"


def tag_actions(
    question_id: str, mock: bool, current: MissReason | None, place: str = NEW
) -> Block:
    """The reasons (and "Clear" once one is set); the current one is marked and green."""
    codes = [r.value for r in reasons(mock)] + ([CLEAR] if current is not None else [])
    elements = []
    for code in codes:
        chosen = current is not None and code == current
        label = "Clear" if code == CLEAR else LABELS[MissReason(code)]
        action_id = custom_ids.MISS_TAG.build(
            kind="m" if mock else "d", place=place, reason=code, question=question_id
        )
        elements.append(
            button(("✓ " if chosen else "") + label, action_id, code, "primary" if chosen else None)
        )
    return actions(elements, block_id=TAGS_BLOCK)


def result_blocks(result: DailyResult) -> list[Block]:
    """The private follow-up of "My result": about this miss alone, so a tag edits it."""
    blocks = [section(escape(result_text(result)))]
    if result.missed:
        blocks.append(tag_actions(result.question.id, False, result.tag, SAME))
    return blocks
