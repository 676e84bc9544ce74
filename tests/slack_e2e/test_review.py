"""``/study review`` on Slack: due cards one at a time, feedback at once, the schedule fed by
each answer, the daily reminder DM, and a restart in the middle of a review."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.content.schema import Question
from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.services.review import NOTHING_DUE
from bot.slack import ids
from bot.slack.blocks import escape
from tests.slack_e2e.harness import MEMBERS, running_slack, set_up_group
from tests.slack_e2e.study_days import (
    DAY,
    answer_review,
    controls,
    miss_tags,
    missed_choose_two,
    right_letters,
    seen,
    shows,
    study,
    study_day,
    wrong_letters,
)
from tests.slack_e2e.test_daily_loop import POST, REVEAL

ADA, BOB = MEMBERS[0], MEMBERS[1]


def next_time(feedback: SlackMessage) -> datetime:
    """When the feedback says the card comes back."""
    match = re.search(r"Next time: <!date\^(\d+)\^", seen(feedback))
    assert match, "the feedback says when the card comes back"
    return datetime.fromtimestamp(int(match[1]), UTC)


def card_of(message: SlackMessage, questions: list[Question]) -> Question:
    [q] = [q for q in questions if shows(message, q)]
    return q


async def test_a_review_card_is_graded_with_feedback_and_comes_back_on_schedule(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        q = await study_day(run, clock, 0, {ADA: False})
        assert NOTHING_DUE in seen(await study(fake, ADA, "review")), "first due a day later"

        clock.set(REVEAL + DAY + timedelta(minutes=30))
        card = await study(fake, ADA, "review")
        assert "Review · 1 due" in seen(card) and shows(card, q)
        assert q.explanation[:40] not in seen(card), "no key before the answer"

        wrong = wrong_letters(q)
        feedback = await answer_review(fake, ADA, card, wrong)
        shown = seen(feedback)
        assert f"❌ Not this time — {' and '.join(q.answer)}" in shown
        assert escape(q.explanation)[:40] in shown and escape(q.constraint)[:30] in shown
        for letter in wrong:
            assert f"*Why not {letter}:*" in shown
        assert "0 more due now" in shown and controls(feedback) == [], "buttons gone"
        assert len(miss_tags(feedback)) == 5, "why I missed it: five reasons, no time"
        assert NOTHING_DUE in seen(await study(fake, ADA, "review")), "graded: not due now"

        comes_back = next_time(feedback)
        clock.set(comes_back - timedelta(seconds=1))
        assert NOTHING_DUE in seen(await study(fake, ADA, "review")), "not before that time"
        clock.set(comes_back)
        again = await study(fake, ADA, "review")
        assert shows(again, q)
        right = await answer_review(fake, ADA, again, right_letters(q))
        assert f"✅ Right — {' and '.join(q.answer)}" in seen(right)
        assert "*Why not" not in seen(right)
        assert NOTHING_DUE in seen(await study(fake, ADA, "review"))
        assert NOTHING_DUE in seen(await study(fake, BOB, "review")), "each member's own cards"
        assert fake.api.hook_errors == [] and fake.failed_acks == []


async def test_a_review_reminder_comes_once_a_day_by_dm_to_members_who_want_reminders(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await study_day(run, clock, 0, {ADA: False, BOB: False})
        assert "Reminder DMs: on" in seen(await study(fake, ADA, "me set reminders on"))

        clock.set(REVEAL + DAY + timedelta(minutes=5))
        await run.run_due()
        await run.run_due()

    def reminders(user: str) -> list[SlackMessage]:
        return [m for m in fake.dm_messages(user) if "due for review" in m.text]

    [dm] = reminders(ADA)
    assert "1 question is due for review today" in dm.text and "`/study review`" in dm.text
    assert reminders(BOB) == [], "reminders are opt-in"
    async with running_slack(fake, db_url, clock) as run:  # a restart sends nothing twice
        await run.run_due()
        assert len(reminders(ADA)) == 1
        clock.set(POST + 2 * DAY + timedelta(hours=1))  # the next day, after the post time
        await run.run_due()
        assert len(reminders(ADA)) == 2
    opened = [c for c in fake.calls("conversations.open") if c.args.get("users") == ADA]
    assert opened and all(c.error is None for c in opened)


async def test_a_restart_in_the_middle_of_a_review_loses_nothing_and_repeats_nothing(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        days = [await study_day(run, clock, day, {ADA: False}) for day in range(2)]
        clock.set(REVEAL + 2 * DAY + timedelta(minutes=30))
        card = await study(fake, ADA, "review")
        twin = await study(fake, ADA, "review")  # the same card, shown twice
        assert "Review · 2 due" in seen(card)
        first = card_of(card, days)
        feedback = await answer_review(fake, ADA, card, right_letters(first))
        assert "1 more due now" in seen(feedback)

    async with running_slack(fake, db_url, clock) as run:
        # A second answer to the card already graded, from before the restart: not graded.
        letters = right_letters(first)
        if len(letters) == 1:
            click = await fake.click(ADA, twin.ts, ids.review_answer_action(letters[0]))
            refusal = await click.wait_ephemeral()
            assert "already answered this review card" in seen(refusal)
        else:
            click = await fake.click(ADA, twin.ts, ids.REVIEW_CHOOSE)
            modal = await click.wait_view()
            refused = await fake.submit_view(ADA, modal.id, {"letters": letters})
            assert "already answered" in " ".join(refused.view_errors.values())

        # "Next card" from before the restart still works, and shows the other card.
        nxt = await fake.click(ADA, feedback.ts, ids.REVIEW_NEXT)
        second_card = await nxt.wait_ephemeral()
        assert "Review · 1 due" in seen(second_card)
        second = card_of(second_card, days)
        assert second != first, "the answered card is not asked again"
        done = await answer_review(fake, ADA, second_card, right_letters(second))
        assert "0 more due now" in seen(done) and done.action_ids() == []
        assert NOTHING_DUE in seen(await study(fake, ADA, "review"))
        assert fake.api.hook_errors == [] and fake.failed_acks == []


async def test_a_choose_two_card_is_answered_with_checkboxes_and_a_wrong_count_is_refused(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        q, day = await missed_choose_two(run, clock, ADA)
        clock.set(REVEAL + (day + 1) * DAY + timedelta(minutes=30))

        card = await study(fake, ADA, "review")
        assert card.action_ids() == [ids.REVIEW_CHOOSE]
        click = await fake.click(ADA, card.ts, ids.REVIEW_CHOOSE)
        modal = await click.wait_view()
        one = await fake.submit_view(ADA, modal.id, {"letters": [q.answer[0]]})
        assert one.view_errors.get("letters"), "exactly two, said beside the boxes"
        assert "Review ·" in seen(fake.message(card.ts)), "nothing graded"

        wrong = wrong_letters(q)
        saved = await fake.submit_view(ADA, modal.id, {"letters": wrong})
        assert saved.acked_in_time and not saved.view_errors
        await fake.wait_until(
            lambda: "Not this time" in seen(fake.message(card.ts)), what="the feedback"
        )
        shown = seen(fake.message(card.ts))
        assert all(f"*Why not {x}:*" in shown for x in wrong)
        assert NOTHING_DUE in seen(await study(fake, ADA, "review"))


async def test_feedback_from_a_form_left_open_past_the_cards_lifetime_arrives_by_dm(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        q, day = await missed_choose_two(run, clock, ADA)
        clock.set(REVEAL + (day + 1) * DAY + timedelta(minutes=30))
        card = await study(fake, ADA, "review")
        modal = await (await fake.click(ADA, card.ts, ids.REVIEW_CHOOSE)).wait_view()

        clock.advance(timedelta(minutes=31))  # the card's response URL has expired
        saved = await fake.submit_view(ADA, modal.id, {"letters": right_letters(q)})
        assert saved.acked_in_time and not saved.view_errors
        [dm] = await fake.wait_until(lambda: fake.dm_messages(ADA), what="the feedback DM")
        assert f"✅ Right — {' and '.join(q.answer)}" in seen(dm)
        assert fake.api.hook_errors == ["expired_url"]
