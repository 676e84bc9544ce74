"""The App Home tab on Slack: published by the real slack-bolt app each time it is opened."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from tests.slack_e2e.harness import MEMBERS, STUDY, running_slack, set_up_group
from tests.slack_e2e.studying import (
    FIRST_DAY,
    at,
    home_text,
    open_home,
    pick,
    post_question,
    question_message,
    reveal,
    wrong_letters,
)

ADA, BOB, _ = MEMBERS


async def test_home_shows_streak_stats_weak_sections_plan_and_next_question(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        before = home_text(await open_home(fake, ADA))
        assert "no study group yet" in before and "/study setup" in before

        await set_up_group(fake)
        fresh = home_text(await open_home(fake, ADA))
        assert "You have no streak yet" in fresh
        assert "Week 1 of 8: Framing business problems as ML" in fresh
        assert "*Focus* Architecting low-code AI solutions, Scaling prototypes" in fresh
        assert "*Your statistics* — 0 answers to revealed questions" in fresh
        assert "*Weak sections*\nnone proven yet" in fresh
        post = int(at(FIRST_DAY, "09:00").timestamp())
        assert f"*Next question* <!date^{post}^" in fresh and f"<#{STUDY}>" in fresh

        card = await post_question(run, clock, FIRST_DAY)
        await pick(fake, ADA, question_message(run, card), wrong_letters(card))
        await reveal(run, clock, FIRST_DAY)
        home = await open_home(fake, ADA)
        after = home_text(home)

        assert "Current streak: *1* study day in a row" in after
        assert "*Your statistics* — 1 answer to revealed questions" in after
        assert f"*{card.domain_name}* — 0/1 (0%" in after
        assert f"• *{card.domain_name}* — 0 of 1 right" in after, "the focus follows the miss"
        tomorrow = int(at(FIRST_DAY.replace(day=3), "09:00").timestamp())
        assert f"*Next question* <!date^{tomorrow}^" in after
        assert len(home.blocks) <= 100
        assert "<@" not in after
        other = home_text(await open_home(fake, BOB))
        assert "You have no streak yet" in other, "each member sees their own Home tab"
