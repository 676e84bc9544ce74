"""Hands-on weeks on Slack, through the real slack-bolt app: ticking a theme's checklist under
``/study plan``, a reflection, a restart and a week boundary, the recap's count without
names, ``/study stats``, export and forget."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.slack import ids
from tests.slack_e2e.harness import MEMBERS, STUDY, block_text, running_slack, set_up_group
from tests.slack_e2e.study_days import exported, seen, study, study_day
from tests.slack_e2e.studying import ask, shown

ADA, BOB, _ = MEMBERS
WEEK_1_TASK = "Baseline a churn model in BigQuery ML"
WEEK_2_TASK = "Build the churn features once, for training and serving"
STEPS_1 = custom_ids.HANDS_ON_STEPS.build(theme=1)


async def tick(
    fake: FakeSlack, user: str, plan: SlackMessage, action: str, steps: list[str]
) -> str:
    """Tick exactly ``steps`` in the plan message; its text once redrawn."""
    before = shown(fake.message(plan.ts))
    result = await fake.select(user, plan.ts, action, steps)
    assert result.acked_in_time
    await fake.wait_until(lambda: shown(fake.message(plan.ts)) != before, what="the redraw")
    return shown(fake.message(plan.ts))


async def test_a_checklist_survives_a_restart_and_a_week_boundary(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await study_day(run, clock, 1, {BOB: True})  # Tuesday: the recap needs a question
        plan = await ask(fake, ADA, "plan")
        text = shown(plan)
        assert f"🛠 Hands-on: {WEEK_1_TASK}" in text and "⬜ 1. Load a public" in text
        after = await tick(fake, ADA, plan, STEPS_1, ["1", "2"])
        assert "✅ 1." in after and "✅ 2." in after and "⬜ 3." in after
        assert "2 of 4 steps done" in after and "📅 Week 1 of 8" in after, "the plan stays"

        ahead = shown(await ask(fake, ADA, "plan 2"))
        assert WEEK_2_TASK in ahead and "Opens when the plan reaches this week" in ahead
        assert custom_ids.HANDS_ON_STEPS.build(theme=2) not in str(fake.message(plan.ts).blocks)

        opened = await fake.click(ADA, plan.ts, custom_ids.HANDS_ON_REFLECT.build(theme=1))
        modal = await opened.wait_view()
        too_long = await fake.submit_view(ADA, modal.id, {"reflection": "x" * 501})
        assert too_long.view_errors or too_long.user_error, "Slack's own limit refuses it"
        await fake.submit_view(ADA, modal.id, {"reflection": "ML.EVALUATE needs a split."})
        await fake.wait_until(
            lambda: any("Reflection saved" in m.text for m in fake.ephemerals(ADA)),
            what="the confirmation",
        )

    # A restart, then Monday of week 2 (09:00 in Berlin): the recap counts without names.
    clock.set(datetime(2026, 3, 9, 8, 5, tzinfo=UTC))
    async with running_slack(fake, db_url, clock) as run:
        await run.run_due()
        [recap] = [m for m in fake.messages(STUDY) if "Week 1 in numbers" in block_text(m)]
        assert f"“{WEEK_1_TASK}”: 0 members finished, 1 more under way." in block_text(recap)
        assert "Member 1" not in block_text(recap)

        # The plan message from before the restart still works: Ada catches up in week 2.
        done = await tick(fake, ADA, plan, STEPS_1, ["1", "2", "3", "4"])
        assert "Finished" in done and "⬜" not in done.split(WEEK_1_TASK)[1]
        assert "Your reflection" in done and "ML.EVALUATE needs a split." in done

        now = await ask(fake, ADA, "plan")
        assert WEEK_2_TASK in shown(now)
        await tick(fake, ADA, now, custom_ids.HANDS_ON_STEPS.build(theme=2), ["2"])

        stats = seen(await study(fake, ADA, "stats"))
        assert "Hands-on weeks: 1 of 8 tasks finished" in stats
        assert f"✅ {WEEK_1_TASK}" in stats and f"◻ {WEEK_2_TASK} (1/4 steps)" in stats

        data = await exported(run, ADA)
        assert len(data["hands_on_steps"]) == 5
        assert data["hands_on_reflections"][0]["text"] == "ML.EVALUATE needs a split."
        ask_forget = await study(fake, ADA, "me forget")
        await fake.click(ADA, ask_forget.ts, ids.FORGET)
        await fake.wait_until(
            lambda: "deleted" in seen(fake.message(ask_forget.ts)), what="the confirmation"
        )
        assert (await exported(run, ADA))["member"] is None
        assert fake.failed_acks == []


async def test_a_compressed_week_shows_all_six_tasks_within_slacks_block_limit(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake, exam_date="2026-03-18")  # three weeks: themes 1–6 in week 1
        plan = await ask(fake, ADA, "plan")
        assert len(plan.blocks) <= 50
        tasks = [w.hands_on.title for w in run.bot.services.bank.plan.weeks[:6]]
        assert all(f"🛠 Hands-on: {title}" in shown(plan) for title in tasks)
        done = await tick(fake, ADA, plan, custom_ids.HANDS_ON_STEPS.build(theme=6), ["1"])
        assert "1 of 4 steps done" in done
        assert fake.failed_acks == []
