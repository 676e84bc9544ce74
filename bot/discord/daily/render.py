"""Rendering of the daily question, its reveal and the private answer receipts."""

from __future__ import annotations

import discord

from bot.content.schema import Question
from bot.core.text import plural
from bot.discord.rendering import (
    BRAND,
    EMBED_TOTAL_LIMIT,
    RIGHT,
    choose_label,
    difficulty_label,
    message_link,
    plain,
    question_text,
    shorten,
    tag,
    ts,
)
from bot.services.daily import AnswerReceipt, QuestionCard, Quote, RevealCard

NAMES_IN_REVEAL = 25


MILESTONES_IN_REVEAL = 10


QUOTE_LIMIT = 300  # characters of a quoted reasoning when there is room


QUOTE_FLOOR = 80  # fewer quotes rather than shorter than this


QUOTE_STEP = 10


def question_embed(card: QuestionCard) -> discord.Embed:
    q = card.question
    revisit = (
        "🔁 *A question the group found hard earlier: how would you answer it now?*\n\n"
        if card.revisit
        else ""
    )
    embed = discord.Embed(
        title=f"Question of the day · {card.study_date:%a %d %b}",
        description=revisit + question_text(q),
        colour=BRAND,
    )
    embed.add_field(name="Domain", value=card.domain_name, inline=True)
    embed.add_field(name="Difficulty", value=difficulty_label(q.difficulty), inline=True)
    embed.add_field(name="Answers", value=choose_label(q), inline=True)
    if card.closed:
        status = f"**Closed** · {_answers(card.answer_count)}"
        if card.reveal_message_id:
            status += f" · [see the reveal]({message_link(card.guild_id, card.reveal_channel_id, card.reveal_message_id)})"
    else:
        status = (
            f"Reveal {ts(card.reveal_at, 't')} ({ts(card.reveal_at, 'R')}) · "
            f"{_answers(card.answer_count)} so far"
        )
    embed.add_field(name="Status", value=status, inline=False)
    embed.set_footer(text=f"{tag(card.marker)} · answers are private until the reveal")
    return embed


def reveal_message(
    card: RevealCard, question_link: str | None = None
) -> tuple[str, list[discord.Embed]]:
    """The reveal: a line (linking to the question when the reveal is posted in another
    channel, with a warning when members reported the question) and two embeds that share
    Discord's 6,000 characters."""
    text = f"⏰ Time's up for the question of {card.study_date:%a %d %b}."
    if question_link:
        text += f" The question: {question_link}"
    if card.open_reports:
        reports = plural(card.open_reports, "open report")
        text += (
            f"\n⚠️ Members reported a problem with this question ({reports}); organisers are "
            "checking it."
        )
    return text, reveal_embeds(card)


def reveal_embeds(card: RevealCard) -> list[discord.Embed]:
    """The answer with everything about the question, then how the group reasoned; the
    quoted reasonings are shortened to the room the rest leaves."""
    q = card.question
    keyed = " and ".join(card.question.answer) if q.choose > 1 else q.answer[0]
    answer_lines = "\n".join(f"**{letter}.** {q.options[letter]}" for letter in q.answer)
    # The schema's caps keep this embed within 4,000 characters whatever the question,
    # so nothing of the explanation or a why-not is ever cut (tests/adapter/test_limits.py).
    first = discord.Embed(
        title=f"Answer: {keyed}",
        description=f"{answer_lines}\n\n{q.explanation}",
        colour=RIGHT,
    )
    first.add_field(name="The deciding phrase", value=f"“{q.constraint}”", inline=False)
    for letter in q.letters:
        if letter in q.why_not:
            first.add_field(name=f"Why not {letter}", value=q.why_not[letter], inline=False)
    first.add_field(name="Read more", value="\n".join(str(r) for r in q.references), inline=False)

    second = discord.Embed(title="How the group reasoned", colour=BRAND)
    second.add_field(name="The split", value=_split(card), inline=False)
    second.add_field(
        name=f"Right ({card.correct_count} of {card.answer_count})",
        value=_mentions([f"<@{e}>" for e in card.correct_members], NAMES_IN_REVEAL)
        if card.correct_members
        else "Nobody this time: the deciding phrase is the one to remember.",
        inline=False,
    )
    if card.milestones:
        second.add_field(
            name="Streaks 🔥",
            value=_mentions(
                [
                    f"<@{m.member_external_id}> {plural(m.days, 'study day')} in a row"
                    for m in card.milestones
                ],
                MILESTONES_IN_REVEAL,
            ),
            inline=False,
        )
    second.set_footer(text=f"{tag(card.marker)} · discuss in the thread below")
    room = EMBED_TOTAL_LIMIT - len(first) - len(second)
    for index, (name, value) in enumerate(_quote_fields(card.quotes, room), start=2):
        second.insert_field_at(index, name=name, value=value, inline=False)
    return [first, second]


