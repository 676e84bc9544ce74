"""Hands-on weeks end to end on Discord: ticking a theme's checklist from /plan, a reflection,
a restart and a week boundary in between, the recap's count, /stats, export and forget."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord, FakeMessage, InteractionResult
from tests.e2e.harness import CHANNEL, EVERY_DAY, GUILD, MEMBERS, ORGANISER, answer, running_bot

WEEK_1_TASK = "Baseline a churn model in BigQuery ML"
WEEK_2_TASK = "Build the churn features once, for training and serving"


async def hands_on_message(result: InteractionResult, title: str) -> FakeMessage:
    """The private /plan message of the task ``title``."""
    if result.message is not None and title in result.message.text:
        return result.message
    for index in range(6):
        message = await result.wait_followup(index)
        if title in message.text:
            return message
    raise AssertionError(f"no hands-on message {title!r}")


async def tick(fake: FakeDiscord, user: int, message: FakeMessage, steps: list[str]) -> str:
    theme = next(c for c in message.custom_ids if custom_ids.HANDS_ON_STEPS.match(c))
    result = await fake.select(user, message.id, theme, steps)
    assert not result.content, result.content
    return fake.message(message.id).text


async def test_a_checklist_survives_a_restart_and_a_week_boundary(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 3, 10, tzinfo=UTC))  # Tuesday of week 1
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        await run.run_due()
        question = [m for m in run.public_messages() if "Question of the day" in m.text][-1]
        await answer(run, MEMBERS[1], question, right=True)
        plan = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "plan")
        task = await hands_on_message(plan, WEEK_1_TASK)
        assert "⬜ 1. Load a public customer-churn CSV" in task.text
        shown = await tick(fake, MEMBERS[0], task, ["1", "2"])
        assert "✅ 1." in shown and "✅ 2." in shown and "⬜ 3." in shown
        assert "2 of 4 steps done" in shown

        ahead = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "plan", {"week": 2})
        later = await hands_on_message(ahead, WEEK_2_TASK)
        assert "Opens when the plan reaches this week" in later.text
        assert not any(custom_ids.HANDS_ON_STEPS.match(c) for c in later.custom_ids)

        button = next(c for c in task.custom_ids if custom_ids.HANDS_ON_REFLECT.match(c))
        opened = await fake.click(MEMBERS[0], task.id, button)
        assert opened.modal is not None
        saved = await fake.submit_modal(
            MEMBERS[0], opened.modal["custom_id"], {"reflection": "ML.EVALUATE needs a split."}
        )
        assert "Reflection saved" in saved.content
        assert "ML.EVALUATE needs a split." in str(saved.embeds)
        clock.set(datetime(2026, 3, 3, 20, 5, tzinfo=UTC))
        await run.run_due()  # the day's reveal

    # A restart, then Monday of week 2: the recap counts the group without names.
    clock.set(datetime(2026, 3, 9, 9, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await run.run_due()
        await run.run_due()
        (recap,) = [m for m in run.public_messages() if "Week 1 recap" in m.text]
        assert f"“{WEEK_1_TASK}”: 0 members finished, 1 more under way." in recap.text
        assert f"<@{MEMBERS[0]}>" not in recap.text.split("Hands-on task")[1]

        # The week-1 message from before the restart still works: the member catches up.
        shown = await tick(fake, MEMBERS[0], task, ["1", "2", "3", "4"])
        assert "Finished" in shown and "⬜" not in shown
        again = await tick(fake, MEMBERS[0], task, ["1", "2", "3", "4"])
        assert again == shown, "the same choice twice changes nothing"

        plan = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "plan")
        now_open = await hands_on_message(plan, WEEK_2_TASK)
        assert any(custom_ids.HANDS_ON_STEPS.match(c) for c in now_open.custom_ids)
        await tick(fake, MEMBERS[0], now_open, ["2"])

        stats = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "stats")
        text = (await stats.wait_original_edit()).text
        assert "Hands-on weeks: 1 of 8 tasks finished" in text
        assert f"✅ {WEEK_1_TASK}" in text and f"◻ {WEEK_2_TASK} (1/4 steps)" in text

        exported = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "me", subcommand="export")
        (dump,) = exported.message.attachments
        data = json.loads(dump.data)
        assert len(data["hands_on_steps"]) == 5
        assert data["hands_on_reflections"][0]["text"] == "ML.EVALUATE needs a split."
        confirm = await fake.slash(GUILD, CHANNEL, MEMBERS[0], "me", subcommand="forget")
        await fake.click(MEMBERS[0], confirm.message.id, custom_ids.FORGET.build())
        empty = json.loads(
            (await fake.slash(GUILD, CHANNEL, MEMBERS[0], "me", subcommand="export"))
            .message.attachments[0]
            .data
        )
        assert "hands_on_steps" not in empty and empty["member"] is None
        assert not fake.bot_errors
