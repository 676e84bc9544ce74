"""Organiser controls on Discord: ``/setup post-now``, ``skip``, ``pause`` and ``resume``.

Organisers only; each is idempotent, announced once in the channel, and survives a restart;
skipped and paused days never break a streak."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.clock import FakeClock
from bot.core.states import DailyState
from bot.devtools.fake_discord import CommandUnavailable, FakeDiscord, FakeMessage
from bot.devtools.fake_discord.results import InteractionResult
from tests.e2e.harness import CHANNEL, EVERY_DAY, GUILD, MEMBERS, ORGANISER, Running, answer
from tests.e2e.harness import running_bot as running
from tests.slack_e2e.test_restarts import fail_once


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))  # Monday, 07:00 UTC


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def said(result: InteractionResult) -> str:
    """The private answer, whether given at once or after a "thinking…" deferral."""
    assert result.ephemeral
    if result.deferred:
        return (await result.wait_followup()).text
    return result.content or ""


async def organiser(run: Running, sub: str, **options: object) -> str:
    return await said(await run.fake.slash(GUILD, CHANNEL, ORGANISER, "setup", options, sub))


def questions(run: Running) -> list[FakeMessage]:
    return [m for m in run.public_messages() if "Question of the day" in m.text]


def notes(run: Running, word: str) -> list[FakeMessage]:
    """Channel posts saying ``word`` (the pinned overview aside)."""
    return [m for m in run.public_messages() if word in m.text]


async def test_members_cannot_use_the_controls(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running(fake, db_url, clock) as run:
        await organiser(run, "configure", **EVERY_DAY)
        member = MEMBERS[0]
        for sub, options in (("post-now", {}), ("skip", {}), ("pause", {"until": "2026-03-09"})):
            with pytest.raises(CommandUnavailable):  # hidden from members
                await fake.slash(GUILD, CHANNEL, member, "setup", options, sub)
        fake.set_command_permission(GUILD, "setup", member)  # opened in Integrations
        for sub, options in (
            ("post-now", {}),
            ("skip", {}),
            ("pause", {"until": "2026-03-09"}),
            ("resume", {}),
        ):
            refused = await said(await fake.slash(GUILD, CHANNEL, member, "setup", options, sub))
            assert "Only organisers" in refused
        await run.run_due()
        clock.set(at(2, 9))
        await run.run_due()
        assert len(questions(run)) == 1, "nothing was skipped, paused or posted early"
        assert not notes(run, "No question") and not notes(run, "taking a break")


async def test_post_now_posts_early_once_and_reveals_at_the_usual_time(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running(fake, db_url, clock) as run:
        await organiser(run, "configure", **EVERY_DAY)
        await run.run_due()
        assert questions(run) == []
        assert "Today's question is out" in await organiser(run, "post-now")
        [message] = questions(run)
        assert "already out" in await organiser(run, "post-now")
        await answer(run, MEMBERS[0], message, right=True)
        clock.set(at(2, 9))  # the usual post time: nothing more
        await run.run_due()
        clock.set(at(2, 19, 59))
        await run.run_due()
        assert len(questions(run)) == 1
        assert not notes(run, "Time's up"), "no reveal before the reveal time"
        clock.set(at(2, 20))
        await run.run_due()
        assert len(notes(run, "Time's up")) == 1, "revealed at the reveal time, once"
        clock.set(at(2, 21))
        assert "already out" in await organiser(run, "post-now")


async def test_post_now_after_a_crash_between_claim_and_post_is_not_posted_twice(
    fake: FakeDiscord, db_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(fake, db_url, clock) as run:
        await organiser(run, "configure", **EVERY_DAY)
        fail_once(monkeypatch, run.bot.services.daily, DailyState.POSTED)  # dies after the post
        await organiser(run, "post-now")
        assert len(questions(run)) == 1
    async with running(fake, db_url, clock) as run:  # the restart's catch-up finishes it
        assert "already out" in await organiser(run, "post-now")
        clock.set(at(2, 9))
        await run.run_due()
        assert len(questions(run)) == 1, "found again, not posted twice"


async def test_skip_pause_and_resume_survive_a_restart_and_keep_streaks(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running(fake, db_url, clock) as run:
        await organiser(run, "configure", **EVERY_DAY)
        clock.set(at(2, 9))  # Monday: a question, answered
        await run.run_due()
        await answer(run, MEMBERS[0], questions(run)[0], right=True)
        clock.set(at(2, 20))
        await run.run_due()

        clock.set(at(3, 7))  # Tuesday before the post: skipped
        reply = await organiser(run, "skip")
        assert "Today has no question" in reply and "Streaks are safe" in reply
        assert "already taken off" in await organiser(run, "skip")
        assert len(notes(run, "No question today")) == 1, "announced once"
        bad = await organiser(run, "pause", until="next week")
        assert "is not a date" in bad
        assert "over" in await organiser(run, "skip", day="2026-03-02")
        clock.set(at(3, 9))
        await run.run_due()
        assert len(questions(run)) == 1
        assert "taken off" in await organiser(run, "post-now")

        clock.set(at(4, 7))  # Wednesday: paused until next Monday
        assert "come back on Monday 9 March 2026" in await organiser(
            run, "pause", until="2026-03-09"
        )
        assert "already paused" in await organiser(run, "pause", until="2026-03-09")
        assert len(notes(run, "taking a break")) == 1

    clock.set(at(4, 9))
    async with running(fake, db_url, clock) as run:  # a restart: still paused
        await run.run_due()
        clock.set(at(5, 9))
        await run.run_due()
        assert len(questions(run)) == 1
        assert not notes(run, "rest day"), "a paused day is no rest-day post"

        clock.set(at(6, 8))  # Friday: back early
        assert "pause is over" in await organiser(run, "resume")
        assert "not paused" in await organiser(run, "resume")
        assert len(notes(run, "break is over")) == 1
        clock.set(at(6, 9))
        await run.run_due()
        assert len(questions(run)) == 2
        await answer(run, MEMBERS[0], questions(run)[1], right=True)
        clock.set(at(6, 20))
        await run.run_due()
        streak = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "streak")
        assert "Current streak: **2**" in (streak.content or ""), "days off broke no streak"
