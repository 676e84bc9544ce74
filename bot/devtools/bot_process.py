"""The real bot in a process of its own against a fake Discord (soak test, benchmarks).

It talks to the fake Discord given on the command line and reads the simulated time from a
file the test writes; whenever that time changes it runs the catch-up pass, as the
scheduler's wake-ups would.

    python -m bot.devtools.bot_process API_URL GATEWAY_URL DATABASE_URL CLOCK_FILE GUILD_ID
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

import discord
import discord.gateway
import discord.http
import yarl

from bot.app import build_services
from bot.config import Settings
from bot.discord.client import StudyBot


def read_stamp(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


class FileClock:
    """The simulated time, as written by the test (ISO 8601, aware)."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def now(self) -> datetime:
        return datetime.fromisoformat(read_stamp(self._path))


async def main(api: str, gateway: str, database_url: str, clock_file: str, guild: str) -> None:
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    clock = FileClock(Path(clock_file))
    settings = Settings(
        discord_token="fake-token",  # type: ignore[arg-type]
        database_url=database_url,
        dev_guild_id=int(guild),
        catch_up_interval_seconds=3600,
    )
    services = await build_services(settings, clock)
    bot = StudyBot(services, dev_guild_id=int(guild), guild_ready_timeout=0.05)
    await bot.login("fake-token")
    connection = asyncio.create_task(bot.connect(reconnect=True))
    await bot.wait_until_ready()
    print("ready", flush=True)
    seen = None
    while not connection.done():
        current = read_stamp(Path(clock_file))
        if current != seen:
            seen = current
            await services.runner.run_due()
            await bot.counts.drain()
            print(f"pass {current}", flush=True)
        await asyncio.sleep(0.02)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
