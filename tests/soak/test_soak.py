"""Soak: 30 members, 60 study days, the bot process killed abruptly (SIGKILL) at random
moments and restarted on the same database, on SQLite and on PostgreSQL.

Members click at the same time, so answers are committed in batches and a kill during the
answers lands inside one. A member whose click got no confirmation tries again once the bot
is back, as a person would. Afterwards: no duplicate post, no missing reveal, no answer lost
that a member was told was recorded, and every reveal's split equals the stored answers.
Prints its figures."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.core import custom_ids
from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, Member
from bot.devtools.bot_process import BotProcess
from bot.devtools.fake_discord import (
    FakeDiscord,
    FakeDiscordTimeout,
    FakeMessage,
    InteractionFailed,
)

GUILD, CHANNEL, ORGANISER = (
    910_000_000_000_000_001,
    910_000_000_000_000_010,
    910_000_000_000_000_100,
)
MEMBERS = [910_000_000_000_001_000 + n for n in range(30)]
DAYS, KILLS = 60, 12
START = date(2026, 3, 2)


async def answer(
    fake: FakeDiscord, member: int, message: FakeMessage, rng: random.Random
) -> tuple[int, str] | None:
    """Click as a member would; the pick when the bot said it was recorded, else None."""
    first = message.custom_ids[0]
    daily_id = int(first.split(":")[2])
    try:
        if first.startswith(custom_ids.ANSWER_SELECT.prefix):
            pick = sorted(rng.sample(list("ABCDE"), 2))
            result = await fake.select(member, message.id, first, pick)
        else:
            pick = [rng.choice("ABCD")]
            result = await fake.click(
                member, message.id, custom_ids.ANSWER.build(daily=daily_id, letter=pick[0])
            )
        text = (await result.wait_original_edit()).content if result.deferred else result.content
    except (FakeDiscordTimeout, InteractionFailed, RuntimeError):
        return None  # the bot was down: the member saw no confirmation
    if text and ("You picked" in text or "changed your pick" in text):
        return daily_id, ",".join(pick)
    return None


async def click_together(
    fake: FakeDiscord,
    members: list[int],
    message: FakeMessage,
    rng: random.Random,
    confirmed: dict[tuple[int, int], str],
) -> list[int]:
    """Everyone clicks at once; records confirmed picks and returns who got no confirmation."""
    picks = [rng.random() for _ in members]  # each member's own draw, whatever the timing
    outcomes = await asyncio.gather(
        *(
            answer(fake, member, message, random.Random(seed))
            for member, seed in zip(members, picks, strict=True)
        )
    )
    unconfirmed = []
    for member, outcome in zip(members, outcomes, strict=True):
        if outcome is None:
            unconfirmed.append(member)
        else:
            confirmed[(outcome[0], member)] = outcome[1]
    return unconfirmed


def split_shown(reveal: FakeMessage) -> dict[str, int]:
    """Answers per letter as the reveal's "The split" field shows them."""
    field = next(f for e in reveal.embeds for f in e.get("fields", []) if f["name"] == "The split")
    counts = {}
    for line in field["value"].splitlines():
        if line.startswith("`"):
            letter = line[1]
            counts[letter] = int(line.split()[2])
    return counts


