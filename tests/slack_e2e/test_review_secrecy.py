"""Secrecy on Slack: while the daily question is open, a member's notebook, review cards and
data export say nothing about whether their pick on it is right; after the reveal they do."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.services.review import NOTHING_DUE
from bot.slack.blocks import escape
from tests.slack_e2e.harness import MEMBERS, running_slack, set_up_group
from tests.slack_e2e.study_days import (
    DAY,
    exported,
    open_day,
    reveal_day,
    seen,
    shows,
    study,
    study_day,
)
from tests.slack_e2e.test_daily_loop import REVEAL

ADA, BOB = MEMBERS[0], MEMBERS[1]


async def test_an_open_questions_wrong_pick_shows_nowhere_until_the_reveal(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        past = await study_day(run, clock, 0, {ADA: False})
        await study_day(run, clock, 1, {})
        now_open = await open_day(run, clock, 2, {ADA: False})
        clock.advance(timedelta(hours=2))
        key = escape(now_open.explanation)[:40]

        notebook = await study(fake, ADA, "mistakes")
        assert "Mistake 1 of 1" in seen(notebook) and shows(notebook, past)
        assert not shows(notebook, now_open) and key not in seen(notebook)
        await study(fake, ADA, "mistakes export")
        markdown = (fake.files()[-1].content or b"").decode()
        assert past.id in markdown and now_open.id not in markdown

        card = await study(fake, ADA, "review")
        assert "Review · 1 due" in seen(card) and shows(card, past)
        assert not shows(card, now_open)

        data = await exported(run, ADA)
        [answer] = [a for a in data["answers"] if a["question_id"] == now_open.id]
        assert answer["is_correct"] is None, "right or wrong is known at the reveal"
        assert now_open.id not in {c["question_id"] for c in data["review_cards"]}
        assert now_open.explanation not in json.dumps(data, ensure_ascii=False)

        await reveal_day(run, clock, 2)
        notebook = await study(fake, ADA, "mistakes")
        assert "Mistake 1 of 2" in seen(notebook) and shows(notebook, now_open)
        assert f"*Right:* {' and '.join(now_open.answer)}" in seen(notebook)
        data = await exported(run, ADA)
        [answer] = [a for a in data["answers"] if a["question_id"] == now_open.id]
        assert answer["is_correct"] is False
        clock.set(REVEAL + 3 * DAY + timedelta(minutes=1))
        card = await study(fake, ADA, "review")
        assert "Review · 2 due" in seen(card)


async def test_a_missed_question_asked_again_leaves_the_notebook_and_review_until_its_reveal(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        # An exam in under two weeks: the final stretch, where every other study day asks
        # again the question the group did worst on.
        await set_up_group(fake, exam_date="2026-03-13")
        await study_day(run, clock, 0, {ADA: True, BOB: True})
        missed = await study_day(run, clock, 1, {ADA: False, BOB: False})
        await study_day(run, clock, 2, {})
        again = await open_day(run, clock, 3, {ADA: False})
        assert again.id == missed.id, "Thursday asks Tuesday's missed question again"
        clock.advance(timedelta(hours=2))  # its review card has been due since Wednesday

        assert "No mistakes in your notebook yet." in seen(await study(fake, ADA, "mistakes"))
        card = await study(fake, ADA, "review")
        assert NOTHING_DUE in seen(card) and not shows(card, missed)

        await reveal_day(run, clock, 3)
        notebook = await study(fake, ADA, "mistakes")
        assert "Mistake 1 of 2" in seen(notebook) and shows(notebook, missed)
        clock.set(REVEAL + 4 * DAY + timedelta(minutes=1))
        assert shows(await study(fake, ADA, "review"), missed)
