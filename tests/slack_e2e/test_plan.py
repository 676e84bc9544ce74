"""``/study plan`` and ``/study assess`` on Slack, through the real slack-bolt app."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from tests.slack_e2e.harness import MEMBERS, running_slack, set_up_group
from tests.slack_e2e.studying import ask, shown

ADA, BOB, _ = MEMBERS


async def test_plan_shows_this_weeks_theme_focus_days_and_countdowns(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock):
        before = await ask(fake, ADA, "plan")
        assert "no study group yet" in before.text and "/study setup" in before.text

        await set_up_group(fake, exam_date="2026-04-24")
        now = shown(await ask(fake, ADA, "plan"))
        assert "📅 Week 1 of 8: Framing business problems as ML" in now
        assert "*Focus* Architecting low-code AI solutions, Scaling prototypes" in now
        assert "*Blueprint*" in now
        assert "📘 Mon 02" in now and "🌿 Sun 08" in now, "study and rest days of the week"
        assert "Group exam 2026-04-24: in 53 days" in now
        assert "Your two focus sections" not in now, "nothing known of a new member yet"
        assert "*Next mock-exam night*\nNone scheduled yet." in now
        assert "the group is in week" not in now

        later = shown(await ask(fake, ADA, "plan 7"))
        assert "Week 7 of 8: Mock exams under exam conditions" in later
        assert "*Clarity over cramming*" in later, "the final stretch has its note"
        assert "This is week 7; the group is in week 1." in later

        assert "Give a week number" in (await ask(fake, ADA, "plan next")).text
        assert "Week must be between 1 and 52" in (await ask(fake, ADA, "plan 60")).text


async def test_assess_rates_a_section_and_the_plan_focus_follows(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock):
        await set_up_group(fake)

        empty = await ask(fake, ADA, "assess")
        assert "• *Serving and scaling models* — not rated" in empty.text
        assert "/study assess <section> <1-5>" in empty.text

        rated = await ask(fake, ADA, "assess serving 1")
        assert "• *Serving and scaling models* — 1/5 (since 02 Mar)" in rated.text
        by_number = await ask(fake, ADA, "assess 1 5")
        assert "• *Architecting low-code AI solutions* — 5/5 (since 02 Mar)" in by_number.text
        again = await ask(fake, ADA, "assess")
        assert "— 1/5 (since 02 Mar)" in again.text and "— 5/5 (since 02 Mar)" in again.text
        assert "not rated" in (await ask(fake, BOB, "assess")).text, "ratings are per member"

        plan = shown(await ask(fake, ADA, "plan"))
        assert "• *Serving and scaling models* — self-rated 1/5" in plan

        bad_level = await ask(fake, ADA, "assess serving 9")
        assert "Nothing was saved" in bad_level.text and "5 = could teach it" in bad_level.text
        vague = await ask(fake, ADA, "assess models 2")
        assert "fits more than one exam section" in vague.text
        assert "— 1/5" in (await ask(fake, ADA, "assess")).text, "a refusal changes nothing"