async def test_soak_with_abrupt_kills(tmp_path: Path, db_url: str) -> None:
    fake = FakeDiscord(timeout=3.0)
    fake.add_guild(GUILD, "soak", owner_id=ORGANISER)
    fake.add_channel(GUILD, CHANNEL, "daily-question")
    fake.add_member(GUILD, ORGANISER, "organiser", manage_guild=True)
    for number, member in enumerate(MEMBERS):
        fake.add_member(GUILD, member, f"m{number}")
    await fake.start()
    database_url = db_url
    bot = BotProcess(
        fake.api_url,
        fake.gateway_url,
        database_url,
        tmp_path / "clock.txt",
        GUILD,
        log=(tmp_path / "bot.log").open("ab"),
    )  # stderr, for a failing run
    rng = random.Random(2026)
    kill_plan = {
        day: rng.choice(["post", "answers", "reveal"]) for day in rng.sample(range(DAYS), KILLS)
    }
    confirmed: dict[tuple[int, int], str] = {}
    try:
        bot.write_time(datetime(2026, 3, 2, 7, tzinfo=UTC))
        await bot.start()
        await fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "setup",
            {
                "channel": CHANNEL,
                "timezone": "UTC",
                "post_time": "09:00",
                "reveal_time": "20:00",
                "rest_days": "none",
                "start_date": START.isoformat(),
            },
            subcommand="configure",
        )
        for day in range(DAYS):
            today = START + timedelta(days=day)
            post = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
            kill = kill_plan.get(day)
            if kill == "post":
                bot.write_time(post)
                await asyncio.sleep(rng.uniform(0, 0.05))  # a random crash point in the pass
                bot.kill()
                await bot.restart()
            await bot.set_time(post + timedelta(seconds=1))
            title = f"Question of the day · {today:%a %d %b}"
            (message,) = [m for m in fake.messages(CHANNEL) if title in m.text]
            crowd = rng.sample(MEMBERS, len(MEMBERS))
            if kill == "answers":
                # The kill lands while the crowd's clicks are in flight, inside a batch.
                clicks = asyncio.ensure_future(click_together(fake, crowd, message, rng, confirmed))
                await asyncio.sleep(rng.uniform(0.005, 0.05))
                bot.kill()
                retry = await clicks
                stale = await answer(fake, crowd[0], message, rng)
                assert stale is None, "nobody is told 'recorded' while the bot is down"
                await bot.restart()
            else:
                retry = await click_together(fake, crowd, message, rng, confirmed)
            still = await click_together(fake, retry, message, rng, confirmed)
            assert still == [], "with the bot up, every click is confirmed"
            await click_together(fake, rng.sample(MEMBERS, 5), message, rng, confirmed)  # change
            reveal = post + timedelta(hours=11)
            if kill == "reveal":
                bot.write_time(reveal)
                await asyncio.sleep(rng.uniform(0, 0.05))
                bot.kill()
                await bot.restart()
            await bot.set_time(reveal + timedelta(seconds=1))
        await bot.set_time(
            datetime.combine(START + timedelta(days=DAYS), datetime.min.time(), tzinfo=UTC)
        )
    finally:
        await bot.stop()
        await fake.stop()

    messages = fake.messages(CHANNEL)
    posts = [m for m in messages if "Question of the day" in m.text]
    titles = [m.embeds[0]["title"] for m in posts]
    duplicates = len(titles) - len(set(titles))
    reveal_tags = [
        m.embeds[-1]["footer"]["text"].split(" · ")[0]
        for m in messages
        if "How the group reasoned" in m.text
    ]
    database = Database.from_url(database_url)
    async with database.unit_of_work() as session:
        dailies = (await session.scalars(select(DailyQuestion))).all()
        stored = {
            (daily_id, int(external)): pick
            for daily_id, external, pick in await session.execute(
                select(Answer.daily_question_id, Member.external_id, Answer.pick).join(
                    Member, Member.id == Answer.member_id
                )
            )
        }
    await database.dispose()
    posted = [d for d in dailies if d.state != "skipped"]
    missing_reveals = [d.id for d in posted if f"Reveal #{d.id}" not in reveal_tags]
    lost = [key for key, pick in confirmed.items() if stored.get(key) != pick]
    wrong_splits = []
    for reveal_message in (m for m in messages if "How the group reasoned" in m.text):
        daily_id = int(reveal_message.embeds[-1]["footer"]["text"].split(" · ")[0][8:])
        expected: dict[str, int] = {}
        for (answered_daily, _member), pick in stored.items():
            if answered_daily == daily_id:
                for letter in pick.split(","):
                    expected[letter] = expected.get(letter, 0) + 1
        shown = {letter: n for letter, n in split_shown(reveal_message).items() if n}
        if shown != expected:
            wrong_splits.append((daily_id, shown, expected))
    print(
        f"\nsoak: days={DAYS} members={len(MEMBERS)} kills={bot.kills} posts={len(posts)} "
        f"duplicate_posts={duplicates} reveals={len(reveal_tags)} "
        f"missing_reveals={len(missing_reveals)} confirmed_answers={len(confirmed)} "
        f"lost_answers={len(lost)} wrong_splits={len(wrong_splits)}"
    )
    assert bot.kills >= 10
    assert duplicates == 0 and len(reveal_tags) == len(set(reveal_tags))
    assert missing_reveals == []
    assert lost == []
    assert wrong_splits == [], wrong_splits
    assert len(posts) == DAYS, "every day was posted (restarts were quick, before the reveal)"
