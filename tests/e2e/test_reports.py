"""Reporting a problem from the reveal, and organisers resolving it, end to end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.clock import FakeClock
from bot.devtools.fake_discord import CommandUnavailable, FakeDiscord
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, OUTSIDER, running_bot

SETUP = {
    "channel": CHANNEL,
    "timezone": "UTC",
    "post_time": "09:00",
    "reveal_time": "20:00",
    "start_date": "2026-03-02",
}


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
        report_button = next(c for c in reveal.custom_ids if c.startswith("sb:report:"))

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
