"""Crashes in the middle: found again through message metadata, never posted twice."""

from __future__ import annotations

import pytest

from bot.core.clock import FakeClock
from bot.core.states import DailyState
from bot.devtools.fake_slack import FakeSlack
from bot.services.daily import DailyService
from tests.slack_e2e.harness import STUDY, running_slack, set_up_group
from tests.slack_e2e.test_daily_loop import POST, REVEAL, pick, posted_question


def fail_once(monkeypatch: pytest.MonkeyPatch, service: DailyService, target: DailyState) -> None:
    """The process dies right after the post: the database never hears of the message (the
    first move of a daily question to ``target`` fails)."""
    calls = 0
    original = service.transition

    async def crash(*args: object, **kwargs: object) -> object:
        nonlocal calls
        if args[3] == target:
            calls += 1
            if calls == 1:
                raise RuntimeError("killed")
        return await original(*args, **kwargs)

    monkeypatch.setattr(service, "transition", crash)


async def test_a_restart_after_posting_finds_the_post_and_the_reveal_by_metadata(
    fake: FakeSlack, db_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        fail_once(monkeypatch, run.bot.services.daily, DailyState.POSTED)
        clock.set(POST)
        await run.run_due()
        assert len(run.questions()) == 1

    async with running_slack(fake, db_url, clock) as run:  # the start-up catch-up
        await run.run_due()
        assert len(run.questions()) == 1, "no duplicate post"
        [look] = fake.calls("conversations.history")
        assert look.args.get("include_all_metadata") in (True, "true", "1", 1)
        message, card = await posted_question(run)
        assert card.message_id == message.ts, "found again through its metadata"
        await pick(fake, "U0ADA", message, card.question.answer)

        fail_once(monkeypatch, run.bot.services.daily, DailyState.REVEALING)
        clock.set(REVEAL)
        await run.run_due()
        assert len(run.reveals()) == 1

    async with running_slack(fake, db_url, clock) as run:
        await run.run_due()
        assert len(run.reveals()) == 1, "no duplicate reveal"
        assert len(run.questions()) == 1
        [reveal] = run.reveals()
        thread = [m for m in fake.messages(STUDY) if m.thread_ts == reveal.ts and m.ts != reveal.ts]
        assert len(thread) == 1
        assert fake.message(run.questions()[0].ts).action_ids() == [], "closed"
        assert "Member" in "".join(str(b) for b in reveal.blocks)
