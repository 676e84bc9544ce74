"""The study plan end to end: /plan, /assess, /me, theme and rest-day posts, reminder DMs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, running_bot

# Mondays are the plan's week start; Sunday is the rest day; exam on Friday of week 10.
SETUP = {
    "channel": CHANNEL,
    "timezone": "UTC",
    "post_time": "09:00",
    "reveal_time": "20:00",
    "rest_days": "sun",
    "start_date": "2026-03-02",
    "exam_date": "2026-05-08",
}


def notices(fake: FakeDiscord, marker: str) -> list[str]:
    return [m.text for m in fake.messages(CHANNEL) if marker in m.text]


async def set_up_with_reminders(fake: FakeDiscord) -> None:
    """/setup, then MEMBERS[0] and MEMBERS[2] (whose DMs are closed) opt in to reminders
    with an exam on 7 May; MEMBERS[1] stays opted out."""
    fake.set_dms_closed(MEMBERS[2])
    await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
    for member in (MEMBERS[0], MEMBERS[2]):
        saved = await fake.slash(
            GUILD,
            CHANNEL,
            member,
            "me",
            {"reminders": True, "exam_date": "2026-05-07", "quiet_hours": "23:00-06:00"},
            subcommand="set",
        )
        assert saved.ephemeral and "Reminder DMs: on" in saved.content


async def test_me_set_refuses_bad_input_whole_and_saves_nothing(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 7, tzinfo=UTC))
    async with running_bot(fake, db_url, clock):
        await set_up_with_reminders(fake)
        bad = await fake.slash(
            GUILD,
            CHANNEL,
            MEMBERS[1],
            "me",
            {"timezone": "Atlantis/Capital", "quiet_hours": "late"},
            subcommand="set",
        )
        assert "not a timezone I know" in bad.content and "22:00-07:00" in bad.content
        shown = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "me", subcommand="show")
        assert "Reminder DMs: off" in shown.content, "nothing saved from the bad request"


async def test_the_weeks_theme_comes_first_and_only_opted_in_members_are_reminded(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 7, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await set_up_with_reminders(fake)

        # Monday 09:00: the week's theme is announced before the first question.
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
        channel = run.public_messages()
        assert "Week 1 of 10: Framing business problems as ML" in channel[0].text
        assert "Question of the day" in channel[1].text
        assert len(notices(fake, "Week 1 of 10")) == 1

        # 18:00: two hours before the reveal, opted-in members who have not answered get a DM.
        clock.set(datetime(2026, 3, 2, 18, 1, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
        (reminder,) = [m for m in fake.dm_messages(MEMBERS[0]) if "closes" in m.text]
        assert "have not answered" in reminder.text and "/channels/" in reminder.text
        assert fake.dm_messages(MEMBERS[1]) == [], "members who did not opt in get nothing"
        assert fake.dm_messages(MEMBERS[2]) == [], "closed DMs: nothing delivered"
        assert not fake.bot_errors


async def test_plan_shows_the_week_the_final_stretch_and_the_members_own_focus(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 7, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        for hour in (9, 20):  # Monday's question is posted and revealed
            clock.set(datetime(2026, 3, 2, hour, tzinfo=UTC))
            await run.run_due()

        week = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "plan")
        text = str(week.embeds)
        assert week.ephemeral and "Week 1 of 10" in text and "Blueprint" in text
        assert "🌿 Sun 08" in text and "📘 Mon 02" in text
        assert "Group exam 2026-05-08: in 67 days" in text
        later = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "plan", {"week": 9})
        assert "Week 9 of 10: Mock exams" in str(later.embeds)
        assert "Clarity over cramming" in str(later.embeds), "the final stretch says so"

        rated = await fake.slash(
            GUILD, CHANNEL, MEMBERS[1], "assess", {"domain": "serving", "level": 1}
        )
        assert "Serving and scaling models** — 1/5" in rated.content
        choices = await fake.autocomplete(GUILD, CHANNEL, MEMBERS[1], "assess", "domain", "pipe")
        assert [c["value"] for c in choices] == ["pipelines"]
        mine = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "plan")
        assert "Your two focus domains" in str(mine.embeds)
        assert "Serving and scaling models** — self-rated 1/5" in str(mine.embeds)


async def test_a_rest_day_gets_one_post_and_no_question_across_a_restart(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 7, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        for hour in (9, 20):
            clock.set(datetime(2026, 3, 2, hour, tzinfo=UTC))
            await run.run_due()

    # A restart before Sunday: the rest-day post goes out once, with no question.
    async with running_bot(fake, db_url, clock) as run:
        before = len([m for m in fake.messages(CHANNEL) if "Question of the day" in m.text])
        clock.set(datetime(2026, 3, 8, 9, 30, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
    async with running_bot(fake, db_url, clock) as run:
        await run.run_due()
        rest = notices(fake, "Rest day")
        assert len(rest) == 1 and "Light review" in rest[0]
        after = len([m for m in fake.messages(CHANNEL) if "Question of the day" in m.text])
        assert after == before, "no question on a rest day"


async def test_the_weekly_theme_exam_eve_and_day_after_are_each_one_dm(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 7, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await set_up_with_reminders(fake)
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()

        # The evening before the member's exam, and the day after: one DM each.
        clock.set(datetime(2026, 5, 6, 18, 30, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
        clock.set(datetime(2026, 5, 8, 10, 30, tzinfo=UTC))
        await run.run_due()
        texts = [m.text for m in fake.dm_messages(MEMBERS[0])]
        assert sum("No cramming tonight" in t for t in texts) == 1
        assert sum("How did your exam go" in t for t in texts) == 1
        assert any("Week 1 of 10" in t for t in texts), "the weekly theme DM"
        clock.set(datetime(2026, 5, 8, 10, 30, tzinfo=UTC) + timedelta(hours=1))
        await run.run_due()
        assert len(fake.dm_messages(MEMBERS[0])) == len(texts), "each DM goes out once"


async def test_a_short_plan_posts_each_merged_theme_whole(fake: FakeDiscord, db_url: str) -> None:
    """An exam three weeks after the start merges themes 1–6 into the first week: the
    announcement, /plan and the weekly DM give every theme whole, a message each (together
    they would not fit Discord's 6,000 characters), and a second pass posts nothing twice."""
    clock = FakeClock(datetime(2026, 3, 2, 7, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        short = {**SETUP, "exam_date": "2026-03-20"}
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", short, subcommand="configure")
        await fake.slash(GUILD, CHANNEL, MEMBERS[0], "me", {"reminders": True}, subcommand="set")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        await run.run_due()
        plan = run.bot.services.bank.plan
        posted = notices(fake, "Week 1 of 3")
        assert len(posted) == 6 and all(f"theme {n} of 6" in posted[n - 1] for n in range(1, 7))
        listing = await fake.slash(GUILD, CHANNEL, MEMBERS[1], "plan")
        await listing.wait_followup(4)
        replies = [listing.message, *listing.followups]
        texts = [m.text for m in replies if m is not None]
        assert all(m is not None and m.ephemeral for m in replies) and len(texts) == 6
        dms = [m.text for m in fake.dm_messages(MEMBERS[0]) if "Week 1 of 3" in m.text]
        assert len(dms) == 6
        for shown in (posted, texts, dms):
            for number in range(1, 7):
                theme = plan.theme(number)
                whole = [theme.summary, theme.blueprint.strip(), *theme.activities]
                assert all(part in shown[number - 1] for part in whole)
        assert not fake.bot_errors
