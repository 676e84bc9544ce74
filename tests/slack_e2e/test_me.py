"""``/study me`` on Slack: a member's own settings, their data as a file in their DM, and
deleting everything about them once they confirm."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from tests.slack_e2e.harness import MEMBERS, block_text, running_slack, set_up_group
from tests.slack_e2e.study_days import exported, seen, study, study_day

ADA, BOB = MEMBERS[0], MEMBERS[1]


async def test_settings_are_shown_and_changed_and_bad_input_changes_nothing(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock):
        shown = seen(await study(fake, ADA, "me"))
        assert "Reminder DMs: off" in shown and "Quiet hours: none" in shown

        saved = seen(
            await study(
                fake,
                ADA,
                "me set reminders on quiet_hours 22:00-07:00 tz=America/Chicago "
                "exam_date:2026-06-30 stats_public on mock_reminders off",
            )
        )
        for line in (
            "Reminder DMs: on",
            "Quiet hours: 22:00–07:00",
            "Timezone: America/Chicago",
            "Exam date: 2026-06-30",
            "Statistics: public",
            "Mock-night reminder DMs: off",
        ):
            assert line in saved, line

        refused = seen(await study(fake, ADA, "me set reminders maybe timezone Mars/Olympus"))
        assert "`reminders` is on or off" in refused
        refused = seen(await study(fake, ADA, "me set timezone Mars/Olympus reminders off"))
        assert "Nothing was saved" in refused and "Mars/Olympus" in refused
        assert "not a setting" in seen(await study(fake, ADA, "me set colour blue"))
        assert "`/study me set <setting> <value>`" in seen(await study(fake, ADA, "me set"))
        still = seen(await study(fake, ADA, "me show"))
        assert "Reminder DMs: on" in still and "Timezone: America/Chicago" in still
        assert "Reminder DMs: off" in seen(await study(fake, BOB, "me")), "each member's own"


async def test_the_members_data_arrives_as_a_json_file_in_their_dm(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        q = await study_day(run, clock, 0, {ADA: False})
        data = await exported(run, ADA)
        assert data["member"]["external_id"] == ADA
        [answer] = data["answers"]
        assert answer["question_id"] == q.id and answer["is_correct"] is False
        [card] = data["review_cards"]
        assert card["question_id"] == q.id
        nobody = await exported(run, MEMBERS[2])
        assert nobody["member"] is None
        complete = fake.calls("files.completeUploadExternal")
        assert all(str(c.args.get("channel_id", "")).startswith("D") for c in complete)


async def test_forgetting_asks_first_then_deletes_everything_and_redraws_the_reveal(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await study_day(run, clock, 0, {ADA: True, BOB: True})
        await study_day(run, clock, 1, {ADA: False, BOB: False})
        reveal = run.reveals()[0]
        assert "Member 1" in block_text(reveal), "named among those who were right"

        ask = await study(fake, ADA, "me forget")
        assert "for good. Are you sure?" in seen(ask)
        assert ask.action_ids() == [ids.FORGET, ids.FORGET_CANCEL]
        await fake.click(ADA, ask.ts, ids.FORGET_CANCEL)
        await fake.wait_until(
            lambda: "Nothing was deleted" in seen(fake.message(ask.ts)), what="the cancel"
        )
        assert fake.message(ask.ts).action_ids() == []
        assert (await exported(run, ADA))["answers"], "cancel keeps everything"

        ask = await study(fake, ADA, "me forget")
        await fake.click(ADA, ask.ts, ids.FORGET)
        await fake.wait_until(
            lambda: "everything stored about you is deleted" in seen(fake.message(ask.ts)),
            what="the confirmation",
        )
        done = seen(fake.message(ask.ts))
        assert "2 posted reveals" in done
        await fake.wait_until(
            lambda: "Member 1" not in block_text(fake.message(reveal.ts)), what="the redraw"
        )
        assert "Member 2" in block_text(fake.message(reveal.ts)), "only the member who asked"
        assert (await exported(run, ADA))["member"] is None
        assert "No mistakes in your notebook yet." in seen(await study(fake, ADA, "mistakes"))
        assert "Mistake 1 of 1" in seen(await study(fake, BOB, "mistakes"))
