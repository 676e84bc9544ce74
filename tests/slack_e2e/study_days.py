"""Study days with chosen right and wrong picks, and ``/study`` as a member runs it: shared by
the notebook, review and ``/study me`` end-to-end tests."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot.content.schema import Question
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.slack import ids
from bot.slack.blocks import escape
from tests.slack_e2e.harness import STUDY, RunningSlack, block_text
from tests.slack_e2e.test_daily_loop import POST, REVEAL, pick

DAY = timedelta(days=1)


def right_letters(q: Question) -> list[str]:
    return list(q.answer)


def wrong_letters(q: Question) -> list[str]:
    return [x for x in q.letters if x not in q.answer][: q.choose]


async def open_day(
    run: RunningSlack, clock: FakeClock, day: int, picks: dict[str, bool]
) -> Question:
    """Day ``day`` after the first: the question is posted and each member in ``picks``
    answers it right (True) or wrong (False). Returns the question."""
    clock.set(POST + day * DAY)
    await run.run_due()
    message = run.questions()[-1]
    daily_id = message.metadata["event_payload"]["daily_id"]  # type: ignore[index]
    q = (await run.bot.services.daily.question_card(daily_id)).question
    for user, right in picks.items():
        await pick(run.fake, user, message, right_letters(q) if right else wrong_letters(q))
    return q


async def reveal_day(run: RunningSlack, clock: FakeClock, day: int) -> None:
    clock.set(REVEAL + day * DAY)
    await run.run_due()


async def study_day(
    run: RunningSlack, clock: FakeClock, day: int, picks: dict[str, bool]
) -> Question:
    """A whole study day: posted, answered as in ``picks``, revealed."""
    q = await open_day(run, clock, day, picks)
    await reveal_day(run, clock, day)
    return q


async def missed_choose_two(run: RunningSlack, clock: FakeClock, user: str) -> tuple[Question, int]:
    """Study days (nobody answering) until a *Choose 2* question is posted, which ``user``
    misses; returns it and its day once revealed. Sundays are the group's rest days."""
    for day in range(28):
        if day % 7 == 6:
            continue
        q = await open_day(run, clock, day, {})
        if q.choose == 2:
            await pick(run.fake, user, run.questions()[-1], wrong_letters(q))
            await reveal_day(run, clock, day)
            return q, day
        await reveal_day(run, clock, day)
    raise AssertionError("no Choose 2 question in four weeks of study days")


async def study(fake: FakeSlack, user: str, text: str) -> SlackMessage:
    """``/study <text>`` in the study channel; the private answer the member reads."""
    before = len(fake.ephemerals(user))
    result = await fake.slash(user, STUDY, "/study", text)
    assert result.acked_in_time and result.user_error is None
    replies = await fake.wait_until(
        lambda: fake.ephemerals(user)[before:], what=f"the answer to /study {text}"
    )
    return replies[-1]


def seen(message: SlackMessage) -> str:
    """Everything a member reads in a message: its text and its blocks."""
    return message.text + "\n" + block_text(message)


def controls(message: SlackMessage) -> list[str]:
    """The action ids of a message, leaving out the "why I missed it" tags under a miss."""
    return [a for a in message.action_ids() if not custom_ids.MISS_TAG.match(a)]


def miss_tags(message: SlackMessage) -> list[str]:
    """The action ids of the "why I missed it" tags on a message."""
    return [a for a in message.action_ids() if custom_ids.MISS_TAG.match(a)]


def shows(message: SlackMessage, q: Question) -> bool:
    """Whether the message shows question ``q`` (its scenario)."""
    return escape(q.scenario)[:80] in seen(message)


async def answer_review(
    fake: FakeSlack, user: str, card: SlackMessage, letters: list[str]
) -> SlackMessage:
    """Answer a review card with its buttons (or its checkboxes modal); the card is
    replaced by the feedback, which is returned."""
    if len(letters) == 1:
        click = await fake.click(user, card.ts, ids.review_answer_action(letters[0]))
        assert click.acked_in_time
    else:
        click = await fake.click(user, card.ts, ids.REVIEW_CHOOSE)
        modal = await click.wait_view()
        saved = await fake.submit_view(user, modal.id, {"letters": letters})
        assert saved.acked_in_time and not saved.view_errors
    await fake.wait_until(
        lambda: "Review ·" not in block_text(fake.message(card.ts)), what="the review feedback"
    )
    return fake.message(card.ts)


async def exported(run: RunningSlack, user: str) -> dict[str, Any]:
    """``/study me export``, and the JSON file that arrives in the member's DM (other files,
    such as a ``/study stats`` chart still being uploaded, may reach the DM meanwhile)."""
    fake = run.fake
    before = len(fake.dm_messages(user))
    reply = await study(fake, user, "me export")
    assert "JSON file" in seen(reply)

    def export_dm() -> tuple[Any, Any] | None:
        for dm in fake.dm_messages(user)[before:]:
            for file in fake.files():
                if file.id in dm.files and file.filename == "my-study-data.json":
                    return dm, file
        return None

    dm, document = await fake.wait_until(export_dm, what="the export in the DM")
    assert document.channels == [dm.channel] and dm.channel.startswith("D"), "shared in the DM"
    data: dict[str, Any] = json.loads(document.content or b"{}")
    return data
