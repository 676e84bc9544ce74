"""``/study stats`` and ``/study leaderboard`` on Slack, through the real slack-bolt app."""

from __future__ import annotations

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.slack.manifest import manifest
from tests.slack_e2e.harness import MEMBERS, running_slack, set_up_group
from tests.slack_e2e.studying import (
    FIRST_DAY,
    ask,
    days_later,
    next_chart,
    pick,
    post_question,
    question_message,
    reveal,
    shown,
    wrong_letters,
)

ADA, BOB, CEC = MEMBERS


async def test_own_stats_show_each_section_the_streak_and_a_chart_in_the_dm(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        first = await post_question(run, clock, FIRST_DAY)
        await pick(fake, ADA, question_message(run, first), first.question.answer)
        await reveal(run, clock, FIRST_DAY)
        second = await post_question(run, clock, days_later(FIRST_DAY, 1))
        await pick(fake, ADA, question_message(run, second), wrong_letters(second))
        await reveal(run, clock, days_later(FIRST_DAY, 1))

        files_before = len(fake.files())
        reply = shown(await ask(fake, ADA, "stats"))

        assert "Your answers in this workspace: 2." in reply
        if first.domain_name == second.domain_name:
            assert f"*{first.domain_name}* — 1/2 (50%" in reply
        else:
            assert f"*{first.domain_name}* — 1/1 (100%" in reply
            assert f"*{second.domain_name}* — 0/1 (0%" in reply
        assert "too few answers" in reply
        assert "*Weak sections*\nnone proven yet" in reply
        assert "*Streak* current 2 · best 2" in reply
        assert "in your DM with me" in reply
        chart = await next_chart(fake, files_before)
        [dm] = [c for c in fake.workspace.channels.values() if c.im_user == ADA]
        assert chart.channels == [dm.id], "the chart stays between the member and the app"
        assert chart.content is not None and chart.content.startswith(b"\x89PNG")
        assert chart.title == "Your statistics"
        assert fake.ephemerals(BOB) == [], "only the caller sees the reply"


async def test_another_members_stats_only_when_they_made_them_public(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        card = await post_question(run, clock, FIRST_DAY)
        await pick(fake, BOB, question_message(run, card), card.question.answer)
        await reveal(run, clock, FIRST_DAY)

        private = await ask(fake, ADA, "stats @member2")
        assert "Member 2's statistics are private" in private.text
        assert "/study me" in private.text
        await run.bot.services.me.update(None, BOB, "Member 2", clock.now(), stats_public=True)
        files_before = len(fake.files())
        public = shown(await ask(fake, ADA, "stats @member2"))
        assert "Member 2's answers in this workspace: 1." in public
        assert f"*{card.domain_name}* — 1/1 (100%" in public
        assert "<@" not in public, "a name, not a mention that would notify them"
        chart = await next_chart(fake, files_before)
        [ada_dm] = [c for c in fake.workspace.channels.values() if c.im_user == ADA]
        assert chart.channels == [ada_dm.id] and chart.title == "Member 2's statistics"

        fake.workspace.users[CEC].deleted = True
        gone = await ask(fake, ADA, "stats @member3")
        assert "not a member of this workspace (any more)" in gone.text
        typo = await ask(fake, ADA, "stats member2")
        assert "Name one member with @" in typo.text
        own = shown(await ask(fake, ADA, f"stats <@{ADA}>"))
        assert "Your answers in this workspace: 0." in own


async def test_leaderboard_by_period_and_section_with_names(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        card = await post_question(run, clock, FIRST_DAY)
        message = question_message(run, card)
        await pick(fake, ADA, message, card.question.answer)
        await pick(fake, BOB, message, wrong_letters(card))
        await reveal(run, clock, FIRST_DAY)

        week = shown(await ask(fake, CEC, "leaderboard"))
        assert "🏆 Leaderboard · all sections · this week" in week
        assert "*1.* Member 1 — 1 point (1 answered)" in week
        assert "*2.* Member 2 — 0 points (1 answered)" in week
        assert "*You* No answers in this period yet." in week
        assert "2 members · a point per right answer" in week
        assert "<@" not in week, "names, not mentions: a mention always notifies"

        slug = next(
            d.slug for d in run.bot.services.bank.exam.domains if d.name == card.domain_name
        )
        in_section = shown(await ask(fake, ADA, f"leaderboard all {slug}"))
        assert f"· {card.domain_name} · all time" in in_section
        assert "*1.* Member 1 — 1 point" in in_section
        other = next(d for d in run.bot.services.bank.exam.domains if d.slug != slug)
        elsewhere = shown(await ask(fake, ADA, f"leaderboard {other.number} month"))
        assert f"· {other.name} · this month" in elsewhere
        assert "No answers in this period yet." in elsewhere

        clock.set(clock.now().replace(day=10))  # the next plan week, still in March
        assert "No answers in this period yet." in shown(await ask(fake, ADA, "leaderboard"))
        assert "*1.* Member 1" in shown(await ask(fake, ADA, "leaderboard month"))
        assert "*1.* Member 1" in shown(await ask(fake, ADA, "leaderboard all"))

        unknown = await ask(fake, ADA, "leaderboard week astrology")
        assert "“astrology” is not an exam section" in unknown.text
        assert "`serving`" in unknown.text, "the reply lists what may be typed"
        several = await ask(fake, ADA, "leaderboard models")
        assert "fits more than one exam section" in several.text


def test_the_manifest_lets_the_chart_reach_the_dm(bank: Bank) -> None:
    scopes = set(manifest(bank.exam)["oauth_config"]["scopes"]["bot"])
    assert {"im:write", "files:write", "users:read"} <= scopes
    [command] = manifest(bank.exam)["features"]["slash_commands"]
    assert "stats" in command["usage_hint"] and command["should_escape"] is True
