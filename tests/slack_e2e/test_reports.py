"""Reporting a problem with a question on Slack: the message shortcut and its form, and the
organisers' paged list with ``/study reports``."""

from __future__ import annotations

import pytest

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from bot.slack import reports as slack_reports
from tests.item_answers import seed
from tests.slack_e2e.harness import (
    ADMIN,
    MEMBERS,
    STUDY,
    TEAM,
    block_text,
    running_slack,
    set_up_group,
)
from tests.slack_e2e.test_daily_loop import POST, REVEAL, posted_question

ADA, BOB, CEC = MEMBERS


async def report(
    fake: FakeSlack, user: str, ts: str, reason: str, details: str = "", *, button: bool = False
) -> str:
    """Report through the shortcut on message ``ts`` (or the reveal's button); the private
    thank-you."""
    before = len(fake.ephemerals(user))
    if button:
        opened = await fake.click(user, ts, ids.REPORT)
    else:
        opened = await fake.shortcut(user, ids.REPORT_SHORTCUT, message_ts=ts)
    assert opened.acked_in_time
    form = await opened.wait_view()
    saved = await fake.submit_view(user, form.id, {"reason": reason, "details": details})
    assert saved.acked_in_time and not saved.view_errors, saved.view_errors
    thanks = await fake.wait_until(lambda: fake.ephemerals(user)[before:], what="the thanks")
    return thanks[-1].text


async def study(fake: FakeSlack, user: str, text: str) -> str:
    result = await fake.slash(user, STUDY, "/study", text)
    message = await result.wait_ephemeral()
    return message.text + "\n" + block_text(message)


async def test_a_member_reports_and_an_organiser_pages_through_the_reports(
    fake: FakeSlack, db_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slack_reports, "PER_PAGE", 2)
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        clock.set(POST)
        await run.run_due()
        message, card = await posted_question(run)

        thanks = await report(
            fake, ADA, message.ts, "wrong-key", "Option <@U0BOB> is also right because…"
        )
        assert "reported *Wrong answer key*" in thanks and card.question.id in thanks
        assert "Organisers see it in `/study reports`" in thanks
        await report(fake, BOB, message.ts, "typo")

        refused = await study(fake, CEC, "reports")
        assert "Only organisers see the reports" in refused
        assert card.question.id not in refused

        clock.set(REVEAL)
        await run.run_due()
        [reveal] = run.reveals()
        await report(
            fake, CEC, reveal.ts, "unclear", "The scenario never says the region.", button=True
        )

        first = await study(fake, ADMIN, "reports")
        assert "Open reports (3)" in first and "Page 1 of 2" in first
        assert "Wrong answer key" in first and "Member 1" in first, "names, not mentions"
        assert "&lt;@U0BOB&gt;" in first, "a member's words are shown as typed"
        assert "<@" not in first
        [page_one] = [m for m in fake.ephemerals(ADMIN) if "Page 1 of 2" in block_text(m)]
        turned = await fake.click(ADMIN, page_one.ts, ids.REPORTS_NEXT)
        await turned.wait_response()
        second = block_text(fake.message(page_one.ts))
        assert "Page 2 of 2" in second and "The scenario never says the region." in second

        number = next(r.id for r in await run.bot.services.reports.open_reports(TEAM))
        resolved = await study(fake, ADMIN, f"reports resolve {number} fixed the key")
        assert f"Report #{number}" in resolved and "is resolved" in resolved
        assert "Open reports (2)" in await study(fake, ADMIN, "reports")
        assert fake.failed_acks == []


async def test_a_member_is_refused_the_list_and_a_report_on_another_message(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        clock.set(POST)
        await run.run_due()
        message, _card = await posted_question(run)
        await report(fake, ADA, message.ts, "outdated")

        refused = await study(fake, BOB, "reports")
        assert "Only organisers see the reports" in refused and "Outdated" not in refused

        other = fake.workspace.post({"channel": STUDY, "text": "Hello"})
        opened = await fake.shortcut(BOB, ids.REPORT_SHORTCUT, message_ts=other.ts)
        answer = await opened.wait_response()
        assert "daily question or its reveal" in str(answer.get("text"))
        assert opened.opened_views == []
        too_long = await fake.shortcut(ADA, ids.REPORT_SHORTCUT, message_ts=message.ts)
        form = await too_long.wait_view()
        kept = await fake.submit_view(ADA, form.id, {"reason": "typo", "details": "x" * 501})
        assert "the limit is 500" in kept.view_errors["details"]
        assert len(await run.bot.services.reports.open_reports(TEAM)) == 1, "nothing saved"


async def test_organisers_see_the_questions_that_look_broken_beside_the_reports(
    fake: FakeSlack, db_url: str, clock: FakeClock, bank: Bank
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        # Other groups' history: forty members, a good and a miskeyed-looking question, and
        # one that looks miskeyed but is still open in a group.
        chosen = await seed(run.bot.services.database, bank, clock.now(), platform="archive")
        await set_up_group(fake)
        shown = await study(fake, ADMIN, "reports")
        assert "No open reports" in shown, "the member reports, then the broken questions"
        assert "Questions that look broken (1)" in shown
        assert f"🔍 {chosen['miskeyed'].id}" in shown
        assert "of strong members but 0% of weak ones" in shown
        assert chosen["good"].id not in shown
        assert chosen["open"].id not in shown, "still open in a group: not shown"
        refused = await study(fake, ADA, "reports")
        assert chosen["miskeyed"].id not in refused and "Only organisers" in refused
