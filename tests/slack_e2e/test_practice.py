"""``/study practice`` on Slack: a private drill with feedback at once, resumed after a
restart, never the open daily question or a running mock paper, apart from streaks and the
leaderboard, in ``/study stats`` as its own line, in spaced review, and in the member's data."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.content.schema import Question
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.db.models import DailyQuestion, MockQuestion, PracticeAnswer, PracticeDrill
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.slack import ids
from bot.slack.blocks import escape
from tests.e2e.test_practice import small_bank
from tests.slack_e2e.harness import ADMIN, MEMBERS, RunningSlack, running_slack, set_up_group
from tests.slack_e2e.study_days import (
    DAY,
    exported,
    open_day,
    right_letters,
    seen,
    study,
    study_day,
    wrong_letters,
)
from tests.slack_e2e.test_daily_loop import POST, REVEAL

ADA, BOB = MEMBERS[0], MEMBERS[1]


def shown(run: RunningSlack, message: SlackMessage) -> Question:
    """The bank question a practice message shows (by its scenario)."""
    [q] = [q for q in run.bot.services.bank.active if escape(q.scenario)[:100] in seen(message)]
    return q


def scores(board: str) -> str:
    """A leaderboard without its names (a member's display name is looked up once, after
    their first click, so it may change from the username meanwhile)."""
    return re.sub(r"(\*\d+\.\*) [^—\n]+ —", r"\1 —", board)


def action(message: SlackMessage, kind: custom_ids.CustomId) -> str:
    return next(a for a in message.action_ids() if kind.match(a))


async def answer_practice(
    run: RunningSlack, user: str, message: SlackMessage, right: bool
) -> SlackMessage:
    """Answer the question on ``message`` with its buttons (or its checkboxes modal); the
    question is replaced by the feedback, which is returned."""
    fake = run.fake
    q = shown(run, message)
    letters = right_letters(q) if right else wrong_letters(q)
    if q.choose == 1:
        button = next(
            a
            for a in message.action_ids()
            if custom_ids.PRACTICE_ANSWER.value(a, "letter") == letters[0]
        )
        assert (await fake.click(user, message.ts, button)).acked_in_time
    else:
        click = await fake.click(user, message.ts, action(message, custom_ids.PRACTICE_SELECT))
        modal = await click.wait_view()
        saved = await fake.submit_view(user, modal.id, {"letters": letters})
        assert saved.acked_in_time and not saved.view_errors
    await fake.wait_until(
        lambda: "Practice · question" not in seen(fake.message(message.ts)), what="the feedback"
    )
    return fake.message(message.ts)


async def press_next(run: RunningSlack, user: str, feedback: SlackMessage) -> SlackMessage:
    """Next question: the question arrives as a new private message."""
    fake = run.fake
    before = len(fake.ephemerals(user))
    click = await fake.click(user, feedback.ts, action(feedback, custom_ids.PRACTICE_NEXT))
    assert click.acked_in_time
    return (await fake.wait_until(lambda: fake.ephemerals(user)[before:], what="the next"))[-1]


async def test_a_drill_gives_feedback_at_once_and_leaves_streaks_and_leaderboard_alone(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await study_day(run, clock, 0, {ADA: True})
        clock.set(REVEAL + timedelta(minutes=30))
        streak_before = seen(await study(fake, ADA, "streak"))
        board_before = scores(seen(await study(fake, ADA, "leaderboard all")))
        assert "1 point (1 answered)" in board_before
        stats_before = seen(await study(fake, ADA, "stats"))
        assert "Practice" not in stats_before

        first = await study(fake, ADA, "practice 3")
        assert "Practice · question 1 of 3" in seen(first)
        q1 = shown(run, first)
        assert escape(q1.explanation)[:40] not in seen(first), "no key before the answer"
        missed = await answer_practice(run, ADA, first, right=False)
        feedback = seen(missed)
        assert f"❌ Not this time — {' and '.join(q1.answer)}" in feedback
        assert escape(q1.explanation)[:40] in feedback and escape(q1.constraint)[:30] in feedback
        assert "*Why not" in feedback and "comes back in your spaced review" in feedback

        second = await press_next(run, ADA, missed)
        assert "question 2 of 3" in seen(second) and shown(run, second) != q1
        third = await press_next(run, ADA, await answer_practice(run, ADA, second, right=True))
        done = await answer_practice(run, ADA, third, right=True)
        assert "Drill done: 3 questions, 2 right (67%)" in seen(done)
        assert done.action_ids() == [], "nothing left to click"

        assert seen(await study(fake, ADA, "streak")) == streak_before
        assert scores(seen(await study(fake, ADA, "leaderboard all"))) == board_before
        stats = seen(await study(fake, ADA, "stats"))
        assert "*Practice* 3 answered, 67% right" in stats
        assert stats.replace(stats[stats.index("*Practice*") :].split("\n")[0] + "\n", "") == (
            stats_before
        ), "the figures from revealed daily questions are unchanged"

        clock.set(REVEAL + DAY + timedelta(hours=1))
        review = await study(fake, ADA, "review")
        assert "Review ·" in seen(review) and escape(q1.scenario)[:100] in seen(review)
        assert fake.api.hook_errors == [] and fake.failed_acks == []


async def test_a_drill_resumes_after_a_restart_where_it_was(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        started = await study(fake, BOB, "practice 4")
        q1 = shown(run, started)
        feedback = await answer_practice(run, BOB, started, right=True)
        q2 = shown(run, await press_next(run, BOB, feedback))
        assert q2 != q1
    async with running_slack(fake, db_url, clock) as run:
        old_next = await press_next(run, BOB, feedback)
        assert "question 2 of 4" in seen(old_next) and shown(run, old_next) == q2
        resumed = await study(fake, BOB, "practice")
        assert "Resuming your drill at question 2 of 4" in seen(resumed)
        assert shown(run, resumed) == q2
        graded = await answer_practice(run, BOB, resumed, right=False)
        assert "Question 2 of 4 · 1 of 2 right so far" in seen(graded)
        # The same question, answered again from the message shown before: not graded twice.
        letters = wrong_letters(q2)
        if q2.choose == 1:
            button = next(
                a
                for a in old_next.action_ids()
                if custom_ids.PRACTICE_ANSWER.value(a, "letter") == letters[0]
            )
            refusal = await (await fake.click(BOB, old_next.ts, button)).wait_ephemeral()
            assert "already answered" in seen(refusal)
        stopped = await fake.click(BOB, graded.ts, action(graded, custom_ids.PRACTICE_STOP))
        assert stopped.acked_in_time
        await fake.wait_until(
            lambda: (
                "Drill stopped after 2 questions, 1 right (50%)" in seen(fake.message(graded.ts))
            ),
            what="the summary",
        )


async def test_a_drill_never_asks_the_open_daily_question_or_a_running_mock_paper(
    fake: FakeSlack, db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    async with running_slack(fake, db_url, clock, content_dir=small_bank(tmp_path)) as run:
        await set_up_group(fake)
        night = "mock schedule 2026-03-04 19:00 questions:10 minutes:30"
        assert "Scheduled" in seen(await study(fake, ADMIN, night))
        await open_day(run, clock, 2, {})  # Wednesday's question is open until 20:00
        clock.set(POST + 2 * DAY + timedelta(hours=10, minutes=5))  # 19:05 in Berlin
        await run.run_due()  # the mock night opens: its paper is drawn
        async with run.bot.services.database.unit_of_work() as session:
            daily = set((await session.scalars(select(DailyQuestion.question_id))).all())
            paper = set((await session.scalars(select(MockQuestion.question_id))).all())
        assert len(daily) == 1 and len(paper) == 10
        free = {q.id for q in run.bot.services.bank.active} - daily - paper

        message = await study(fake, ADA, "practice 20")
        assert f"Only {len(free)} questions can be asked there right now" in seen(message)
        served = []
        while True:
            served.append(shown(run, message).id)
            feedback = await answer_practice(run, ADA, message, right=True)
            if "Drill done" in seen(feedback):
                break
            message = await press_next(run, ADA, feedback)
        assert set(served) == free and len(served) == len(free), "every free question, once"
        assert not set(served) & (daily | paper)
        bank = run.bot.services.bank
        assert any(bank.questions[q].choose > 1 for q in served), "a choose-2 question too"


async def test_practice_is_in_the_members_export_and_forget_deletes_it(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        too_many = seen(await study(fake, ADA, "practice 50"))
        assert "A drill has 1 to 20 questions." in too_many
        assert "serving" in seen(await study(fake, ADA, "practice cooking 3")), "the sections"
        started = await study(fake, ADA, "practice 2")
        q = shown(run, started)
        await answer_practice(run, ADA, started, right=False)
        data = await exported(run, ADA)
        assert [d["count"] for d in data["practice_drills"]] == [2]
        assert [(a["question_id"], a["is_correct"]) for a in data["practice_answers"]] == [
            (q.id, False)
        ]
        ask = await study(fake, ADA, "me forget")
        assert "practice drills" in seen(ask)
        await fake.click(ADA, ask.ts, ids.FORGET)
        await fake.wait_until(
            lambda: "everything stored about you is deleted" in seen(fake.message(ask.ts)),
            what="the confirmation",
        )
        async with run.bot.services.database.unit_of_work() as session:
            assert not (await session.scalars(select(PracticeDrill))).all()
            assert not (await session.scalars(select(PracticeAnswer))).all()
