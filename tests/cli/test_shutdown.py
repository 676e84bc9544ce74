"""Stopping: ``docker stop`` sends SIGTERM and kills 10 s later; Ctrl-C sends SIGINT. Either
way the bot closes the Discord connection, the scheduler and the database cleanly, says so,
logs no error and exits 0 well within the 10 s."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.devtools.bot_process import BotProcess
from bot.devtools.fake_discord import FakeDiscord
from tests.e2e.harness import CHANNEL, GUILD, ORGANISER, build_world

ROOT = Path(__file__).resolve().parents[2]
ERROR_RECORD = re.compile(r" (ERROR|CRITICAL) ")
STOP_WITHIN = 10.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(timeout=60)
    build_world(server)
    await server.start()
    yield server
    await server.stop()


async def configure_group(fake: FakeDiscord) -> None:
    """A configured group, so the schedule has jobs and the database has rows."""
    result = await fake.slash(
        GUILD,
        CHANNEL,
        ORGANISER,
        "setup",
        {"channel": CHANNEL, "timezone": "UTC", "start_date": "2026-03-02"},
        subcommand="configure",
    )
    assert result.content or result.embeds


def wal_exists(database: Path) -> bool:
    return Path(f"{database}-wal").exists()


def assert_stopped_cleanly(fake: FakeDiscord, database: Path, stderr: str, sig: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert not ERROR_RECORD.search(stderr), stderr
    for step in (
        f"received {sig}: stopping",
        "scheduler stopped",
        "Discord connection closed",
        "database closed",
        "stopped cleanly",
    ):
        assert step in stderr, f"{step!r} missing from:\n{stderr}"
    # The gateway socket was closed by the client with 1000 (normal closure), not dropped.
    assert fake.gateway_close_codes == [1000]
    assert fake.connected_sessions == 0
    # SQLite folds its write-ahead log back into the file when the last connection closes
    # cleanly; a killed process leaves the -wal file behind.
    assert database.exists()
    assert not wal_exists(database)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_the_entry_point_stops_cleanly_on_a_signal(
    fake: FakeDiscord, tmp_path: Path, sig: signal.Signals
) -> None:
    database = tmp_path / "bot.db"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.devtools.entry_point",
        fake.api_url,
        fake.gateway_url,
        "run",
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": fake.token,
            "DATABASE_URL": f"sqlite:///{database}",
            "DEV_GUILD_ID": str(GUILD),
            "HEALTH_PORT": "0",
            "LOG_LEVEL": "INFO",
        },
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_connected(timeout=60)
        await configure_group(fake)
        assert wal_exists(database)  # the bot has the database open
        started = time.monotonic()
        process.send_signal(sig)
        assert process.stderr is not None
        stderr, code = await asyncio.wait_for(
            asyncio.gather(process.stderr.read(), process.wait()), STOP_WITHIN
        )
        elapsed = time.monotonic() - started
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = stderr.decode()
    assert code == 0, text
    assert elapsed < STOP_WITHIN
    assert_stopped_cleanly(fake, database, text, sig.name)
    assert "voice will NOT be supported" not in text  # discord.py's voice notice is silenced


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_signal_while_waiting_for_the_database_stops_at_once(
    tmp_path: Path, sig: signal.Signals
) -> None:
    with_closed_port = "postgresql://bot@127.0.0.1:1/studybot"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": "MTIz.test-only.token",
            "DATABASE_URL": with_closed_port,
            "DATABASE_RETRY_SECONDS": "600",
        },
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    try:

        async def waiting_for_the_database() -> None:
            assert process.stderr is not None
            while b"is not reachable yet" not in await process.stderr.readline():
                assert process.returncode is None

        await asyncio.wait_for(waiting_for_the_database(), 60)
        started = time.monotonic()
        process.send_signal(sig)
        rest, code = await asyncio.wait_for(
            asyncio.gather(process.stderr.read(), process.wait()), STOP_WITHIN
        )
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = rest.decode()
    assert code == 0, text
    assert time.monotonic() - started < 3
    assert "Traceback" not in text and f"received {sig.name}: stopping" in text


async def test_the_bot_process_helper_stops_cleanly_on_sigterm(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child the soak test and the benchmarks run (``BotProcess.stop`` sends SIGTERM)."""
    database = tmp_path / "bot.db"
    clock = tmp_path / "clock.txt"
    clock.write_text(datetime(2026, 3, 2, 8, tzinfo=UTC).isoformat(), encoding="utf-8")
    log = (tmp_path / "bot.log").open("w")
    monkeypatch.setenv("LOG_LEVEL", "INFO")  # the child's log level
    bot = BotProcess(fake.api_url, fake.gateway_url, f"sqlite:///{database}", clock, GUILD, log=log)
    try:
        await bot.start()
        await configure_group(fake)
        started = time.monotonic()
        code = await bot.terminate(signal.SIGTERM, STOP_WITHIN)
        assert time.monotonic() - started < STOP_WITHIN
    finally:
        await bot.stop()
        log.close()
    text = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert code == 0, text
    assert_stopped_cleanly(fake, database, text, "SIGTERM")
