"""A study day on Slack, from the post to the reveal, through the real slack-bolt app."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.services.daily import QuestionCard
from bot.slack import ids
from tests.slack_e2e.harness import (
    MEMBERS,
    STUDY,
    RunningSlack,
    block_text,
    running_slack,
    set_up_group,
)

POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
REVEAL = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)  # 20:00 in Berlin


async def posted_question(run: RunningSlack) -> tuple[SlackMessage, QuestionCard]:
    [message] = run.questions()
    daily_id = message.metadata["event_payload"]["daily_id"]  # type: ignore[index]
    return message, await run.bot.services.daily.question_card(daily_id)


async def pick(fake: FakeSlack, user: str, message: SlackMessage, letters: list[str]) -> str:
    """Answer as a member would: a letter button, or the checkboxes of a choose-N question.
    Returns the private receipt."""
    before = len(fake.ephemerals(user))
    if len(letters) == 1:
        click = await fake.click(user, message.ts, ids.answer_action(letters[0]))
        assert click.acked_in_time
    else:
        click = await fake.click(user, message.ts, ids.CHOOSE)
        modal = await click.wait_view()
        saved = await fake.submit_view(user, modal.id, {"letters": letters})
        assert saved.acked_in_time and not saved.view_errors
    receipts = await fake.wait_until(
        lambda: fake.ephemerals(user)[before:], what=f"the receipt for {user}"
    )
    return receipts[-1].text


async def test_a_study_day_from_post_to_reveal(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        clock.set(POST)
        await run.run_due()
        message, card = await posted_question(run)
        q = card.question
        right, wrong = q.answer, [x for x in q.letters if x not in q.answer][: q.choose]
        assert q.scenario[:50] in block_text(message)
        assert fake.messages(STUDY)[0].metadata is not None, "every post carries a marker"

        first = await pick(fake, MEMBERS[0], message, wrong)
        assert "You picked" in first and "Nobody sees picks before the reveal" in first
        changed = await pick(fake, MEMBERS[0], message, right)
        assert "changed your pick to" in changed
        await pick(fake, MEMBERS[1], message, wrong)
        assert fake.ephemerals(MEMBERS[2]) == [], "receipts are private"
        assert not any("picked" in m.text for m in fake.messages(STUDY))
        await run.bot.counts.drain()
        assert "2 answers so far" in block_text(fake.message(message.ts))

        click = await fake.click(MEMBERS[0], message.ts, ids.REASON)
        modal = await click.wait_view()
        too_long = await fake.submit_view(MEMBERS[0], modal.id, {"reasoning": "x" * 1001})
        assert "limit is 1,000" in (too_long.view_errors or {})["reasoning"]
        saved = await fake.submit_view(
            MEMBERS[0],
            modal.id,
            {"reasoning": "The <@U0BOB> phrase about *cost* decides it.", "confidence": "4"},
        )
        assert saved.acked_in_time and not saved.view_errors
        await fake.wait_until(
            lambda: any("Saved your reasoning" in m.text for m in fake.ephemerals(MEMBERS[0])),
            what="the reasoning receipt",
        )

        clock.set(REVEAL)
        await run.run_due()
        [reveal] = run.reveals()
        shown = block_text(reveal)
        assert f"Answer: {' and '.join(right)}" in shown
        assert q.constraint[:40] in shown
        assert "Member 1" in shown, "who was right and who is quoted, by display name"
        assert "member1" not in shown, "not by the username the click carried"
        assert "<@" not in shown, "no mention: a mention in Slack always notifies"
        assert "&lt;@U0BOB&gt;" in shown, "a member's words are shown as typed"
        assert "confidence 4/5" in shown
        [prompt] = [
            m for m in fake.messages(STUDY) if m.thread_ts == reveal.ts and m.ts != reveal.ts
        ]
        assert "What decided it for you?" in prompt.text

        closed = fake.message(message.ts)
        assert closed.action_ids() == [], "the buttons give way to a line"
        status = block_text(closed)
        assert "*Closed* · 2 answers" in status
        assert f"/archives/{STUDY}/p{reveal.ts.replace('.', '')}" in status
        assert fake.calls("conversations.history") == [], "no crash, no history reads"
        assert fake.failed_acks == []


async def test_the_live_count_is_edited_at_most_once_per_interval(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        clock.set(POST)
        await run.run_due()
        message, card = await posted_question(run)
        letters = card.question.answer
        for member in MEMBERS:
            await pick(fake, member, message, letters)
        await run.bot.counts.drain()
        edits = [c for c in fake.calls("chat.update") if c.args.get("ts") == message.ts]
        assert 1 <= len(edits) <= 2, "the first answer at once, the rest in one more edit"
        assert "3 answers so far" in block_text(fake.message(message.ts))
