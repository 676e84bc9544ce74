"""``/study review``: spaced review of the member's due cards, one card at a time, in a
private message with answer buttons (a checkboxes modal for choose-N cards).

Answering replaces the card with the feedback (so its buttons cannot be clicked twice) and
offers the next card. Every button carries the card and how often it was graded before, so a
click from before a restart still works, and a repeated click is not graded twice."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import UserFacingError
from bot.core.text import plural
from bot.services.review import NOTHING_DUE, ReviewItem, ReviewResult
from bot.slack import ids
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    escape,
    header,
    local_time,
    option,
    plain,
    section,
    shorten,
)
from bot.slack.errors import field_errors, refusal_text
from bot.slack.miss_tag_blocks import tag_actions
from bot.slack.mistakes import question_blocks
from bot.slack.modals import values
from bot.slack.router import Call, Router

if TYPE_CHECKING:
    from bot.slack.app import SlackBot


def card_value(card_id: int, reviews: int) -> str:
    return f"{card_id}:{reviews}"


def parse_card(value: str) -> tuple[int, int]:
    card, _, reviews = value.partition(":")
    return int(card), int(reviews or 0)


def review_blocks(item: ReviewItem) -> list[Block]:
    """The card: its question, and a button per letter (one "Choose N" button for a
    choose-N question, which opens checkboxes)."""
    q = item.question
    blocks: list[Block] = [
        header(f"Review · {item.due_count} due"),
        *question_blocks(q),
    ]
    if item.flagged:
        blocks.append(context(f"⚑ You have missed this one {plural(item.misses, 'time')}."))
    value = card_value(item.card_id, item.reviews)
    if q.choose == 1:
        choices = [button(x, ids.review_answer_action(x), value) for x in q.letters]
    else:
        shape = f"{value}|{q.choose}|{''.join(q.letters)}"  # what the checkboxes offer
        choices = [button(f"Choose {q.choose} answers", ids.REVIEW_CHOOSE, shape, "primary")]
    blocks.append(actions(choices, block_id="review_answers"))
    return blocks


def feedback_blocks(result: ReviewResult) -> list[Block]:
    """Right or not, the explanation, the deciding phrase, why each wrong pick is wrong,
    when the card comes back, and the next card's button while more are due."""
    q = result.question
    verdict = "✅ Right" if result.correct else "❌ Not this time"
    blocks: list[Block] = [
        header(f"{verdict} — {' and '.join(q.answer)}"),
        context(
            f"{escape(shorten(q.question, 200))} · your pick: {result.pick.replace(',', ' and ')}"
        ),
        section(escape(q.explanation)),
        section(f"*The deciding phrase:* “{escape(q.constraint)}”"),
        *(section(f"*Why not {x}:* {escape(why)}") for x, why in result.why_not),
        context(f"Next time: {local_time(result.next_due)} · {result.remaining_due} more due now"),
    ]
    if result.flagged:
        blocks.append(
            context(f"⚑ Missed {plural(result.misses, 'time')} — flagged in your notebook.")
        )
    if not result.correct:  # why I missed it, in one click
        blocks.append(tag_actions(q.id, False, result.tag))
    if result.remaining_due:
        blocks.append(
            actions([button("Next card", ids.REVIEW_NEXT, "next", "primary")], "review_next")
        )
    return blocks


def choose_modal(
    item_value: str,
    response_url: str,
    letters: list[str],
    choose: int,
    callback_id: str = ids.REVIEW_CHOOSE_VIEW,
    beside: str = "review card",
) -> Block:
    """The checkboxes of a choose-N question shown in a private message (a review card, a
    practice question): ``callback_id`` routes the submission, which carries ``item_value``
    and the message's response URL."""
    boxes: Block = {
        "type": "checkboxes",
        "action_id": "letters",
        "options": [option(x, x) for x in letters],
    }
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": json.dumps({"card": item_value, "response_url": response_url}),
        "title": plain(f"Choose {choose}", 24),
        "submit": plain("Check my answer", 24),
        "close": plain("Cancel", 24),
        "blocks": [
            section(f"The options are in the {beside} beside this window."),
            {
                "type": "input",
                "block_id": "letters",
                "label": plain(f"Tick exactly {choose} answers"),
                "element": boxes,
            },
        ],
    }


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    services = bot.services

    async def next_card(user: str) -> tuple[str, list[Block] | None]:
        item = await services.review.next_due(user, services.clock.now())
        if item is None:
            return NOTHING_DUE, None
        return f"Review · {item.due_count} due", review_blocks(item)

    async def grade(user: str, value: str, letters: list[str]) -> ReviewResult:
        card, reviews = parse_card(value)
        return await services.review.answer(user, card, letters, services.clock.now(), reviews)

    @router.add("review", "`/study review`", "your next spaced-review question")
    async def start_review(call: Call) -> None:
        text, blocks = await next_card(call.user)
        await call.reply(text, blocks)

    @app.action(ids.REVIEW_ANSWER)
    async def answer(ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        await ack()
        letter = ids.review_letter_of(action["action_id"])
        try:
            result = await grade(body["user"]["id"], str(action["value"]), [letter])
        except UserFacingError as error:
            await respond(text=refusal_text(error), replace_original=False)
            return
        await respond(
            text=verdict_text(result), blocks=feedback_blocks(result), replace_original=True
        )

    @app.action(ids.REVIEW_CHOOSE)
    async def open_choices(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        card, _, shape = str(action["value"]).partition("|")
        choose, _, letters = shape.partition("|")
        await client.views_open(
            trigger_id=body["trigger_id"],
            view=choose_modal(card, body["response_url"], list(letters), int(choose)),
        )

    @app.view(ids.REVIEW_CHOOSE_VIEW)
    async def choose(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        meta = json.loads(view["private_metadata"])
        user = body["user"]["id"]
        letters = values(view).get("letters") or []
        try:
            result = await grade(user, meta["card"], letters)
        except UserFacingError as error:
            await ack(response_action="errors", errors=field_errors(error, (), "letters"))
            return
        await ack()
        await replace_or_dm(
            client, user, meta["response_url"], verdict_text(result), feedback_blocks(result)
        )

    @app.action(ids.REVIEW_NEXT)
    async def next_review(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await ack()
        text, blocks = await next_card(body["user"]["id"])
        await respond(text=text, blocks=blocks, replace_original=False)


async def replace_or_dm(
    client: AsyncWebClient, user: str, response_url: str, text: str, blocks: list[Block]
) -> None:
    """Replace the private message a form was opened from with ``blocks``; when its response
    URL has expired (the form stayed open over 30 minutes), send them to the member's DM
    instead of losing them."""
    respond = AsyncRespond(response_url=response_url)
    answered = await respond(text=text, blocks=blocks, replace_original=True)
    if answered.status_code != 200:
        opened = await client.conversations_open(users=user)
        await client.chat_postMessage(channel=opened["channel"]["id"], text=text, blocks=blocks)


def verdict_text(result: ReviewResult) -> str:
    return (
        "Right" if result.correct else "Not this time"
    ) + f": {' and '.join(result.question.answer)}"
