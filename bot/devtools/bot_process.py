"""The real bot in a process of its own against a fake Discord (soak test, benchmarks).

It talks to the fake Discord given on the command line and reads the simulated time from a
file the test writes; whenever that time changes it runs the catch-up pass, as the
scheduler's wake-ups would. The parent side (:class:`ChildBot`) and the file clock serve
the Slack bot process too (``bot.devtools.slack_process``).

    python -m bot.devtools.bot_process API_URL GATEWAY_URL DATABASE_URL CLOCK_FILE GUILD_ID
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl

from bot.app import build_services
from bot.config import Settings
from bot.discord.client import StudyBot
from bot.lifecycle import StopSignals, serve


def read_stamp(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


ROOT = Path(__file__).resolve().parents[2]


class ChildBot:
    """Runs, kills and restarts a bot module as a child process, and moves its clock.

    The child speaks a small protocol on stdout: "ready" once it is connected, then
    "pass <time>" each time it has caught up with a new simulated time read from
    ``clock_file`` (see :func:`follow_clock`). A ``warm`` child imports and loads its
    content, then waits for "go" on stdin: one is kept waiting as a spare, so a restart
    after a kill does not wait for seconds of loading (the spare has touched neither the
    database nor the chat service, so it is as fresh as a new process).
    """

    def __init__(
        self,
        module: str,
        arguments: list[str],
        clock_file: Path,
        log: Any = None,
        *,
        warm: bool = False,
    ) -> None:
        self.module = module
        self.arguments = arguments  # after ``python -m module``
        self.clock_file = clock_file
        self.log = log  # where the child's stderr goes (a file, or None to inherit)
        self.warm = warm
        self.process: asyncio.subprocess.Process | None = None
        self.passes: list[str] = []
        self.kills = 0
        self.ready = asyncio.Event()
        self.readers: list[asyncio.Task[None]] = []
        self._spare: asyncio.Task[asyncio.subprocess.Process] | None = None

    async def _spawn(self) -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self.module,
            *self.arguments,
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE if self.warm else None,
            stdout=asyncio.subprocess.PIPE,
            stderr=self.log,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.readers.append(asyncio.create_task(self._read(process)))
        return process

    async def start(self) -> None:
        self.ready = asyncio.Event()
        if not self.warm:
            self.process = await self._spawn()
        else:
            self.process = await (self._spare or self._spawn())
            assert self.process.stdin is not None
            self.process.stdin.write(b"go\n")
            await self.process.stdin.drain()
            self._spare = asyncio.create_task(self._spawn())
        await asyncio.wait_for(self.ready.wait(), 60)

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        async for raw in process.stdout:
            line = raw.decode().strip()
            if line == "ready":
                self.ready.set()
            elif line.startswith("pass "):
                self.passes.append(line[5:])

    def write_time(self, moment: datetime) -> None:
        """Atomically, so the bot never reads a half-written time."""
        partial = self.clock_file.with_suffix(".tmp")
        partial.write_text(moment.isoformat(), encoding="utf-8")
        os.replace(partial, self.clock_file)

    async def set_time(self, moment: datetime) -> None:
        """Move the simulated clock and wait until the bot ran its pass for that time."""
        stamp = moment.isoformat()
        self.write_time(moment)
        for _ in range(3000):
            if stamp in self.passes:
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"no pass for {stamp}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.kills += 1

    async def restart(self) -> None:
        assert self.process is not None
        await self.process.wait()
        await self.start()

    async def terminate(self, sig: int = signal.SIGTERM, within: float = 10.0) -> int:
        """Send ``sig`` (SIGTERM as ``docker stop`` does, or SIGINT) and return the exit code;
        SIGKILL and raise TimeoutError if the child is still running after ``within`` s."""
        assert self.process is not None
        self.process.send_signal(sig)
        try:
            return await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise

    async def stop(self) -> None:
        """End the child as ``docker stop`` would (SIGTERM, SIGKILL after 10 s; not counted
        as a crash), the spare and the output readers."""
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(TimeoutError, ProcessLookupError):
                await self.terminate(signal.SIGTERM, 10.0)
        if self._spare is not None:  # it has touched nothing yet: no need to wait for it
            spare, self._spare = await self._spare, None
            with contextlib.suppress(ProcessLookupError):
                spare.kill()
            await spare.wait()
        for reader in self.readers:
            reader.cancel()


class BotProcess(ChildBot):
    """The Discord bot of this module (or another client speaking the same protocol, such
    as ``bench.floor_bot``) against a fake Discord."""

    def __init__(
        self,
        api_url: str,
        gateway_url: str,
        database_url: str,
        clock_file: Path,
        guild_id: int,
        log: Any = None,
        module: str = "bot.devtools.bot_process",
    ) -> None:
        arguments = [api_url, gateway_url, database_url, str(clock_file), str(guild_id)]
        super().__init__(module, arguments, clock_file, log)


class FileClock:
    """The simulated time, as written by the test (ISO 8601, aware); read again only when
    the file changed, since a burst of answers asks for the time hundreds of times."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._seen: tuple[int, int, int] | None = None
        self._now: datetime | None = None

    def now(self) -> datetime:
        status = os.stat(self._path)
        version = (status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        if self._now is None or version != self._seen:
            self._now = datetime.fromisoformat(read_stamp(self._path))
            self._seen = version
        return self._now


def use_fake_discord(api: str, gateway: str) -> None:
    """Point discord.py's REST and gateway at the fake Discord."""
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)


async def follow_clock(
    clock_file: Path, connection: asyncio.Task[None], on_change: Callable[[], Awaitable[None]]
) -> None:
    """Say "ready", then for every new simulated time run ``on_change`` and say "pass <time>"
    (what ``BotProcess`` waits for), until the gateway connection ends."""
    print("ready", flush=True)
    seen = None
    while not connection.done():
        current = read_stamp(clock_file)
        if current != seen:
            seen = current
            await on_change()
            print(f"pass {current}", flush=True)
        await asyncio.sleep(0.02)


async def main(api: str, gateway: str, database_url: str, clock_file: str, guild: str) -> int:
    use_fake_discord(api, gateway)
    clock = FileClock(Path(clock_file))
    settings = Settings(
        discord_token="fake-token",  # type: ignore[arg-type]
        database_url=database_url,
        dev_guild_id=int(guild),
        catch_up_interval_seconds=3600,
    )
    stop = StopSignals()
    with stop.installed():
        try:
            services = await build_services(settings, clock, platform="discord")
        except asyncio.CancelledError:
            if stop.requested.is_set():
                return 0  # stopped while starting
            raise
        bot = StudyBot(services, dev_guild_id=int(guild), guild_ready_timeout=0.05)

        async def run() -> None:
            await bot.login("fake-token")
            connection = asyncio.create_task(bot.connect(reconnect=True))
            await bot.wait_until_ready()

            async def catch_up() -> None:  # as the scheduler's wake-ups would
                await services.runner.run_due()
                await bot.counts.drain()

            await follow_clock(Path(clock_file), connection, catch_up)
            await connection

        async def shutdown() -> None:  # as ``python -m bot run`` does
            await bot.close()
            logging.getLogger("bot").info("Discord connection closed")
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
    raise SystemExit(asyncio.run(main(*sys.argv[1:6])))
