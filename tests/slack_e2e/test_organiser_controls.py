"""Organiser controls on Slack: ``/study post-now``, ``skip``, ``pause`` and ``resume``.

Organisers only; each is idempotent, announced once in the channel, and survives a restart;
skipped and paused days never break a streak."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.clock import FakeClock
from bot.core.states import DailyState
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from tests.slack_e2e.harness import ADMIN, MEMBERS, STUDY, RunningSlack, running_slack
from tests.slack_e2e.harness import set_up_group as set_up
from tests.slack_e2e.test_daily_loop import pick, posted_question
from tests.slack_e2e.test_organisers import say
from tests.slack_e2e.test_restarts import fail_once

ADA = MEMBERS[0]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2026, in UTC (Berlin is an hour ahead)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def notes(fake: FakeSlack, words: str) -> list[SlackMessage]:
    return [m for m in fake.messages(STUDY) if words in m.text]


async def answer_today(fake: FakeSlack, run: RunningSlack) -> None:
    message, card = await posted_question(run)
    await pick(fake, ADA, message, list(card.question.answer))


async def test_members_are_refused_and_nothing_changes(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up(fake, rest_days=[])
        for text in ("post-now", "skip", "pause 2026-03-09", "resume"):
            assert "Only organisers post early" in await say(fake, ADA, text)
        clock.set(at(2, 8))
        await run.run_due()
        assert len(run.questions()) == 1, "not skipped, not paused"
        assert not notes(fake, "No question") and not notes(fake, "taking a break")


async def test_post_now_posts_early_once_and_reveals_at_the_usual_time(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up(fake, rest_days=[])
        await run.run_due()
        assert run.questions() == []
        assert "Today's question is out" in await say(fake, ADMIN, "post-now")
        assert len(run.questions()) == 1
        assert "already out" in await say(fake, ADMIN, "post-now")
        await answer_today(fake, run)
        clock.set(at(2, 8))  # the usual post time: nothing more
        await run.run_due()
        clock.set(at(2, 18, 59))
        await run.run_due()
        assert len(run.questions()) == 1 and run.reveals() == []
        clock.set(at(2, 19))
        await run.run_due()
        assert len(run.reveals()) == 1


async def test_post_now_after_a_crash_between_claim_and_post_is_not_posted_twice(
    fake: FakeSlack, db_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up(fake, rest_days=[])
        fail_once(monkeypatch, run.bot.services.daily, DailyState.POSTED)  # dies after the post
        await say(fake, ADMIN, "post-now")
        assert len(run.questions()) == 1
    async with running_slack(fake, db_url, clock) as run:  # the restart's catch-up finishes it
        assert "already out" in await say(fake, ADMIN, "post-now")
        clock.set(at(2, 8))
        await run.run_due()
        assert len(run.questions()) == 1, "found again by its metadata, not posted twice"


async def test_skip_pause_and_resume_survive_a_restart_and_keep_streaks(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up(fake, rest_days=[])
        clock.set(at(2, 8))  # Monday: a question, answered
        await run.run_due()
        await answer_today(fake, run)
        clock.set(at(2, 19))
        await run.run_due()

        clock.set(at(3, 6))  # Tuesday before the post: skipped
        reply = await say(fake, ADMIN, "skip")
        assert "Today has no question" in reply and "Streaks are safe" in reply
        assert "already taken off" in await say(fake, ADMIN, "skip")
        assert len(notes(fake, "No question today")) == 1, "announced once"
        assert "is not a date" in await say(fake, ADMIN, "pause soon")
        assert "Say when questions come back" in await say(fake, ADMIN, "pause")
        clock.set(at(3, 8))
        await run.run_due()
        assert len(run.questions()) == 1

        clock.set(at(4, 6))  # Wednesday: paused until next Monday
        paused = await say(fake, ADMIN, "pause 2026-03-09")
        assert "come back on Monday 9 March 2026" in paused
        assert "already paused" in await say(fake, ADMIN, "pause 2026-03-09")
        assert len(notes(fake, "taking a break")) == 1

    clock.set(at(4, 8))
    async with running_slack(fake, db_url, clock) as run:  # a restart: still paused
        await run.run_due()
        clock.set(at(5, 8))
        await run.run_due()
        assert len(run.questions()) == 1
        assert "taken off" in await say(fake, ADMIN, "post-now")

        clock.set(at(6, 7))  # Friday: back early
        assert "pause is over" in await say(fake, ADMIN, "resume")
        assert "not paused" in await say(fake, ADMIN, "resume")
        assert len(notes(fake, "break is over")) == 1
        clock.set(at(6, 8))
        await run.run_due()
        assert len(run.questions()) == 2
        message = run.questions()[1]
        daily_id = message.metadata["event_payload"]["daily_id"]  # type: ignore[index]
        card = await run.bot.services.daily.question_card(daily_id)
        await pick(fake, ADA, message, list(card.question.answer))
        clock.set(at(6, 19))
        await run.run_due()
        assert "Current streak: *2*" in await say(fake, ADA, "streak"), "days off broke nothing"
