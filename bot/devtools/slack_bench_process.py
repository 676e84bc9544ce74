"""The real Slack side of the bot in a process of its own against the fake Slack, for the
answers benchmark, which starts it with ``BotProcess``'s arguments (the soak uses the warm
child of ``bot.devtools.slack_process``).

The Slack counterpart of ``bot.devtools.bot_process``, speaking the same protocol with
``BotProcess`` (arguments, "ready" and "pass <time>" lines, SIGTERM to stop): it connects to
the fake Slack whose Web API address is given (with the fake's tokens) and runs the catch-up
pass whenever the simulated time in the clock file changes.

    python -m bot.devtools.slack_bench_process API_URL - DATABASE_URL CLOCK_FILE TEAM_ID
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

from bot.app import build_services
from bot.config import Settings
from bot.devtools.bot_process import FileClock, follow_clock
from bot.devtools.fake_slack.server import APP_TOKEN, BOT_TOKEN
from bot.lifecycle import StopSignals, serve
from bot.slack.app import SlackBot


async def main(api: str, _gateway: str, database_url: str, clock_file: str, _team: str) -> int:
    clock = FileClock(Path(clock_file))
    settings = Settings(
        slack_bot_token=BOT_TOKEN,  # type: ignore[arg-type]
        slack_app_token=APP_TOKEN,  # type: ignore[arg-type]
        slack_api_url=api,
        database_url=database_url,
        catch_up_interval_seconds=3600,
    )
    stop = StopSignals()
    with stop.installed():
        try:
            services = await build_services(settings, clock, platform="slack")
        except asyncio.CancelledError:
            if stop.requested.is_set():
                return 0  # stopped while starting
            raise
        bot = SlackBot(services, bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=api)

        async def run() -> None:
            connection = asyncio.create_task(bot.serve())
            while not await bot.connected():
                if connection.done():
                    await connection  # raises why it could not start
                await asyncio.sleep(0.02)

            async def catch_up() -> None:  # as the scheduler's wake-ups would
                await bot.names.drain()
                await services.runner.run_due()
                await bot.counts.drain()

            await follow_clock(Path(clock_file), connection, catch_up)
            await connection

        try:
            return await serve(stop, run(), bot.close)
        finally:
            await services.close()


if __name__ == "__main__":
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    raise SystemExit(asyncio.run(main(*sys.argv[1:6])))
