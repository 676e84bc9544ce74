"""The real Slack bot in a process of its own against a fake Slack (soak test, benchmarks).

The Slack counterpart of ``bot.devtools.bot_process``, speaking the same protocol on stdout
("ready" once connected over Socket Mode, "pass <time>" after each catch-up pass for a new
simulated time read from the clock file), so :class:`SlackProcess` can start, kill and
restart it like the Discord bot. It is a warm child: it loads, then waits for "go" on stdin.

    python -m bot.devtools.slack_process API_URL DATABASE_URL CLOCK_FILE  (then type "go")
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any

from bot.app import build_services
from bot.config import Settings
from bot.content.loader import Bank, load_bank
from bot.devtools.bot_process import ChildBot, FileClock, follow_clock
from bot.devtools.fake_slack.server import APP_TOKEN, BOT_TOKEN
from bot.lifecycle import StopSignals, serve
from bot.slack.app import SlackBot


class SlackProcess(ChildBot):
    """The Slack bot of this module, in a child process, against the fake Slack at
    ``api_url`` (the fake's tokens are fixed, so only its address is needed)."""

    def __init__(self, api_url: str, database_url: str, clock_file: Path, log: Any = None) -> None:
        arguments = [api_url, database_url, str(clock_file)]
        super().__init__("bot.devtools.slack_process", arguments, clock_file, log, warm=True)


def fake_slack_settings(api_url: str, database_url: str) -> Settings:
    return Settings(
        slack_bot_token=BOT_TOKEN,  # type: ignore[arg-type]
        slack_app_token=APP_TOKEN,  # type: ignore[arg-type]
        slack_api_url=api_url,
        database_url=database_url,
        catch_up_interval_seconds=3600,
    )


async def main(settings: Settings, clock_file: Path, bank: Bank) -> int:
    api_url = settings.slack_api_url
    stop = StopSignals()
    with stop.installed():
        try:
            services = await build_services(
                settings, FileClock(clock_file), bank=bank, platform="slack"
            )
        except asyncio.CancelledError:
            if stop.requested.is_set():
                return 0  # stopped while starting
            raise
        bot = SlackBot(services, bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=api_url)
        closed = asyncio.Event()

        async def until_closed() -> None:  # what the clock follows, as the gateway on Discord
            await closed.wait()

        async def run() -> None:
            await bot.start()
            connection = asyncio.create_task(until_closed())

            async def catch_up() -> None:  # as the scheduler's wake-ups would
                await bot.names.drain()
                await services.runner.run_due()
                await bot.counts.drain()

            await follow_clock(clock_file, connection, catch_up)

        async def shutdown() -> None:  # as ``python -m bot run`` does
            await bot.close()
            logging.getLogger("bot").info("Slack connection closed")
            closed.set()
            await services.close()

        try:
            return await serve(stop, run(), shutdown)
        finally:
            await services.close()


if __name__ == "__main__":
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)  # slack_sdk would send the fake's traffic to a proxy
    api, database, clock = sys.argv[1:4]
    settings = fake_slack_settings(api, database)
    bank = load_bank(settings.content_dir)  # before the "go": a spare waits loaded
    if sys.stdin.readline().strip() == "go":  # nothing (stdin closed): a spare not needed
        raise SystemExit(asyncio.run(main(settings, Path(clock), bank)))
