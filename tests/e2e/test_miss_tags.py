"""Why I missed it, on Discord: tagging a miss from the reveal's private follow-up, the
notebook, a review and a mock review; the pattern in /stats and the recap; export, forget,
and a restart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.core.miss_reasons import LABELS, SUGGESTIONS, MissReason
from bot.db.models import MissTag
from bot.devtools.fake_discord import FakeDiscord, FakeMessage
from tests.e2e.harness import (
    CHANNEL,
    EVERY_DAY,
    GUILD,
    MEMBERS,
    ORGANISER,
    Running,
    answer,
    running_bot,
)
from tests.e2e.test_mock import button, exam_evening

WRONG, RIGHT, OTHER = MEMBERS[1], MEMBERS[0], MEMBERS[2]


def labels(message: FakeMessage) -> list[str]:
    return [
        str(c.get("label"))
        for row in message.components
        for c in row.get("components", [])
        if c.get("custom_id", "").startswith(custom_ids.MISS_TAG.prefix)
    ]


def tag_id(message: FakeMessage, reason: MissReason | None) -> str:
    """The custom id of a reason's button (``None``: Clear) on a message."""
    code = "0" if reason is None else reason.value
    return next(c for c in message.custom_ids if custom_ids.MISS_TAG.value(c, "reason") == code)


async def play_day(run: Running, clock: FakeClock, day: int) -> FakeMessage:
    """One study day: RIGHT is right, WRONG and OTHER are wrong; returns the reveal."""
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=day))
    await run.run_due()
    question = [m for m in run.public_messages() if "Question of the day" in m.text][-1]
    await answer(run, RIGHT, question, right=True)
    await answer(run, WRONG, question, right=False)
    await answer(run, OTHER, question, right=False)
    clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC) + timedelta(days=day))
    await run.run_due()
    return [m for m in run.public_messages() if "How the group reasoned" in m.text][-1]


async def stats_text(fake: FakeDiscord, user: int) -> str:
    stats = await fake.slash(GUILD, CHANNEL, user, "stats")
    return (await stats.wait_original_edit()).text


