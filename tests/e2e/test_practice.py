"""``/practice`` end to end: a private drill with feedback at once, resumed after a restart,
never the open daily question or a running mock paper, apart from streaks and leaderboards,
in ``/stats`` as its own line, in spaced review, and in the member's data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from shutil import copy

from sqlalchemy import select

from bot.content.loader import default_content_dir, load_bank
from bot.content.schema import Question
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.db.models import DailyQuestion, MockQuestion, PracticeAnswer, PracticeDrill
from bot.devtools.fake_discord import FakeDiscord, FakeMessage, InteractionResult
from tests.e2e.harness import (
    CHANNEL,
    EVERY_DAY,
    GUILD,
    MEMBERS,
    ORGANISER,
    SETUP,
    Running,
    answer,
    running_bot,
)

ADA, BOB = MEMBERS[0], MEMBERS[1]
SMALL_BANK_FILES = ("low-code-a.yaml", "data-collab-a.yaml", "monitoring-a.yaml")


def two_answer_files(wanted: int = 3) -> list[str]:
    """Small question files that hold at least ``wanted`` "Choose 2" questions between them
    (whichever do as the bank is rewritten): a drill beside a mock paper of 10 still meets
    one."""
    found: list[str] = []
    count = 0
    for path in sorted((default_content_dir() / "questions").glob("*-?.yaml")):
        text = path.read_text(encoding="utf-8")
        if path.name not in SMALL_BANK_FILES and "choose: 2" in text:
            found.append(path.name)
            count += text.count("choose: 2")
            if count >= wanted:
                return found
    raise AssertionError("the small files hold too few two-answer questions")


def shown(run: Running, message: FakeMessage) -> Question:
    """The bank question a practice message shows (by its scenario)."""
    [q] = [q for q in run.bot.services.bank.active if q.scenario[:120] in message.text]
    return q


async def answer_practice(
    run: Running, user: int, message: FakeMessage, right: bool
) -> InteractionResult:
    """Answer the practice question on ``message`` right or wrong, as a member clicks."""
    q = shown(run, message)
    letters = list(q.answer) if right else [x for x in q.letters if x not in q.answer][: q.choose]
    chooser = next(
        (c for c in message.custom_ids if c.startswith(custom_ids.PRACTICE_SELECT.prefix)), None
    )
    if chooser:
        result = await run.fake.select(user, message.id, chooser, letters)
    else:
        button = next(
            c
            for c in message.custom_ids
            if custom_ids.PRACTICE_ANSWER.value(c, "letter") == letters[0]
        )
        result = await run.fake.click(user, message.id, button)
    assert result.ephemeral
    return result


def next_button(message: FakeMessage) -> str:
    return next(c for c in message.custom_ids if c.startswith(custom_ids.PRACTICE_NEXT.prefix))


def embed_fields(message: FakeMessage) -> list[tuple[str, str]]:
    return [(f["name"], f["value"]) for e in message.embeds for f in e.get("fields") or []]


async def test_a_drill_gives_feedback_at_once_and_leaves_streaks_and_leaderboards_alone(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        [post] = [m for m in run.public_messages() if "Question of the day" in m.text]
        await answer(run, ADA, post, right=True)
        clock.set(datetime(2026, 3, 2, 20, 30, tzinfo=UTC))
        await run.run_due()
        streak_before = (await fake.slash(GUILD, CHANNEL, ADA, "streak")).content
        board_before = (
            await fake.slash(GUILD, CHANNEL, ADA, "leaderboard", {"period": "all"})
        ).embeds
        stats_before = await (await fake.slash(GUILD, CHANNEL, ADA, "stats")).wait_original_edit()
        assert "Practice" not in stats_before.text

        first = await fake.slash(GUILD, CHANNEL, ADA, "practice", {"count": 3})
        assert first.ephemeral and "Practice · question 1 of 3" in first.message.text
        q1 = shown(run, first.message)
        assert q1.explanation[:40] not in first.message.text, "no key before the answer"
        missed = await answer_practice(run, ADA, first.message, right=False)
        feedback = missed.message.text
        assert f"❌ Not this time — {' and '.join(q1.answer)}" in feedback
        assert q1.explanation[:40] in feedback and q1.constraint in feedback
        assert "Why not" in feedback and "comes back in your spaced review" in feedback
        again = await answer_practice(run, ADA, first.message, right=True)
        assert "already answered" in (again.content or ""), "one answer per question"

        second = await fake.click(ADA, missed.message.id, next_button(missed.message))
        assert "question 2 of 3" in second.message.text
        assert shown(run, second.message) != q1, "never the same question twice"
        right = await answer_practice(run, ADA, second.message, right=True)
        third = await fake.click(ADA, right.message.id, next_button(right.message))
        done = await answer_practice(run, ADA, third.message, right=True)
        assert "Drill done: 3 questions, 2 right (67%)" in done.message.text
        assert not done.message.custom_ids, "nothing left to click"

        assert (await fake.slash(GUILD, CHANNEL, ADA, "streak")).content == streak_before
        board_after = await fake.slash(GUILD, CHANNEL, ADA, "leaderboard", {"period": "all"})
        assert board_after.embeds == board_before, "practice scores no points"
        stats = await (await fake.slash(GUILD, CHANNEL, ADA, "stats")).wait_original_edit()
        fields = embed_fields(stats)
        assert ("Practice", next(v for n, v in fields if n == "Practice")) in fields
        assert "3 answered, 67% right" in stats.text
        assert [f for f in fields if f[0] != "Practice"] == embed_fields(stats_before), (
            "the figures from revealed daily questions are unchanged"
        )

        # The miss comes back in spaced review a day later.
        clock.set(datetime(2026, 3, 3, 21, tzinfo=UTC))
        review = await fake.slash(GUILD, CHANNEL, ADA, "review")
        assert "Review ·" in review.message.text and q1.scenario[:120] in review.message.text


async def test_a_drill_resumes_after_a_restart_where_it_was(fake: FakeDiscord, db_url: str) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        started = await fake.slash(GUILD, CHANNEL, BOB, "practice", {"count": 4})
        q1 = shown(run, started.message)
        feedback = await answer_practice(run, BOB, started.message, right=True)
        following = await fake.click(BOB, feedback.message.id, next_button(feedback.message))
        q2 = shown(run, following.message)
        assert q2 != q1
    async with running_bot(fake, db_url, clock) as run:
        # The old buttons still work, and the drill is where it was.
        old_next = await fake.click(BOB, feedback.message.id, next_button(feedback.message))
        assert "question 2 of 4" in old_next.message.text and shown(run, old_next.message) == q2
        stale = await answer_practice(run, BOB, started.message, right=True)
        assert "already answered" in (stale.content or ""), "nothing graded twice"
        resumed = await fake.slash(GUILD, CHANNEL, BOB, "practice", {"count": 10})
        assert "Resuming your drill at question 2 of 4" in resumed.message.text
        assert shown(run, resumed.message) == q2
        graded = await answer_practice(run, BOB, resumed.message, right=False)
        assert "Question 2 of 4 · 1 of 2 right so far" in graded.message.text
        stopped = await fake.click(
            BOB,
            graded.message.id,
            custom_ids.PRACTICE_STOP.build(drill=int(next_button(graded.message).split(":")[2])),
        )
        assert "Drill stopped after 2 questions, 1 right (50%)" in stopped.message.text
        fresh = await fake.slash(GUILD, CHANNEL, BOB, "practice", {"count": 2})
        assert "question 1 of 2" in fresh.message.text and "Resuming" not in fresh.message.text


def small_bank(tmp_path: Path) -> Path:
    """The real exam and plan with a bank of about 25 questions."""
    root = tmp_path / "content"
    (root / "questions").mkdir(parents=True)
    for name in ("exam.yaml", "plan.yaml", "help.md"):
        copy(default_content_dir() / name, root / name)
    for name in (*SMALL_BANK_FILES, *two_answer_files()):
        copy(default_content_dir() / "questions" / name, root / "questions" / name)
    load_bank(root)
    return root


async def test_a_drill_never_asks_the_open_daily_question_or_a_running_mock_paper(
    fake: FakeDiscord, db_url: str, tmp_path: Path
) -> None:
    clock = FakeClock(datetime(2026, 3, 5, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock, content_dir=small_bank(tmp_path)) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        night = {"date": "2026-03-05", "time": "19:00", "questions": 10, "minutes": 30}
        await fake.slash(GUILD, CHANNEL, ORGANISER, "mock", night, subcommand="schedule")
        clock.set(datetime(2026, 3, 5, 9, tzinfo=UTC))
        await run.run_due()  # today's question is open until 20:00
        clock.set(datetime(2026, 3, 5, 19, 5, tzinfo=UTC))
        await run.run_due()  # the mock night opens: its paper is drawn
        async with run.bot.services.database.unit_of_work() as session:
            daily = set((await session.scalars(select(DailyQuestion.question_id))).all())
            paper = set((await session.scalars(select(MockQuestion.question_id))).all())
        assert len(daily) == 1 and len(paper) == 10
        every_id = {q.id for q in run.bot.services.bank.active}
        free = every_id - daily - paper

        message = (await fake.slash(GUILD, CHANNEL, ADA, "practice", {"count": 20})).message
        assert f"Only {len(free)} questions can be asked there right now" in message.text
        served = []
        while "Practice · question" in message.text:
            served.append(shown(run, message).id)
            result = await answer_practice(run, ADA, message, right=True)
            if "Drill done" in result.message.text:
                break
            message = (
                await fake.click(ADA, result.message.id, next_button(result.message))
            ).message
        assert set(served) == free and len(served) == len(free), "every free question, once"
        assert not set(served) & (daily | paper)
        bank = run.bot.services.bank
        assert any(bank.questions[q].choose > 1 for q in served), "a choose-2 question too"


async def test_practice_is_in_the_members_export_and_forget_deletes_it(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        started = await fake.slash(GUILD, CHANNEL, ADA, "practice", {"count": 2})
        q = shown(run, started.message)
        await answer_practice(run, ADA, started.message, right=False)
        exported = await fake.slash(GUILD, CHANNEL, ADA, "me", subcommand="export")
        (dump,) = exported.message.attachments
        data = json.loads(dump.data)
        assert [d["count"] for d in data["practice_drills"]] == [2]
        assert [(a["question_id"], a["is_correct"]) for a in data["practice_answers"]] == [
            (q.id, False)
        ]
        confirm = await fake.slash(GUILD, CHANNEL, ADA, "me", subcommand="forget")
        assert "practice drills" in confirm.content
        await fake.click(ADA, confirm.message.id, custom_ids.FORGET.build())
        async with run.bot.services.database.unit_of_work() as session:
            assert not (await session.scalars(select(PracticeDrill))).all()
            assert not (await session.scalars(select(PracticeAnswer))).all()
