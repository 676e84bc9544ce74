"""Why I missed it, on Slack: tagging a miss from "My result" under the reveal, the notebook
and a mock review (in its modal); the pattern in ``/study stats`` and the weekly recap;
export, forget, and a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.content.schema import Question
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.core.custom_ids import MockAction
from bot.core.miss_reasons import LABELS, SUGGESTIONS, MissReason
from bot.db.models import MissTag
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.slack import ids
from bot.slack.blocks import escape
from tests.slack_e2e.harness import (
    MEMBERS,
    STUDY,
    RunningSlack,
    block_text,
    running_slack,
    set_up_group,
)
from tests.slack_e2e.study_days import (
    DAY,
    answer_review,
    exported,
    miss_tags,
    seen,
    shows,
    study,
    study_day,
    wrong_letters,
)
from tests.slack_e2e.test_daily_loop import REVEAL
from tests.slack_e2e.test_mock import (
    STARTS,
    answer,
    exam_view,
    marked,
    press,
    schedule_night,
    start_exam,
    view_text,
)

ADA, BOB, CEC = MEMBERS  # Ada and Cec miss, Bob is right


def tag_id(message: SlackMessage, reason: MissReason | None) -> str:
    code = "0" if reason is None else reason.value
    return next(a for a in miss_tags(message) if custom_ids.MISS_TAG.value(a, "reason") == code)


async def my_result(fake: FakeSlack, user: str, reveal: SlackMessage) -> SlackMessage:
    clicked = await fake.click(user, reveal.ts, ids.MY_RESULT)
    assert clicked.acked_in_time
    return await clicked.wait_ephemeral()


async def tag_in_place(
    fake: FakeSlack, user: str, message: SlackMessage, reason: MissReason | None
) -> SlackMessage:
    """Click a tag on a message that is about this miss alone: it is replaced."""
    before = seen(fake.message(message.ts))
    clicked = await fake.click(user, message.ts, tag_id(fake.message(message.ts), reason))
    assert clicked.acked_in_time
    await fake.wait_until(
        lambda: seen(fake.message(message.ts)) != before, what="the tag to be shown"
    )
    return fake.message(message.ts)


async def tagged_day(run: RunningSlack, clock: FakeClock, day: int) -> SlackMessage:
    await study_day(run, clock, day, {ADA: False, BOB: True, CEC: False})
    return run.reveals()[-1]


async def test_a_miss_is_tagged_from_the_reveal_edited_and_kept_across_a_restart(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        reveal = await tagged_day(run, clock, 0)
        assert ids.MY_RESULT in reveal.action_ids()

        right = await my_result(fake, BOB, reveal)
        assert "✅ You picked" in seen(right) and not miss_tags(right)
        missed = await my_result(fake, ADA, reveal)
        assert "❌ You picked" in seen(missed)
        assert [
            LABELS[MissReason(custom_ids.MISS_TAG.value(a, "reason"))] for a in miss_tags(missed)
        ] == [LABELS[r] for r in MissReason if r is not MissReason.TIME], "no time outside mocks"

        tagged = await tag_in_place(fake, ADA, missed, MissReason.CONSTRAINT)
        assert "Tagged" in seen(tagged) and f"✓ {LABELS[MissReason.CONSTRAINT]}" in seen(tagged)
        stats = seen(await study(fake, ADA, "stats"))
        assert "Most misses: overlooked the constraint — 1 of 1" in stats
        assert escape(SUGGESTIONS[MissReason.CONSTRAINT]) in stats
        assert "Why I missed it" not in seen(await study(fake, BOB, "stats"))

        await tag_in_place(fake, ADA, missed, MissReason.MISREAD)  # editing
        assert "misread the question — 1 of 1" in seen(await study(fake, ADA, "stats"))

        # The notebook: a tag there answers with a private message that can clear it.
        notebook = await study(fake, CEC, "mistakes")
        clicked = await fake.click(CEC, notebook.ts, tag_id(notebook, MissReason.UNKNOWN_SERVICE))
        confirmation = await clicked.wait_ephemeral()
        assert "Tagged" in seen(confirmation)
        assert "did not know the service — 1 of 1" in seen(await study(fake, CEC, "stats"))
        cleared = await tag_in_place(fake, CEC, confirmation, None)
        assert "Cleared" in seen(cleared)
        assert "Why I missed it" not in seen(await study(fake, CEC, "stats"))

    # A restart: the tag is kept and the buttons from before it still work.
    async with running_slack(fake, db_url, clock) as run:
        assert "misread the question — 1 of 1" in seen(await study(fake, ADA, "stats"))
        again = await tag_in_place(fake, ADA, missed, MissReason.ASSUMPTION)
        assert f"✓ {LABELS[MissReason.ASSUMPTION]}" in seen(again)

        # A review miss is tagged from the feedback, with a new private message.
        clock.set(REVEAL + DAY + timedelta(minutes=30))
        card = await study(fake, ADA, "review")
        feedback = await answer_review(fake, ADA, card, wrong_letters(card_question(run, card)))
        assert f"✓ {LABELS[MissReason.ASSUMPTION]}" in seen(feedback), "the current tag"
        clicked = await fake.click(ADA, feedback.ts, tag_id(feedback, MissReason.CHANGED))
        assert "Tagged" in seen(await clicked.wait_ephemeral())
        assert "changed a right answer — 1 of 1" in seen(await study(fake, ADA, "stats"))

        data = await exported(run, ADA)
        assert [t["reason"] for t in data["miss_tags"]] == [MissReason.CHANGED.value]
        ask = await study(fake, ADA, "me forget")
        await fake.click(ADA, ask.ts, ids.FORGET)
        await fake.wait_until(
            lambda: "deleted" in seen(fake.message(ask.ts)), what="the confirmation"
        )
        async with run.bot.services.database.unit_of_work() as session:
            assert await session.scalar(select(func.count()).select_from(MissTag)) == 0
        assert fake.api.hook_errors == [] and fake.failed_acks == []


async def test_the_weekly_recap_shows_the_groups_pattern_without_names(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        for day in range(3):
            reveal = await tagged_day(run, clock, day)
            for member, reason in (
                (ADA, MissReason.CONSTRAINT),
                (CEC, MissReason.CONSTRAINT if day else MissReason.MISREAD),
            ):
                await tag_in_place(fake, member, await my_result(fake, member, reveal), reason)
        clock.set(datetime(2026, 3, 9, 8, tzinfo=UTC))  # the next Monday
        await run.run_due()
        await run.run_due()
        [recap] = [m for m in fake.messages(STUDY) if "Week 1 in numbers" in block_text(m)]
        shown = block_text(recap)
        assert "Why we missed" in shown
        assert (
            "Most misses: overlooked the constraint — 5 of 6 (overlooked the constraint 5 · "
            "misread the question 1)" in shown
        )
        assert not any(name in shown for name in ("member1", "member3", "Member 1", "Member 3"))


async def test_a_mock_miss_is_tagged_ran_out_of_time_inside_the_review_modal(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await schedule_night(run, fake)
        clock.set(STARTS + timedelta(seconds=30))
        await run.run_due()
        [start_post] = marked(run, ids.MOCK_START_EVENT)
        await start_exam(fake, ADA, start_post)
        await answer(run, fake, ADA, 1, right=True)
        clock.set(STARTS + timedelta(minutes=15, seconds=5))  # time ran out
        await press(fake, ADA, MockAction.NEXT, 2)
        first = await press(fake, ADA, MockAction.REVIEW, 1)
        assert "✅ right" in view_text(first) and "Ran out of time" not in view_text(first)
        left = await press(fake, ADA, MockAction.REVIEW_NEXT, 2)
        assert "not answered" in view_text(left) and LABELS[MissReason.TIME] in view_text(left)

        view = exam_view(fake, ADA)
        before = view.hash
        time_tag = next(
            a
            for a in custom_ids_of(view.blocks)
            if custom_ids.MISS_TAG.value(a, "reason") == MissReason.TIME.value
        )
        clicked = await fake.click(ADA, view.id, time_tag)
        assert clicked.acked_in_time
        await fake.wait_until(lambda: view.hash != before, what="the review redrawn")
        assert f"✓ {LABELS[MissReason.TIME]}" in view_text(view)
        assert "Review 2 of 10" in view_text(view), "the same step, redrawn"
        assert "ran out of time — 1 of 1" in seen(await study(fake, ADA, "stats"))
        assert fake.api.hook_errors == [] and fake.failed_acks == []


def card_question(run: RunningSlack, card: SlackMessage) -> Question:
    """The bank question a review card shows."""
    return next(q for q in run.bot.services.bank.active if shows(card, q))


def custom_ids_of(blocks: list[dict[str, object]]) -> list[str]:
    return [
        str(element["action_id"])
        for block in blocks
        for element in block.get("elements", []) or []  # type: ignore[union-attr]
        if isinstance(element, dict) and "action_id" in element
    ]
