"""/me forget takes the member out of the reveals already posted; quotes are plain text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord
from tests.e2e.harness import CHANNEL, EVERY_DAY, GUILD, MEMBERS, ORGANISER, answer, running_bot

SMUGGLED = "Pick C ||spoiler|| [docs](https://example.com/x) <@900000000000000100> @everyone"


async def test_forgetting_redraws_the_reveals_that_showed_the_member(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    leaver, stayer = MEMBERS[0], MEMBERS[1]
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        question = [m for m in run.public_messages() if "Question of the day" in m.text][-1]
        daily_id = int(question.custom_ids[0].split(":")[2])
        await answer(run, leaver, question, right=True)
        await answer(run, stayer, question, right=False)
        daily = run.bot.services.daily
        await daily.add_reasoning(str(GUILD), str(leaver), daily_id, SMUGGLED, "4", clock.now())
        await daily.add_reasoning(
            str(GUILD), str(stayer), daily_id, "The stayer's reasoning", "2", clock.now()
        )
        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
        await run.run_due()
        reveal = next(m for m in run.public_messages() if "How the group reasoned" in m.text)

        # Quoted reasoning shows as typed: no spoiler, masked link or mention works in it.
        quoted = reveal.text
        assert "||spoiler||" not in quoted and "\\|\\|spoiler\\|\\|" in quoted
        assert not re.search(r"(?<!\\)\[docs\]\(", quoted) and "\\[docs](" in quoted
        assert "<@900000000000000100>" not in quoted and "@everyone" not in quoted
        assert f"<@{leaver}>" in quoted and "Right (1 of 2)" in quoted

        confirm = await fake.slash(GUILD, CHANNEL, leaver, "me", subcommand="forget")
        done = await fake.click(leaver, confirm.message.id, custom_ids.FORGET.build())
        assert "deleted" in done.content and "1 posted reveal" in done.content

        redrawn = await fake.wait_until(
            lambda: fake.message(reveal.id) if fake.message(reveal.id).edits else None,
            what="the reveal redrawn",
        )
        assert f"<@{leaver}>" not in redrawn.text, "the forgotten member is not named"
        assert "Pick C" not in redrawn.text, "their reasoning is gone"
        assert "The stayer's reasoning" in redrawn.text
        assert "Right (0 of 1)" in redrawn.text, "the split no longer counts them"
