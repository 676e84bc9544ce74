"""Nothing a member can read on Slack tells whether their pick on the open question is right.

A member picks wrong, reads everything (their statistics and chart, another member's public
statistics, the leaderboard of every period and of the question's section, the plan, their
self-assessment and the Home tab), changes to the right pick and reads it all again: every
reply is the same. After the reveal the figures move."""

from __future__ import annotations

from typing import Any

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from tests.slack_e2e.harness import MEMBERS, RunningSlack, running_slack, set_up_group
from tests.slack_e2e.studying import (
    FIRST_DAY,
    ask,
    blocks_text,
    days_later,
    next_chart,
    open_home,
    pick,
    post_question,
    question_message,
    reveal,
    wrong_letters,
)

ADA, BOB, CEC = MEMBERS
PERIODS = ("week", "month", "all")


def without_ids(node: Any) -> Any:
    """Blocks as a reader sees them (Slack makes up a ``block_id`` where none was given)."""
    if isinstance(node, dict):
        return {k: without_ids(v) for k, v in node.items() if k != "block_id"}
    if isinstance(node, list):
        return [without_ids(v) for v in node]
    return node


async def read_all(fake: FakeSlack, slug: str) -> dict[str, Any]:
    """Everything Ada and an onlooker can read, by what it is."""
    seen: dict[str, Any] = {}

    async def reply(user: str, text: str) -> None:
        message = await ask(fake, user, text)
        seen[f"{user}: {text}"] = (message.text, without_ids(message.blocks))

    for user, text in ((ADA, "stats"), (CEC, "stats @member1")):
        files = len(fake.files())
        await reply(user, text)
        seen[f"{user}: {text} chart"] = (await next_chart(fake, files)).content
    for period in PERIODS:
        await reply(ADA, f"leaderboard {period}")
        await reply(ADA, f"leaderboard {period} {slug}")
    await reply(CEC, "leaderboard all")
    await reply(ADA, "plan")
    await reply(ADA, "assess")
    home = await open_home(fake, ADA)
    seen["home"] = without_ids(home.blocks)
    return seen


async def day_one(run: RunningSlack, fake: FakeSlack, clock: FakeClock) -> str:
    """A revealed day (Ada wrong, Bob right), so every view has figures; the domain."""
    card = await post_question(run, clock, FIRST_DAY)
    message = question_message(run, card)
    await pick(fake, ADA, message, wrong_letters(card))
    await pick(fake, BOB, message, card.question.answer)
    await reveal(run, clock, FIRST_DAY)
    return card.domain_name


def text_of(seen: dict[str, Any], key: str) -> str:
    if key == "home":
        return blocks_text(seen[key])
    text, blocks = seen[key]
    return f"{text}\n{blocks_text(blocks)}"


async def test_no_reply_changes_when_a_pick_on_the_open_question_turns_right(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await run.bot.services.me.update(None, ADA, "Member 1", clock.now(), stats_public=True)
        first_domain = await day_one(run, fake, clock)
        day = days_later(FIRST_DAY, 1)
        card = await post_question(run, clock, day)
        domain = next(d for d in run.bot.services.bank.exam.domains if d.name == card.domain_name)
        await ask(fake, ADA, f"assess {domain.slug} 1")  # so the plan's focus shows this section
        message = question_message(run, card)
        await pick(fake, BOB, message, wrong_letters(card))

        await pick(fake, ADA, message, wrong_letters(card))
        while_wrong = await read_all(fake, domain.slug)
        await pick(fake, ADA, message, card.question.answer)
        while_right = await read_all(fake, domain.slug)

        for key, value in while_wrong.items():
            assert while_right[key] == value, f"{key} tells a right pick from a wrong one"

        await reveal(run, clock, day)
        revealed = await read_all(fake, domain.slug)
        answered_there = 1 + (first_domain == domain.name)
        assert "Your answers in this workspace: 2." in text_of(revealed, f"{ADA}: stats")
        assert "Member 1's answers in this workspace: 2." in text_of(
            revealed, f"{CEC}: stats @member1"
        )
        assert revealed[f"{ADA}: stats chart"] != while_right[f"{ADA}: stats chart"]
        for period in PERIODS:
            board = text_of(revealed, f"{ADA}: leaderboard {period}")
            assert "Member 1 — 1 point (2 answered)" in board, period
            in_section = text_of(revealed, f"{ADA}: leaderboard {period} {domain.slug}")
            assert in_section != text_of(while_right, f"{ADA}: leaderboard {period} {domain.slug}")
        focus = f"• *{domain.name}* — self-rated 1/5, 1 of {answered_there} right"
        assert focus in text_of(revealed, f"{ADA}: plan")
        assert focus in text_of(revealed, "home")
        assert "*Your statistics* — 2 answers to revealed questions" in text_of(revealed, "home")
        assert revealed[f"{ADA}: assess"] == while_right[f"{ADA}: assess"], (
            "self-ratings do not depend on answers"
        )
