"""The bot run for another certification: CONTENT_DIR holds a made-up "Cloud Data Engineer"
bank with three sections, and the Discord side posts, reveals, helps and schedules mock
nights from it, with no word of the default exam."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, SETUP, answer, running_bot
from tests.other_exam import OTHER_EXAM, other_bank

DEFAULT_EXAM_WORDS = ("Machine Learning", "PMLE", "Vertex")


async def test_another_exam_is_posted_revealed_helped_and_mocked_from_its_own_bank(
    fake: FakeDiscord, db_url: str
) -> None:
    bank = other_bank()
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))  # Monday, before the 09:00 post
    async with running_bot(fake, db_url, clock, content_dir=OTHER_EXAM) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, 1, tzinfo=UTC))
        await run.run_due()
        (post,) = [m for m in run.public_messages() if "Question of the day" in m.text]
        daily_id = int(post.custom_ids[0].split(":")[2])
        question = (await run.bot.services.daily.question_card(daily_id)).question
        assert question.id in bank.questions, "drawn from the other exam's bank"
        assert bank.exam.domain(question.domain).name in post.text
        await answer(run, MEMBERS[0], post, right=True)
        await answer(run, MEMBERS[1], post, right=False)

        clock.set(datetime(2026, 3, 2, 20, 1, tzinfo=UTC))
        await run.run_due()
        (reveal,) = [m for m in run.public_messages() if "Answer:" in m.text]
        assert f"Answer: {question.answer[0]}" in reveal.text
        assert question.explanation[:60] in reveal.text

        shown = str((await fake.slash(GUILD, CHANNEL, MEMBERS[2], "help")).embeds)
        assert "Study group for the Cloud Data Engineer (practice edition) exam" in shown
        assert "Rest days never break a streak" in shown, "the help text of the other bank"
        assert "/mock schedule" in shown and "/stats" in shown, "the commands as registered"
        assert not any(word in shown for word in DEFAULT_EXAM_WORDS)

        night = {"date": "2026-03-05", "time": "19:00", "questions": 10, "minutes": 30}
        made = await fake.slash(GUILD, CHANNEL, ORGANISER, "mock", night, subcommand="schedule")
        assert "Scheduled" in (await made.wait_followup()).text
        (event,) = fake.scheduled_events(GUILD)
        assert event.data["name"] == "CDE mock exam #1"
