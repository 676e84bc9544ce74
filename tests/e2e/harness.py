"""Running the real bot (real discord.py client, services, scheduler, database) against the
fake Discord, with a fake clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.app import build_services
from bot.config import Settings
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord, FakeMessage
from bot.discord.client import StudyBot
from bot.observability import start_health
from bot.services.overview import TITLE

GUILD = 900_000_000_000_000_001
CHANNEL = 900_000_000_000_000_010
LOCKED_CHANNEL = 900_000_000_000_000_011
ORGANISER = 900_000_000_000_000_100
MEMBERS = (900_000_000_000_000_201, 900_000_000_000_000_202, 900_000_000_000_000_203)
OUTSIDER = 900_000_000_000_000_300

# /setup configure for the test server: UTC, post 09:00, reveal 20:00, from Monday 2 March 2026
# (the default rest days). EVERY_DAY has no rest day.
SETUP: dict[str, object] = {
    "channel": CHANNEL,
    "timezone": "UTC",
    "post_time": "09:00",
    "reveal_time": "20:00",
    "start_date": "2026-03-02",
}
EVERY_DAY: dict[str, object] = {**SETUP, "rest_days": "none"}


def build_world(fake: FakeDiscord) -> None:
    fake.add_guild(GUILD, "PMLE study group", owner_id=ORGANISER)
    fake.add_channel(GUILD, CHANNEL, "daily-question")
    fake.add_channel(GUILD, LOCKED_CHANNEL, "announcements", bot_can_send=False)
    fake.add_member(GUILD, ORGANISER, "orga", manage_guild=True)
    for number, member in enumerate(MEMBERS, start=1):
        fake.add_member(GUILD, member, f"member{number}")
    fake.add_member(GUILD, OUTSIDER, "outsider")


@dataclass
class Running:
    bot: StudyBot
    fake: FakeDiscord
    health_port: int | None = None  # set when HEALTH_PORT was, as the process serves it

    async def run_due(self) -> None:
        """What the scheduler's jobs do at their time (the clock is fake, so we call it)."""
        await self.bot.services.runner.run_due()
        await self.bot.counts.drain()

    def public_messages(self) -> list[FakeMessage]:
        """The channel's posts, the pinned overview aside (``overview`` has it)."""
        return [m for m in self.fake.messages(CHANNEL) if TITLE not in m.text]

    def overviews(self) -> list[FakeMessage]:
        """The pinned overview (one, once the group is set up)."""
        return [m for m in self.fake.messages(CHANNEL) if TITLE in m.text]


@asynccontextmanager
async def running_bot(
    fake: FakeDiscord, database_url: str, clock: FakeClock, **overrides: object
) -> AsyncIterator[Running]:
    values: dict[str, object] = {
        "discord_token": "fake-token",
        "database_url": database_url,
        "dev_guild_id": GUILD,
        "catch_up_interval_seconds": 3600,
        **overrides,
    }
    settings = Settings(**values)  # type: ignore[arg-type]
    services = await build_services(settings, clock, platform="discord")
    bot = StudyBot(services, dev_guild_id=GUILD, guild_ready_timeout=0.05)
    try:
        async with fake.run_client(
            bot,
            token=settings.discord_token.get_secret_value()
            if settings.discord_token
            else "fake-token",
        ):
            await bot.services.runner.run_due()  # the start-up catch-up has run
            health = await start_health(
                settings, services.metrics, services.clock.now, {"discord": bot.connected}
            )
            try:
                yield Running(bot, fake, health.port if health else None)
            finally:
                if health is not None:
                    await health.stop()
    finally:
        await services.close()


async def answer(run: Running, user: int, message: FakeMessage, right: bool) -> None:
    """Answer the daily question on ``message`` right or wrong, as a member clicks."""
    daily_id = int(message.custom_ids[0].split(":")[2])
    card = await run.bot.services.daily.question_card(daily_id)
    q = card.question
    letters = list(q.answer) if right else [x for x in q.letters if x not in q.answer][: q.choose]
    select_id = next(
        (c for c in message.custom_ids if c.startswith(custom_ids.ANSWER_SELECT.prefix)), None
    )
    if select_id:
        result = await run.fake.select(user, message.id, select_id, letters)
    else:
        result = await run.fake.click(
            user, message.id, custom_ids.ANSWER.build(daily=daily_id, letter=letters[0])
        )
    assert result.ephemeral