def discussion_prompt(question: Question) -> str:
    """The first message of the reveal's discussion thread."""
    return (
        f"What decided it for you? The deciding phrase was “{question.constraint}”. "
        "Share how you read the scenario — and when another option would have been right."
    )


def _quote_fields(quotes: list[Quote], room: int) -> list[tuple[str, str]]:
    """Quoted reasonings as ``(name, value)`` fields within ``room`` characters, measured as
    rendered: each is shortened (QUOTE_LIMIT at most) until all fit; when even QUOTE_FLOOR
    characters each do not fit, fewer are quoted."""
    for count in range(len(quotes), 0, -1):
        for limit in range(QUOTE_LIMIT, QUOTE_FLOOR - 1, -QUOTE_STEP):
            fields = [_quote_field(quote, limit) for quote in quotes[:count]]
            if sum(len(name) + len(value) for name, value in fields) <= room:
                return fields
    return []


def _quote_field(quote: Quote, limit: int) -> tuple[str, str]:
    """One quoted reasoning, shortened to ``limit`` characters."""
    who = f"<@{quote.member_external_id}>" if quote.member_external_id else "A member"
    sure = f", confidence {quote.confidence}/5" if quote.confidence else ""
    verdict = "✅" if quote.correct else "❌"
    return (
        f"{verdict} Picked {quote.pick}{sure}",
        f"{who}: {plain(shorten(quote.reasoning, limit))}",
    )


def _split(card: RevealCard) -> str:
    total = max(card.answer_count, 1)
    lines = []
    for option in card.split:
        share = option.count / total
        bar = "█" * round(share * 10) + "░" * (10 - round(share * 10))
        mark = " ✅" if option.correct else ""
        lines.append(f"`{option.letter}` {bar} {option.count}{mark}")
    if card.answer_count == 0:
        lines.append("Nobody answered this one.")
    return "\n".join(lines)


def _mentions(items: list[str], shown: int) -> str:
    """The first ``shown`` items and how many more there are."""
    more = len(items) - shown
    return " · ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")


def _answers(count: int) -> str:
    return plural(count, "answer")


def answer_confirmation(receipt: AnswerReceipt) -> str:
    verb = "changed your pick to" if receipt.changed else "picked"
    return (
        f"You {verb} **{receipt.pick.replace(',', ' and ')}**. You can change it until the "
        f"reveal {ts(receipt.reveal_at, 'R')}; the last pick counts. Nobody sees picks before "
        "the reveal.\nAdd your reasoning: the group learns most from *why*."
    )


def reasoning_saved(receipt: AnswerReceipt, confidence: int | None) -> str:
    sure = f" (confidence {confidence}/5)" if confidence else ""
    quoted = "anonymously" if receipt.quote_anonymously else "with your name"
    return (
        f"Saved your reasoning for pick **{receipt.pick}**{sure}. It may be quoted at the "
        f"reveal {quoted}; you can change that with the button below."
    )
