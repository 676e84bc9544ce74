"""``/study practice [section] [count]``: a private drill of bank questions, one at a time,
with feedback at once (a checkboxes modal for choose-N questions).

Answering replaces the question with the feedback (so its buttons cannot be clicked twice)
and offers the next question. Every button names the drill and the question's position, so
a click from before a restart still works and a repeated click is not graded twice."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core import custom_ids
from bot.core.errors import UserFacingError
from bot.core.practice import MAX_COUNT, MIN_COUNT
from bot.services.practice import PracticeFeedback, PracticeStep, PracticeSummary, PracticeView
from bot.slack import ids
from bot.slack.blocks import Block, actions, button, context, escape, header, section, shorten
from bot.slack.errors import field_errors, refusal_text
from bot.slack.mistakes import question_blocks
from bot.slack.modals import values
from bot.slack.review import choose_modal, replace_or_dm
from bot.slack.router import Call, Router, actor
from bot.slack.sections import find_section

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

PRIVATE_NOTE = "Practice is private: it is not in streaks or the leaderboard."


def parse_practice(text: str, find: Any) -> tuple[str | None, int | None]:
    """The section and count typed after ``practice``: a number is the count, the rest
    names a section (``find`` turns it into a slug, or refuses)."""
    words = text.split()
    count = None
    if words and words[-1].isdigit():
        count = int(words.pop())
    rest = " ".join(words)
    return (find(rest) if rest else None), count


def stop_button(drill_id: int) -> Block:
    return button("Stop", custom_ids.PRACTICE_STOP.build(drill=drill_id), "stop")


def step_blocks(step: PracticeStep) -> list[Block]:
    """The question, a button per letter (one "Choose N" button for a choose-N question,
    which opens checkboxes) and Stop."""
    q = step.question
    blocks: list[Block] = [header(step.title)]
    if step.note:
        blocks.append(context(escape(step.note)))
    blocks += question_blocks(q)
    if q.choose == 1:
        choices = [
            button(
                x,
                custom_ids.PRACTICE_ANSWER.build(
                    drill=step.drill_id, position=step.position, letter=x
                ),
                x,
            )
            for x in q.letters
        ]
    else:
        shape = f"{step.drill_id}:{step.position}|{q.choose}|{''.join(q.letters)}"
        choices = [
            button(
                f"Choose {q.choose} answers",
                custom_ids.PRACTICE_SELECT.build(drill=step.drill_id, position=step.position),
                shape,
                "primary",
            )
        ]
    blocks.append(actions([*choices, stop_button(step.drill_id)], block_id="practice_answers"))
    blocks.append(context(PRIVATE_NOTE))
    return blocks


def feedback_blocks(result: PracticeFeedback) -> list[Block]:
    """Right or not, the explanation, the deciding phrase, why each wrong pick is wrong, the
    drill's progress, and Next question while the drill goes on."""
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
        context(f"Question {result.position} of {result.count} · {result.progress}"),
    ]
    if result.summary is not None:
        blocks.append(section(f"*{result.summary.text}*"))
    else:
        next_button = button(
            "Next question",
            custom_ids.PRACTICE_NEXT.build(drill=result.drill_id),
            "next",
            "primary",
        )
        blocks.append(actions([next_button, stop_button(result.drill_id)], "practice_next"))
    return blocks


def summary_blocks(summary: PracticeSummary) -> list[Block]:
    return [header("Practice drill"), section(summary.text)]


def view_message(shown: PracticeView) -> tuple[str, list[Block]]:
    if isinstance(shown, PracticeStep):
        return shown.title, step_blocks(shown)
    return shown.text, summary_blocks(shown)


def verdict_text(result: PracticeFeedback) -> str:
    return (
        "Right" if result.correct else "Not this time"
    ) + f": {' and '.join(result.question.answer)}"


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    services = bot.services
    domains = services.bank.exam.domains

    @router.add(
        "practice",
        "`/study practice [section] [count]`",
        f"a private drill of {MIN_COUNT}–{MAX_COUNT} bank questions (10 unless you say), "
        "feedback at once; without a section, weighted to your weak sections",
    )
    async def start_practice(call: Call) -> None:
        section_slug, count = parse_practice(call.args, lambda typed: find_section(domains, typed))
        step = await services.practice.start(
            call.team, call.user, call.name, section_slug, count, services.clock.now()
        )
        await call.reply(*view_message(step))

    async def grade(user: str, drill: int, position: int, letters: list[str]) -> PracticeFeedback:
        return await services.practice.answer(user, drill, position, letters, services.clock.now())

    @app.action(re.compile(custom_ids.PRACTICE_ANSWER.template))
    async def answer(ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        await ack()
        found = custom_ids.PRACTICE_ANSWER.match(action["action_id"])
        assert found is not None
        _team, user, _name = actor(bot, body)
        try:
            result = await grade(
                user, int(found["drill"]), int(found["position"]), [found["letter"]]
            )
        except UserFacingError as error:
            await respond(text=refusal_text(error), replace_original=False)
            return
        await respond(
            text=verdict_text(result), blocks=feedback_blocks(result), replace_original=True
        )

    @app.action(re.compile(custom_ids.PRACTICE_SELECT.template))
    async def open_choices(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        item, _, shape = str(action["value"]).partition("|")
        choose, _, letters = shape.partition("|")
        await client.views_open(
            trigger_id=body["trigger_id"],
            view=choose_modal(
                item,
                body["response_url"],
                list(letters),
                int(choose),
                ids.PRACTICE_CHOOSE_VIEW,
                "practice question",
            ),
        )

    @app.view(ids.PRACTICE_CHOOSE_VIEW)
    async def choose(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        meta = json.loads(view["private_metadata"])
        user = body["user"]["id"]
        drill, _, position = str(meta["card"]).partition(":")
        letters = values(view).get("letters") or []
        try:
            result = await grade(user, int(drill), int(position), letters)
        except UserFacingError as error:
            await ack(response_action="errors", errors=field_errors(error, (), "letters"))
            return
        await ack()
        await replace_or_dm(
            client, user, meta["response_url"], verdict_text(result), feedback_blocks(result)
        )

    @app.action(re.compile(custom_ids.PRACTICE_NEXT.template))
    async def next_question(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any
    ) -> None:
        await ack()
        found = custom_ids.PRACTICE_NEXT.match(action["action_id"])
        assert found is not None
        try:
            shown = await services.practice.next(
                body["user"]["id"], int(found["drill"]), services.clock.now()
            )
        except UserFacingError as error:
            await respond(text=refusal_text(error), replace_original=False)
            return
        text, blocks = view_message(shown)
        await respond(text=text, blocks=blocks, replace_original=False)

    @app.action(re.compile(custom_ids.PRACTICE_STOP.template))
    async def stop(ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        await ack()
        found = custom_ids.PRACTICE_STOP.match(action["action_id"])
        assert found is not None
        try:
            summary = await services.practice.stop(
                body["user"]["id"], int(found["drill"]), services.clock.now()
            )
        except UserFacingError as error:
            await respond(text=refusal_text(error), replace_original=False)
            return
        await respond(text=summary.text, blocks=summary_blocks(summary), replace_original=True)
