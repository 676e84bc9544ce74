"""``/study mistakes`` on Slack: the notebook of missed questions, a page at a time."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from tests.slack_e2e.harness import MEMBERS, running_slack, set_up_group
from tests.slack_e2e.study_days import controls, seen, shows, study, study_day

ADA, BOB = MEMBERS[0], MEMBERS[1]


async def test_the_notebook_pages_through_missed_questions_newest_first(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        days = [await study_day(run, clock, day, {ADA: False, BOB: True}) for day in range(3)]

        first = await study(fake, ADA, "mistakes")
        assert "Mistake 1 of 3" in seen(first) and shows(first, days[2]), "newest first"
        assert f"*Right:* {' and '.join(days[2].answer)}" in seen(first)
        assert days[2].constraint[:30] in seen(first)
        assert controls(first) == [ids.MISTAKE_NEXT], "no page before the first"

        turned = await fake.click(ADA, first.ts, ids.MISTAKE_NEXT)
        assert turned.acked_in_time
        await fake.wait_until(
            lambda: "Mistake 2 of 3" in seen(fake.message(first.ts)), what="page 2"
        )
        second = fake.message(first.ts)
        assert shows(second, days[1]) and not shows(second, days[2]), "turned in place"
        assert controls(second) == [ids.MISTAKE_PREVIOUS, ids.MISTAKE_NEXT]

        await fake.click(ADA, second.ts, ids.MISTAKE_NEXT)
        await fake.wait_until(
            lambda: "Mistake 3 of 3" in seen(fake.message(first.ts)), what="page 3"
        )
        last = fake.message(first.ts)
        assert shows(last, days[0]) and controls(last) == [ids.MISTAKE_PREVIOUS]
        await fake.click(ADA, last.ts, ids.MISTAKE_PREVIOUS)
        await fake.wait_until(
            lambda: "Mistake 2 of 3" in seen(fake.message(first.ts)), what="back to page 2"
        )
        assert fake.api.hook_errors == []

        assert "No mistakes in your notebook yet." in seen(await study(fake, BOB, "mistakes"))
        assert fake.failed_acks == []


async def test_one_section_of_the_notebook_and_a_friendly_word_for_an_unknown_one(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        days = [await study_day(run, clock, day, {ADA: False}) for day in range(2)]

        unknown = await study(fake, ADA, "mistakes <@U0BOB> nonsense")
        assert "is not an exam section" in seen(unknown)
        assert days[0].domain in seen(unknown), "the valid sections are listed"

        section = days[0].domain
        only = await study(fake, ADA, f"mistakes {section}")
        expected = sum(1 for q in days if q.domain == section)
        assert f"Mistake 1 of {expected}" in seen(only)
        others = [q for q in days if q.domain != section]
        assert not any(shows(only, q) for q in others)


async def test_the_notebook_as_a_markdown_file_in_the_members_dm(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        missed = await study_day(run, clock, 0, {ADA: False})

        reply = await study(fake, ADA, "mistakes export")
        assert "DM" in seen(reply)
        [dm] = fake.dm_messages(ADA)
        [document] = [f for f in fake.files() if f.id in dm.files]
        assert document.filename == "mistakes.md"
        assert document.channels == [dm.channel] and dm.channel.startswith("D")
        text = (document.content or b"").decode()
        assert f"`{missed.id}`" in text and "1 question" in dm.text
