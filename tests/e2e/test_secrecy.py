"""Nothing about the open question can be learned before its reveal, end to end.

A member who picks, reads everything that counts answers, changes the pick and reads it all
again must see exactly the same thing; after the reveal the counts move.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord, FakeMessage
from tests.e2e.harness import (
    CHANNEL,
    EVERY_DAY,
    GUILD,
    MEMBERS,
    ORGANISER,
    Running,
    answer,
    running_bot,
)

PICKER, WATCHER = MEMBERS[0], MEMBERS[1]


async def reply_of(
    run: Running, user: int, command: str, options: dict[str, object] | None = None, **kw: str
) -> FakeMessage:
    reply = await run.fake.slash(GUILD, CHANNEL, user, command, options or {}, **kw)
    if reply.deferred:
        return await reply.wait_original_edit()
    assert reply.message is not None
    return reply.message


async def everything_seen(run: Running) -> dict[str, object]:
    """What the picker and another member can read that counts answers."""
    seen: dict[str, object] = {}
    for who, user in (("picker", PICKER), ("watcher", WATCHER)):
        for period in ("all", "week", "month"):
            board = await reply_of(run, user, "leaderboard", {"period": period})
            seen[f"{who} leaderboard {period}"] = board.text
        stats = await reply_of(run, user, "stats")
        seen[f"{who} stats"] = (stats.text, [a.data for a in stats.attachments])
        plan = await reply_of(run, user, "plan")
        seen[f"{who} plan"] = plan.text
    public = await reply_of(run, WATCHER, "stats", {"member": PICKER})
    seen["picker's public stats"] = (public.text, [a.data for a in public.attachments])
    mistakes = await reply_of(run, PICKER, "mistakes", subcommand="list")
    seen["mistakes"] = mistakes.text
    review = await reply_of(run, PICKER, "review")
    seen["review"] = review.text
    return seen


async def exported_answers(run: Running) -> list[dict[str, object]]:
    exported = await reply_of(run, PICKER, "me", subcommand="export")
    (dump,) = exported.attachments
    answers: list[dict[str, object]] = json.loads(dump.data)["answers"]
    return answers


async def test_changing_a_pick_changes_nothing_anyone_can_read_before_the_reveal(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", EVERY_DAY, subcommand="configure")
        await fake.slash(GUILD, CHANNEL, PICKER, "me", {"stats_public": True}, subcommand="set")
        # Monday is played and revealed, so every view has something to count.
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        monday = [m for m in run.public_messages() if "Question of the day" in m.text][-1]
        await answer(run, PICKER, monday, right=False)
        await answer(run, WATCHER, monday, right=True)
        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
        await run.run_due()

        # Tuesday's question is open: the picker tries a wrong pick, then the right one.
        clock.set(datetime(2026, 3, 3, 9, tzinfo=UTC))
        await run.run_due()
        tuesday = [m for m in run.public_messages() if "Question of the day" in m.text][-1]
        assert tuesday.id != monday.id
        await answer(run, PICKER, tuesday, right=False)
        clock.set(datetime(2026, 3, 3, 10, tzinfo=UTC))
        with_wrong_pick = await everything_seen(run)
        assert all(a["is_correct"] is None for a in (await exported_answers(run))[1:])

        await answer(run, PICKER, tuesday, right=True)
        with_right_pick = await everything_seen(run)
        for view, before in with_wrong_pick.items():
            assert with_right_pick[view] == before, f"{view} changed with the open pick"
        export = await exported_answers(run)
        assert len(export) == 2 and export[0]["is_correct"] is False
        assert export[1]["is_correct"] is None, "the export hides right/wrong until the reveal"

        # After the reveal the right pick counts everywhere.
        clock.set(datetime(2026, 3, 3, 20, tzinfo=UTC))
        await run.run_due()
        after = await everything_seen(run)
        assert after["picker leaderboard all"] != with_right_pick["picker leaderboard all"]
        assert after["watcher leaderboard week"] != with_right_pick["watcher leaderboard week"]
        assert after["picker stats"] != with_right_pick["picker stats"]
        assert after["picker's public stats"] != with_right_pick["picker's public stats"]
        assert (await exported_answers(run))[1]["is_correct"] is True
