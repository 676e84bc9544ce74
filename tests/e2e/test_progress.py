"""/stats, /leaderboard, /mistakes, /review and the data rights, end to end."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.db.models import Base, Member
from bot.devtools.fake_discord import FakeDiscord
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

CROWD = [900_000_000_000_001_000 + n for n in range(12)]  # more members than the top 10


async def play_days(run: Running, clock: FakeClock, days: int, crowd: Sequence[int]) -> None:
    """MEMBERS[0] is always right; MEMBERS[1] always wrong (with reasoning); the crowd
    answers right on even days only, so several share a score."""
    for day in range(days):
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=day))
        await run.run_due()
        message = [m for m in run.public_messages() if "Question of the day" in m.text][-1]
        await answer(run, MEMBERS[0], message, right=True)
        await answer(run, MEMBERS[1], message, right=False)
        daily_id = int(message.custom_ids[0].split(":")[2])
        await run.bot.services.daily.add_reasoning(
            str(GUILD), str(MEMBERS[1]), daily_id, f"My reasoning on day {day}", "5", clock.now()
        )
        for member in crowd:
            await answer(run, member, message, right=day % 2 == 0)
        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC) + timedelta(days=day))
        await run.run_due()


@asynccontextmanager
async def six_days_played(
    fake: FakeDiscord, db_url: str, crowd: Sequence[int] = ()
) -> AsyncIterator[tuple[Running, FakeClock]]:
    """A group set up on Monday 2 March that has played six study days (see ``play_days``)."""
    for number, member in enumerate(crowd):
        fake.add_member(GUILD, member, f"crowd{number}")
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        await play_days(run, clock, 6, crowd)
        yield run, clock


async def test_stats_are_private_with_a_chart_until_the_member_makes_them_public(
    fake: FakeDiscord, db_url: str
) -> None:
    async with six_days_played(fake, db_url):
        reply = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "stats")
        message = await reply.wait_original_edit()
        assert message.ephemeral
        (chart,) = message.attachments
        assert chart.filename == "stats.png" and chart.data.startswith(b"\x89PNG")
        text = message.text
        assert "0/6" in text.replace(" ", "") or "0/" in text
        assert "Calibration" in text and "overconfident" in text, "evidence-aware weak sections"
        refused = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "stats", {"member": MEMBERS[1]})
        refused_message = await refused.wait_original_edit()
        assert "private" in refused_message.text
        public = await fake.slash(
            GUILD, CHANNEL, MEMBERS[1], "me", {"stats_public": True}, subcommand="set"
        )
        assert "Statistics: public" in public.content, public.content
        shown = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "stats", {"member": MEMBERS[1]})
        shown_message = await shown.wait_original_edit()
        assert shown_message.attachments, shown_message.text


async def test_stats_of_someone_who_left_the_server_get_a_clear_private_answer(
    fake: FakeDiscord, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with six_days_played(fake, db_url, CROWD[:1]):
        await fake.slash(GUILD, CHANNEL, CROWD[0], "me", {"stats_public": True}, subcommand="set")
        fake.remove_member(GUILD, CROWD[0])
        with caplog.at_level(logging.INFO):
            gone = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "stats", {"member": CROWD[0]})
        assert gone.ephemeral and "not a member of this server" in (gone.content or "")
        assert "went wrong" not in (gone.content or "")
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "no error logged"


async def test_the_leaderboard_shares_ranks_on_ties_and_shows_a_members_own_rank(
    fake: FakeDiscord, db_url: str
) -> None:
    async with six_days_played(fake, db_url, CROWD):
        board = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "leaderboard", {"period": "all"})
        board_text = str(board.embeds)
        assert f"**1.** <@{MEMBERS[0]}> — 6 points" in board_text
        assert board_text.count("**2.**") == 9, "the crowd ties for second place (top 10)"
        assert f"<@{MEMBERS[1]}> — 0 points" in board_text and "**14.**" in board_text


async def test_mistakes_are_paged_with_own_reasoning_and_export_as_markdown(
    fake: FakeDiscord, db_url: str
) -> None:
    async with six_days_played(fake, db_url):
        notebook = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "mistakes", subcommand="list")
        assert "Mistake 1 of 6" in notebook.message.text
        assert "My reasoning on day 5" in notebook.message.text
        following = next(c for c in notebook.message.custom_ids if c.endswith(":n"))
        page = await fake.click(MEMBERS[1], notebook.message.id, following)
        assert "Mistake 2 of 6" in page.message.text
        exported = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "mistakes", subcommand="export")
        (markdown,) = exported.message.attachments
        assert markdown.filename == "mistakes.md"
        assert markdown.data.decode().count("## 2026-03-") == 6


async def test_a_missed_question_comes_back_for_review_to_its_owner_only(
    fake: FakeDiscord, db_url: str
) -> None:
    async with six_days_played(fake, db_url) as (run, clock):
        # The first missed question comes back a day after its reveal.
        clock.set(datetime(2026, 3, 7, 21, tzinfo=UTC))
        due = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "review")
        assert due.ephemeral and "Review ·" in due.message.text
        item = await run.bot.services.review.next_due(str(MEMBERS[1]), clock.now())
        assert item is not None

        async def pick_review(user: int, letters: list[str]):  # type: ignore[no-untyped-def]
            if item.question.choose > 1:
                (select,) = [c for c in due.message.custom_ids if custom_ids.REVIEW_SELECT.match(c)]
                return await fake.select(user, due.message.id, select, letters)
            (button,) = [
                c
                for c in due.message.custom_ids
                if custom_ids.REVIEW_ANSWER.value(c, "letter") == letters[0]
            ]
            return await fake.click(user, due.message.id, button)

        stolen = await pick_review(MEMBERS[0], list(item.question.answer))
        assert stolen.ephemeral and "not yours" in stolen.content, "another member's card"
        graded = await pick_review(MEMBERS[1], list(item.question.answer))
        feedback = graded.message.text
        assert "✅ Right" in feedback and item.question.constraint in feedback
        assert "Next card" in str(graded.message.components), "more cards are due"
        again = await pick_review(MEMBERS[1], list(item.question.answer))
        assert again.ephemeral and "counted once" in again.content, "a second click grades nothing"
        card_state = await run.bot.services.review.next_due(str(MEMBERS[1]), clock.now())
        assert card_state is not None and card_state.card_id != item.card_id, (
            "a right answer moves the card days ahead"
        )


async def test_mondays_recap_is_posted_once_and_opted_in_members_hear_what_is_due(
    fake: FakeDiscord, db_url: str
) -> None:
    async with six_days_played(fake, db_url) as (run, clock):
        await fake.slash(GUILD, CHANNEL, MEMBERS[1], "me", {"reminders": True}, subcommand="set")
        clock.set(datetime(2026, 3, 9, 9, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
        (recap,) = [m for m in run.public_messages() if "Week 1 recap" in m.text]
        assert "6 questions, " in recap.text and "Top of each section" in recap.text
        assert f"<@{MEMBERS[0]}>" in recap.text and "Most missed" in recap.text
        assert "Hardest question" in recap.text
        (due_dm,) = [m for m in fake.dm_messages(MEMBERS[1]) if "due for review" in m.text]
        assert "/review" in due_dm.text


async def test_me_export_gives_the_members_data_and_forget_leaves_none_of_it(
    fake: FakeDiscord, db_url: str
) -> None:
    async with six_days_played(fake, db_url) as (run, _clock):
        exported_data = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "me", subcommand="export")
        (dump,) = exported_data.message.attachments
        data = json.loads(dump.data)
        assert data["member"]["external_id"] == str(MEMBERS[1])
        assert len(data["answers"]) == 6 and data["answers"][0]["question_id"]
        assert data["review_cards"] and data["streaks"]
        confirm = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "me", subcommand="forget")
        assert "Are you sure" in confirm.content
        done = await fake.click(MEMBERS[1], confirm.message.id, custom_ids.FORGET.build())
        assert "deleted" in done.content

        async with run.bot.services.database.unit_of_work() as session:
            member = await session.scalar(
                select(Member).where(Member.external_id == str(MEMBERS[1]))
            )
            assert member is None
            for table in Base.metadata.sorted_tables:
                if "member_id" in table.columns:
                    rows = (await session.execute(select(table.c.member_id))).scalars().all()
                    assert all(isinstance(r, int) for r in rows)
                    ids = set(rows)
                    remaining = (
                        (await session.execute(select(Member.id).where(Member.id.in_(ids))))
                        .scalars()
                        .all()
                    )
                    assert set(remaining) == ids, f"{table.name} kept rows of a deleted member"
