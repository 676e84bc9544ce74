"""Reporting a problem from the reveal, and organisers resolving it, end to end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.content.loader import Bank
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.db.models import Group, Member, Report
from bot.devtools.fake_discord import CommandUnavailable, FakeDiscord, FakeMessage
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, OUTSIDER, SETUP, running_bot
from tests.item_answers import seed
from tests.worst_case import worst_reports


async def test_a_member_reports_a_question_and_an_organiser_resolves_it(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
        await run.run_due()
        reveal = next(m for m in run.public_messages() if "How the group reasoned" in m.text)
        report_button = next(c for c in reveal.custom_ids if c.startswith(custom_ids.REPORT.prefix))

        reasons = await fake.click(MEMBERS[0], reveal.id, report_button)
        assert reasons.ephemeral and "What is wrong" in reasons.content
        wrong_key = next(c for c in reasons.message.custom_ids if c.endswith(":wrong-key"))
        opened = await fake.click(MEMBERS[0], reasons.message.id, wrong_key)
        assert opened.modal is not None
        thanks = await fake.submit_modal(
            MEMBERS[0], opened.modal["custom_id"], {"details": "Option C looks right as well."}
        )
        assert thanks.ephemeral and "Wrong answer key" in thanks.content

        with pytest.raises(CommandUnavailable):  # members are not offered /reports at all
            await fake.slash(GUILD, CHANNEL, OUTSIDER, "reports", subcommand="list")
        fake.set_command_permission(GUILD, "reports", OUTSIDER)  # opened in Integrations
        refused = await fake.slash(GUILD, CHANNEL, OUTSIDER, "reports", subcommand="list")
        assert refused.ephemeral and "Only organisers" in refused.content, "the bot checks too"

        listing = await fake.slash(GUILD, CHANNEL, ORGANISER, "reports", subcommand="list")
        text = str(listing.embeds)
        assert listing.ephemeral and "⚠" in text and "Option C looks right" in text
        report_id = int(text.split("#")[1].split(" ")[0])

        done = await fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "reports",
            {"id": report_id, "note": "Checked: key stands."},
            subcommand="resolve",
        )
        assert f"Report #{report_id}" in done.content and "resolved" in done.content
        empty = await fake.slash(GUILD, CHANNEL, ORGANISER, "reports", subcommand="list")
        assert "No open reports" in str(empty.embeds)


async def test_many_long_reports_are_listed_page_by_page(fake: FakeDiscord, db_url: str) -> None:
    """Hundreds of reports with the longest details: every page fits Discord's limits (the
    fake refuses a message over them), Previous/Next reach every report, and only organisers
    can turn the pages."""
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        await run.run_due()
        async with run.bot.services.database.unit_of_work() as session:
            group = await session.scalar(select(Group).where(Group.external_id == str(GUILD)))
            assert group is not None
            member = Member(
                platform="discord",
                external_id=str(MEMBERS[0]),
                display_name="member1",
                created_at=clock.now(),
            )
            session.add(member)
            await session.flush()
            for report in worst_reports(questions=20, per_question=8):
                session.add(
                    Report(
                        group_id=group.id,
                        member_id=member.id,
                        question_id=report.question_id,
                        reason=report.reason,
                        details=report.details,
                        status="open",
                        created_at=clock.now(),
                    )
                )

        def page_text(message: FakeMessage | None) -> str:
            assert message is not None and message.ephemeral
            return message.text

        listing = await fake.slash(GUILD, CHANNEL, ORGANISER, "reports", subcommand="list")
        pages = [page_text(listing.message)]
        message = listing.message
        assert message is not None and "Page 1 of " in pages[0]
        total = int(pages[0].split("Page 1 of ")[1].split(" ")[0])
        assert total > 1
        while len(pages) < total:
            turned = await fake.click(ORGANISER, message.id, _button(message, "Next ▶"))
            message = turned.message
            pages.append(page_text(message))
            assert f"Page {len(pages)} of {total}" in pages[-1]
        assert message is not None
        next_button = message.find_component(_button(message, "Next ▶"))
        assert next_button is not None and next_button.get("disabled"), "the last page"
        back = await fake.click(ORGANISER, message.id, _button(message, "◀ Previous"))
        assert page_text(back.message) == pages[-2]

        shown = "\n".join(pages)
        async with run.bot.services.database.unit_of_work() as session:
            ids = (await session.scalars(select(Report.id))).all()
        assert len(ids) == 160 and all(f"#{i} ·" in shown for i in ids), "no report is left out"

        crafted = await fake.click(OUTSIDER, message.id, _button(message, "◀ Previous"))
        assert crafted.ephemeral and "Only organisers" in (crafted.content or "")


def _button(message: FakeMessage, label: str) -> str:
    return next(
        c["custom_id"]
        for row in message.components
        for c in row.get("components", [])
        if c.get("label") == label
    )


async def test_organisers_see_the_questions_that_look_broken_beside_the_reports(
    fake: FakeDiscord, db_url: str, bank: Bank
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        # Other groups' history: forty members, a good and a miskeyed-looking question, and
        # one that looks miskeyed but is still open in a group.
        chosen = await seed(run.bot.services.database, bank, clock.now(), platform="archive")
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        listing = await fake.slash(GUILD, CHANNEL, ORGANISER, "reports", subcommand="list")
        text = str(listing.embeds)
        assert listing.ephemeral and "No open reports" not in text
        assert f"🔍 {chosen['miskeyed'].id} looks broken" in text
        assert "of strong members but 0% of weak ones" in text
        assert chosen["good"].id not in text
        assert chosen["open"].id not in text, "still open in a group: not shown"
