"""Pacing in a Slack mock exam, through the real slack-bolt app: the clock moves between the
member's clicks (and across a restart); the results and the debrief show the time."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import FakeClock
from bot.core.custom_ids import MockAction
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from tests.slack_e2e.harness import ADMIN, block_text, running_slack, set_up_group
from tests.slack_e2e.test_mock import (
    ADA,
    BOB,
    NAMES,
    STARTS,
    answer,
    exam_view,
    marked,
    press,
    start_exam,
    study,
    view_text,
)


async def test_pacing_follows_the_members_moves_across_a_restart(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    def at(minutes: float) -> None:
        clock.set(STARTS + timedelta(minutes=minutes))

    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        bad = await study(fake, ADMIN, "mock schedule 2026-03-04 19:00 questions:10 pace:30")
        assert "between 1 and 10 minutes" in bad
        made = await study(
            fake, ADMIN, "mock schedule 2026-03-04 19:00 questions:10 minutes:15 pace:2"
        )
        assert "2 min a question" in made
        at(0)
        await run.run_due()
        [start_post] = marked(run, ids.MOCK_START_EVENT)
        await start_exam(fake, ADA, start_post)
        at(1)
        await answer(run, fake, ADA, 1, right=False)
        await press(fake, ADA, MockAction.FLAG, 1)
        at(1.5)
        await press(fake, ADA, MockAction.NEXT, 2)  # question 1: 1:30

    async with running_slack(fake, db_url, clock) as run:
        at(4.5)
        await answer(run, fake, ADA, 2, right=True)
        await press(fake, ADA, MockAction.NEXT, 3)  # question 2: 3:00, over the limit
        at(4.5 + 1 / 3)
        back = await press(fake, ADA, MockAction.NEXT_FLAGGED, 1)  # question 3: 0:20
        assert "Question 1 of 10" in view_text(back)
        at(5.5)
        await answer(run, fake, ADA, 1, right=True)  # question 1 fixed: 2:10 in all
        await press(fake, ADA, MockAction.SUBMIT_CHECK, 1)
        done = view_text(await press(fake, ADA, MockAction.SUBMIT, 1))
        assert "1·2:10⏱" in done and "2·3:00⏱" in done and "3·0:20" in done, done
        assert "Over the 2-minute limit: questions 1, 2" in done
        assert "Time left at submit: 9:30" in done
        assert "1 fixed a wrong one" in done
        review = view_text(await press(fake, ADA, MockAction.REVIEW, 1))
        assert "Your time on it: 2:10 — over the 2-minute limit" in review

        # Bob opens his exam and walks away: the clock submits it at the deadline.
        fake.workspace.views[exam_view(fake, ADA).id].open = False
        await start_exam(fake, BOB, start_post)
        at(16)
        await run.run_due()
        [debrief] = marked(run, ids.MOCK_DEBRIEF_EVENT)
        public = block_text(debrief)
        assert "Group pacing" in public and "1 attempt ran out of time" in public
        assert "Median time left at submit: 4:45" in public
        assert not any(name in public for name in NAMES), "no names in public"
        assert fake.failed_acks == []