async def test_a_miss_is_tagged_from_the_reveal_edited_and_kept_across_a_restart(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        reveal = await play_day(run, clock, 0)
        mine = custom_ids.MY_RESULT.build(daily=int(reveal.custom_ids[0].split(":")[2]))
        assert mine in reveal.custom_ids, "the reveal offers each member their own result"

        right = await fake.click(RIGHT, reveal.id, mine)
        assert right.ephemeral and "✅" in right.content and not labels(right.message)
        missed = await fake.click(WRONG, reveal.id, mine)
        assert missed.ephemeral and "❌ You picked" in missed.content
        assert labels(missed.message) == [LABELS[r] for r in MissReason if r != MissReason.TIME]

        # One click tags it; the private follow-up now shows the choice.
        tagged = await fake.click(
            WRONG, missed.message.id, tag_id(missed.message, MissReason.CONSTRAINT)
        )
        assert "Tagged" in tagged.message.text
        assert f"✓ {LABELS[MissReason.CONSTRAINT]}" in labels(tagged.message)
        text = await stats_text(fake, WRONG)
        assert "Most misses: overlooked the constraint — 1 of 1" in text
        assert SUGGESTIONS[MissReason.CONSTRAINT] in text
        assert "Why I missed it" not in await stats_text(fake, RIGHT), "no tags, no pattern"
        # Tags stay private even when the member's statistics are public.
        await fake.slash(GUILD, CHANNEL, WRONG, "me", {"stats_public": True}, subcommand="set")
        theirs = await fake.slash(GUILD, CHANNEL, RIGHT, "stats", {"member": WRONG})
        shown = (await theirs.wait_original_edit()).text
        assert "Calibration" in shown or "answers in this server" in shown
        assert "Why I missed it" not in shown and "overlooked" not in shown

        # Editing: another reason replaces it.
        await fake.click(WRONG, missed.message.id, tag_id(tagged.message, MissReason.MISREAD))
        assert "Most misses: misread the question — 1 of 1" in await stats_text(fake, WRONG)

        # The notebook offers the same tags, showing the current one.
        notebook = await fake.slash(GUILD, CHANNEL, WRONG, "mistakes", subcommand="list")
        assert f"✓ {LABELS[MissReason.MISREAD]}" in labels(notebook.message)
        other = await fake.slash(GUILD, CHANNEL, OTHER, "mistakes", subcommand="list")
        from_notebook = await fake.click(
            OTHER, other.message.id, tag_id(other.message, MissReason.UNKNOWN_SERVICE)
        )
        assert from_notebook.ephemeral and "Tagged" in from_notebook.content

        # Clearing: the tag is gone, and so is the pattern.
        cleared = await fake.click(
            OTHER, from_notebook.message.id, tag_id(from_notebook.message, None)
        )
        assert "Cleared" in cleared.message.text
        assert "Why I missed it" not in await stats_text(fake, OTHER)

    # A restart: the tag is still there, and the old buttons still work.
    async with running_bot(fake, db_url, clock) as run:
        assert "misread the question — 1 of 1" in await stats_text(fake, WRONG)
        again = await fake.click(
            WRONG, missed.message.id, tag_id(missed.message, MissReason.ASSUMPTION)
        )
        assert "Tagged" in again.message.text
        assert "wrong assumption about a service — 1 of 1" in await stats_text(fake, WRONG)

        # A review miss can be tagged too (the card came back after the reveal).
        clock.set(datetime(2026, 3, 3, 21, tzinfo=UTC))
        due = await fake.slash(GUILD, CHANNEL, WRONG, "review")
        item = await run.bot.services.review.next_due(str(WRONG), clock.now())
        assert item is not None
        wrong = [x for x in item.question.letters if x not in item.question.answer]
        if item.question.choose > 1:
            graded = await fake.select(
                WRONG,
                due.message.id,
                custom_ids.REVIEW_SELECT.build(card=item.card_id, shown=item.reviews),
                wrong[: item.question.choose],
            )
        else:
            graded = await fake.click(
                WRONG,
                due.message.id,
                custom_ids.REVIEW_ANSWER.build(
                    card=item.card_id, shown=item.reviews, letter=wrong[0]
                ),
            )
        assert f"✓ {LABELS[MissReason.ASSUMPTION]}" in labels(graded.message)
        await fake.click(WRONG, graded.message.id, tag_id(graded.message, MissReason.CHANGED))
        assert "changed a right answer — 1 of 1" in await stats_text(fake, WRONG)

        # Export carries the tag; forget deletes it.
        exported = await fake.slash(GUILD, CHANNEL, WRONG, "me", subcommand="export")
        data = json.loads(exported.message.attachments[0].data)
        assert [(t["question_id"], t["reason"]) for t in data["miss_tags"]] == [
            (item.question.id, MissReason.CHANGED.value)
        ]
        confirm = await fake.slash(GUILD, CHANNEL, WRONG, "me", subcommand="forget")
        await fake.click(WRONG, confirm.message.id, custom_ids.FORGET.build())
        async with run.bot.services.database.unit_of_work() as session:
            assert await session.scalar(select(func.count()).select_from(MissTag)) == 0
        assert not fake.bot_errors


async def test_the_weekly_recap_shows_the_groups_pattern_without_names(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        for day in range(3):
            reveal = await play_day(run, clock, day)
            mine = custom_ids.MY_RESULT.build(daily=int(reveal.custom_ids[0].split(":")[2]))
            for member, reason in (
                (WRONG, MissReason.CONSTRAINT),
                (OTHER, MissReason.CONSTRAINT if day else MissReason.MISREAD),
            ):
                result = await fake.click(member, reveal.id, mine)
                await fake.click(member, result.message.id, tag_id(result.message, reason))
        clock.set(datetime(2026, 3, 9, 9, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
        (recap,) = [m for m in run.public_messages() if "Week 1 recap" in m.text]
        assert "Why we missed" in recap.text
        assert (
            "Most misses: overlooked the constraint — 5 of 6 (overlooked the constraint 5 · "
            "misread the question 1)" in recap.text
        )
        assert f"<@{WRONG}>" not in recap.text and f"<@{OTHER}>" not in recap.text
        assert not fake.bot_errors


async def test_a_mock_miss_can_be_tagged_ran_out_of_time_from_the_review(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        evening = await exam_evening(run, clock)
        clock.set(datetime(2026, 3, 5, 19, 31, tzinfo=UTC))
        await run.run_due()
        results = await fake.click(
            MEMBERS[0], evening.start.id, custom_ids.MOCK_START.build(mock=1)
        )
        review = await fake.click(
            MEMBERS[0], results.message.id, button(results.message, "Review every question")
        )
        assert "✅ right" in review.message.text and not labels(review.message)
        await fake.click(MEMBERS[0], review.message.id, button(review.message, "Next ▶"))
        left = review.message  # question 2 was flagged and never answered: a miss
        assert LABELS[MissReason.TIME] in labels(left)
        tagged = await fake.click(MEMBERS[0], left.id, tag_id(left, MissReason.TIME))
        assert tagged.ephemeral and "Ran out of time" in tagged.content
        assert "ran out of time — 1 of 1" in await stats_text(fake, MEMBERS[0])

        assert not fake.bot_errors
