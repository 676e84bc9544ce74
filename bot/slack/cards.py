"""The daily question and its reveal as Slack messages (Block Kit), with their markers.

A posted question or reveal carries message ``metadata`` naming the daily question, so
that after a crash the publisher can find it again instead of posting it twice.
"""

from __future__ import annotations

from typing import Any

from bot.content.schema import Question
from bot.core.text import plural
from bot.services.daily import AnswerReceipt, QuestionCard, Quote, RevealCard
from bot.slack import ids
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    divider,
    escape,
    header,
    local_time,
    names,
    section,
    shorten,
)

NAMES_IN_REVEAL = 25
MILESTONES_IN_REVEAL = 10
QUOTE_LIMIT = 1000  # a quoted reasoning is at most 1,000 characters: it always fits a section


def metadata(event_type: str, daily_id: int) -> dict[str, Any]:
    return {"event_type": event_type, "event_payload": {"daily_id": daily_id}}


def marked_daily_id(message: dict[str, Any], event_type: str) -> int | None:
    """The daily id in a message's metadata of ``event_type``, if it carries one."""
    meta = message.get("metadata") or {}
    if meta.get("event_type") != event_type:
        return None
    value = (meta.get("event_payload") or {}).get("daily_id")
    return value if isinstance(value, int) else None


def ask_text(q: Question) -> str:
    if q.choose == 1 or "choose" in q.question.lower():
        return q.question
    return f"{q.question} (Choose {q.choose}.)"


def question_blocks(card: QuestionCard, closed_line: str | None = None) -> list[Block]:
    """Scenario, the ask, one section per option, the status and the buttons (or, once
    closed, a line that links to the reveal instead of the buttons)."""
    q = card.question
    blocks: list[Block] = [
        header(f"Question of the day · {card.study_date:%a %d %b}"),
        context(f"{escape(card.domain_name)} · Choose {q.choose}"),
    ]
    if card.revisit:
        blocks.append(
            section("🔁 _A question the group found hard earlier: how would you answer it now?_")
        )
    blocks.append(section(escape(q.scenario)))
    blocks.append(section(f"*{escape(ask_text(q))}*"))
    blocks.extend(section(f"*{x}.* {escape(q.options[x])}") for x in q.letters)
    if closed_line is not None:
        blocks.append(context(closed_line, block_id="status"))
        return blocks
    blocks.append(
        context(
            f"Reveal {local_time(card.reveal_at, '{time}')} · "
            f"{plural(card.answer_count, 'answer')} so far · answers are private until the reveal",
            block_id="status",
        )
    )
    if q.choose == 1:
        choices = [button(x, ids.answer_action(x), str(card.daily_id)) for x in q.letters]
    else:
        choices = [button(f"Choose {q.choose} answers", ids.CHOOSE, str(card.daily_id), "primary")]
    choices.append(button("Add reasoning", ids.REASON, str(card.daily_id)))
    blocks.append(actions(choices, block_id="answers"))
    return blocks


def question_fallback(card: QuestionCard) -> str:
    return (
        f"Question of the day · {card.study_date:%a %d %b}: {shorten(card.question.question, 200)}"
    )


def closed_line(card: QuestionCard, reveal_link: str | None) -> str:
    line = f"*Closed* · {plural(card.answer_count, 'answer')}"
    if reveal_link:
        line += f" · <{reveal_link}|see the reveal>"
    return line


def reveal_blocks(card: RevealCard) -> list[Block]:
    """The answer, explanation, deciding phrase, why-not per option, the split, who was
    right (names, never mentions: a mention in Slack always notifies), quotes and streaks."""
    q = card.question
    keyed = " and ".join(q.answer)
    blocks: list[Block] = [header(f"Answer: {keyed} · {card.study_date:%a %d %b}")]
    if card.open_reports:
        blocks.append(
            section(
                f"⚠️ Members reported a problem with this question "
                f"({plural(card.open_reports, 'open report')}); organisers are checking it."
            )
        )
    blocks.append(section("\n".join(f"*{x}.* {escape(q.options[x])}" for x in q.answer)))
    blocks.append(section(escape(q.explanation)))
    blocks.append(section(f"*The deciding phrase:* “{escape(q.constraint)}”"))
    blocks.extend(
        section(f"*Why not {x}:* {escape(q.why_not[x])}") for x in q.letters if x in q.why_not
    )
    blocks.append(context("Read more: " + " · ".join(f"<{r}>" for r in q.references)))
    blocks.append(divider())
    blocks.append(section(f"*The split*\n{_split(card)}"))
    right = (
        names(card.correct_names, NAMES_IN_REVEAL)
        if card.correct_names
        else "Nobody this time: the deciding phrase is the one to remember."
    )
    blocks.append(section(f"*Right ({card.correct_count} of {card.answer_count})*\n{right}"))
    blocks.extend(section(_quote(quote)) for quote in card.quotes)
    if card.milestones:
        streaks = [
            f"{escape(m.member_name)} {plural(m.days, 'study day')} in a row"
            for m in card.milestones[:MILESTONES_IN_REVEAL]
        ]
        more = len(card.milestones) - MILESTONES_IN_REVEAL
        blocks.append(
            section(
                "*Streaks 🔥*\n" + " · ".join(streaks) + (f" and {more} more" if more > 0 else "")
            )
        )
    blocks.append(context("Discuss it in the thread 🧵"))
    blocks.append(
        actions(
            [
                button("🔎 My result", ids.MY_RESULT, str(card.daily_id), "primary"),
                button("🚩 Report a problem", ids.REPORT, str(card.daily_id)),
            ],
            block_id="report",
        )
    )
    return blocks


def reveal_fallback(card: RevealCard) -> str:
    return f"Answer for {card.study_date:%a %d %b}: {' and '.join(card.question.answer)}"


def discussion_prompt(question: Question) -> str:
    return (
        f"What decided it for you? The deciding phrase was “{escape(question.constraint)}”. "
        "Share how you read the scenario — and when another option would have been right."
    )


def _split(card: RevealCard) -> str:
    total = max(card.answer_count, 1)
    lines = []
    for option in card.split:
        filled = round(option.count / total * 10)
        mark = " ✅" if option.correct else ""
        lines.append(f"`{option.letter}` {'█' * filled}{'░' * (10 - filled)} {option.count}{mark}")
    if card.answer_count == 0:
        lines.append("Nobody answered this one.")
    return "\n".join(lines)


def _quote(quote: Quote) -> str:
    who = escape(quote.member_name) if quote.member_name else "A member"
    sure = f", confidence {quote.confidence}/5" if quote.confidence else ""
    verdict = "✅" if quote.correct else "❌"
    text = escape(shorten(" ".join(quote.reasoning.split()), QUOTE_LIMIT))
    return f"{verdict} *{who}* picked {quote.pick}{sure}:\n>{text}"


def receipt_text(receipt: AnswerReceipt) -> str:
    verb = "changed your pick to" if receipt.changed else "picked"
    return (
        f"You {verb} *{receipt.pick.replace(',', ' and ')}*. You can change it until the "
        f"reveal ({local_time(receipt.reveal_at, '{time}')}); the last pick counts. Nobody "
        "sees picks before the reveal. Add your reasoning: the group learns most from *why*."
    )


def reasoning_saved_text(receipt: AnswerReceipt) -> str:
    quoted = "anonymously" if receipt.quote_anonymously else "with your name"
    return (
        f"Saved your reasoning for pick *{receipt.pick}*. It may be quoted at the reveal {quoted}."
    )
