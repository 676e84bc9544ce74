"""Pacing in a mock exam end to end: time on each question follows the member's own moves
while the clock runs between them; results and the group debrief show it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, SETUP, running_bot
from tests.e2e.test_mock import NIGHT, answer, button, paper

OPEN = datetime(2026, 3, 5, 19, 0, tzinfo=UTC)


def wrong(keys: list[str], letters: str = "ABCDE") -> list[str]:
    return [next(x for x in letters if x not in keys)]


async def test_time_per_question_slow_ones_time_left_and_flags_come_back_to(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        bad = await fake.slash(
            GUILD, CHANNEL, ORGANISER, "mock", {**NIGHT, "pace": 2}, subcommand="schedule"
        )
        assert "2 min a question" in (await bad.wait_followup()).text
        clock.set(OPEN)
        await run.run_due()
        (start,) = [m for m in run.public_messages() if "The mock exam is open" in m.text]
        keys = await paper(run, 1)

        async def at(minutes: float) -> None:
            clock.set(OPEN + timedelta(minutes=minutes))

        exam = (await fake.click(MEMBERS[0], start.id, custom_ids.MOCK_START.build(mock=1))).message
        await at(1.5)
        await answer(fake, MEMBERS[0], exam, wrong(keys[0]))  # a first answer, wrong
        await fake.click(MEMBERS[0], exam.id, button(exam, "🚩 Flag"))
        await at(2)
        await fake.click(MEMBERS[0], exam.id, button(exam, "Next ▶"))  # question 1: 2:00
        await at(5)
        await answer(fake, MEMBERS[0], exam, keys[1])
        await fake.click(MEMBERS[0], exam.id, button(exam, "Next ▶"))  # question 2: 3:00
        await at(5 + 1 / 3)
        jump = next(c for c in exam.custom_ids if ":j:" in c)
        await fake.select(MEMBERS[0], exam.id, jump, ["1"])  # question 3: 0:20; back to 1
        await at(6)
        await answer(fake, MEMBERS[0], exam, keys[0])  # fixed on return: 1 is now 2:40
        await fake.click(MEMBERS[0], exam.id, button(exam, "Submit…"))
        done = await fake.click(MEMBERS[0], exam.id, button(exam, "Submit now"))
        text = done.message.text
        assert "1·2:40⏱" in text and "2·3:00⏱" in text and "3·0:20" in text, text
        assert "4·0:00" in text and "4·0:00⏱" not in text
        assert "Over the 2-minute limit: questions 1, 2" in text
        assert "flag it and move on" in text
        assert "Time left at submit: 24:00" in text
        assert "Flagged and came back to: 1 question — 1 fixed a wrong one" in text

        review = await fake.click(
            MEMBERS[0], exam.id, button(done.message, "Review every question")
        )
        assert "Your time on it: 2:40 — over the 2-minute limit" in review.message.text

        # A second member leaves question 1 open and never comes back: the clock runs out.
        other = await fake.click(MEMBERS[1], start.id, custom_ids.MOCK_START.build(mock=1))
        assert "Question 1 of 10" in other.message.text
        clock.set(OPEN + timedelta(minutes=31))
        await run.run_due()
        (debrief,) = [m for m in run.public_messages() if "Mock night debrief" in m.text]
        assert "Group pacing" in debrief.text
        assert "Median time left at submit: 12:00 · 1 attempt ran out of time" in debrief.text
        assert "1 fixed a wrong one" in debrief.text
        assert "member1" not in debrief.text and "member2" not in debrief.text
        late = await fake.click(MEMBERS[1], start.id, custom_ids.MOCK_START.build(mock=1))
        assert "1·24:00⏱" in late.message.text, "from opening at 19:06 to the deadline"
        assert not fake.bot_errors
