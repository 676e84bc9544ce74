"""``python -m bot demo``: a simulated study group, no Discord account needed.

Runs the real bot — services, database, scheduler runner and the discord.py client — against
a local stand-in for Discord on 127.0.0.1, moves a fake clock through a few study days and
prints what the members see.
"""

from __future__ import annotations

import logging
import random
import re
import tempfile
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_services
from bot.config import Settings
from bot.content.loader import Bank
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord, FakeMessage
from bot.discord.client import StudyBot

GUILD, CHANNEL, ORGANISER = 1_000_000_000_000_001, 1_000_000_000_000_010, 1_000_000_000_000_100
MEMBERS = {
    1_000_000_000_000_201: "ada",
    1_000_000_000_000_202: "grace",
    1_000_000_000_000_203: "alan",
    1_000_000_000_000_204: "katherine",
}
WIDTH = 96


def show(title: str, body: str) -> None:
    print(f"\n┌─ {title} " + "─" * max(0, WIDTH - len(title) - 4))
    for paragraph in body.splitlines():
        for line in textwrap.wrap(paragraph, WIDTH - 2) or [""]:
            print(f"│ {line}")
    print("└" + "─" * (WIDTH - 1))


def _timestamp(match: re.Match[str]) -> str:
    """Show Discord timestamp markup the way a member in Berlin would see it."""
    moment = datetime.fromtimestamp(int(match.group(1)), tz=ZoneInfo("Europe/Berlin"))
    style = match.group(2)
    return f"{moment:%H:%M}" if style in ("t", "R") else f"{moment:%a %d %b %H:%M}"


def render(message: FakeMessage) -> str:
    text = re.sub(r"<t:(\d+):(\w)>", _timestamp, message.text)
    for member_id, name in MEMBERS.items():
        text = text.replace(f"<@{member_id}>", f"@{name}")
    text = text.replace(f"<#{CHANNEL}>", "#daily-question")
    return text


async def run_demo(days: int, bank: Bank | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("discord").setLevel(logging.ERROR)  # a tidy transcript
    rng = random.Random(7)
    clock = FakeClock(datetime(2026, 3, 6, 6, 0, tzinfo=UTC))  # Friday, 07:00 in Berlin
    fake = FakeDiscord(bot_name="StudyBot")
    fake.add_guild(GUILD, "Study group", owner_id=ORGANISER)
    fake.add_channel(GUILD, CHANNEL, "daily-question")
    fake.add_member(GUILD, ORGANISER, "organiser", manage_guild=True)
    for member_id, name in MEMBERS.items():
        fake.add_member(GUILD, member_id, name)

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            discord_token="demo-token",  # type: ignore[arg-type]
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}",
            dev_guild_id=GUILD,
        )
        services = await build_services(settings, clock, bank=bank, platform="discord")
        await fake.start()
        try:
            bot = StudyBot(services, dev_guild_id=GUILD, guild_ready_timeout=0.05)
            async with fake.run_client(bot):
                await _simulate(fake, bot, clock, rng, days)
        finally:
            await fake.stop()
            await services.close()
    return 0


async def _simulate(
    fake: FakeDiscord, bot: StudyBot, clock: FakeClock, rng: random.Random, days: int
) -> None:
    print(
        "A simulated study group in Europe/Berlin: questions at 09:00, reveals at 20:00, "
        "Sunday is a rest day."
    )
    setup = await fake.slash(
        GUILD,
        CHANNEL,
        ORGANISER,
        "setup",
        {
            "channel": CHANNEL,
            "timezone": "Europe/Berlin",
            "post_time": "09:00",
            "reveal_time": "20:00",
            "rest_days": "sun",
            "start_date": "2026-03-06",
        },
        subcommand="configure",
    )
    show("organiser runs /setup configure (only they see the reply)", render_result(setup))

    day = datetime(2026, 3, 6, tzinfo=UTC)
    simulated = 0
    while simulated < days:
        clock.set(day + timedelta(hours=8))  # 09:00 in Berlin (winter time)
        before = len(fake.messages(CHANNEL))
        await bot.services.runner.run_due()
        posted = fake.messages(CHANNEL)[before:]
        questions = [m for m in posted if m.custom_ids and m.custom_ids[0].startswith("sb:")]
        for notice in (m for m in posted if m not in questions):
            show(f"{day:%a %d %b} 09:00 — the bot posts in #daily-question", render(notice))
        if not questions:
            day += timedelta(days=1)
            continue
        question = questions[0]
        show(f"{day:%a %d %b} 09:00 — the bot posts in #daily-question", render(question))
        await _members_answer(fake, bot, question, rng)
        await bot.counts.drain()
        clock.set(day + timedelta(hours=19))  # 20:00 in Berlin
        before = len(fake.messages(CHANNEL))
        await bot.services.runner.run_due()
        for message in fake.messages(CHANNEL)[before:]:
            show(f"{day:%a %d %b} 20:00 — the reveal", render(message))
        simulated += 1
        day += timedelta(days=1)

    for member_id, name in MEMBERS.items():
        streak = await fake.slash(GUILD, CHANNEL, member_id, "streak")
        show(f"{name} runs /streak (private)", render_result(streak))


async def _members_answer(
    fake: FakeDiscord, bot: StudyBot, question: FakeMessage, rng: random.Random
) -> None:
    daily_id = int(question.custom_ids[0].split(":")[2])
    card = await bot.services.daily.question_card(daily_id)
    letters = card.question.letters
    for index, (member_id, name) in enumerate(MEMBERS.items()):
        if rng.random() < 0.2:
            print(f"  ({name} does not answer today)")
            continue
        knows = rng.random() < 0.6
        pick = list(card.question.answer) if knows else rng.sample(letters, card.question.choose)
        select = next(
            (c for c in question.custom_ids if c.startswith(custom_ids.ANSWER_SELECT.prefix)), None
        )
        if select:
            result = await fake.select(member_id, question.id, select, pick)
        else:
            button = next(c for c in question.custom_ids if c.endswith(f":{pick[0]}"))
            result = await fake.click(member_id, question.id, button)
        if index == 0:
            show(
                f"{name} clicks {' and '.join(pick)} (only {name} sees this)", render_result(result)
            )
        if index == 1 and result.message is not None:
            why = next(
                c for c in result.message.custom_ids if c.startswith(custom_ids.REASONING.prefix)
            )
            opened = await fake.click(member_id, result.message.id, why)
            if opened.modal is not None:
                saved = await fake.submit_modal(
                    member_id,
                    opened.modal["custom_id"],
                    {
                        "reasoning": f"I looked for the deciding phrase and went with {pick[0]}.",
                        "confidence": str(rng.randint(2, 5)),
                    },
                )
                show(f"{name} adds reasoning in the form (private)", render_result(saved))


def render_result(result: object) -> str:
    message = getattr(result, "message", None)
    if message is not None:
        return render(message)
    return re.sub(r"<t:(\d+):(\w)>", _timestamp, str(getattr(result, "content", "") or ""))
