"""Start-up errors as an operator meets them: the real entry point in a process of its own,
exit code 2, one line that names the setting and what is valid, no traceback.

Log records (timestamped, below ERROR) may come before that line — e.g. the one warning that
the bot keeps retrying an unreachable database — but nothing else does.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.devtools.fake_discord import FakeDiscord
from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "MTIzNDU2Nzg5.test-only.token-value"
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (DEBUG|INFO|WARNING) ")
ERROR_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (ERROR|CRITICAL) ", re.M)


def base_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """A clean environment (no developer's .env: the working directory is ``tmp_path``)."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        **settings,
    }


def run_cli(tmp_path: Path, args: list[str], **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=tmp_path,
        env=base_env(tmp_path, **settings),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def run_cli_async(tmp_path: Path, args: list[str], **settings: str) -> tuple[int, str]:
    """For tests whose fake Discord runs in this process's event loop."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        *args,
        cwd=tmp_path,
        env=base_env(tmp_path, **settings),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


def the_error_line(code: int, stderr: str) -> str:
    """Assert the start-up error contract and return the one line."""
    assert code == 2, stderr
    assert "Traceback" not in stderr, stderr
    assert not ERROR_RECORD.search(stderr), stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    message = [line for line in lines if not LOG_RECORD.match(line)]
    assert len(message) == 1, stderr
    return message[0]


def closed_port() -> int:
    """A local port nothing listens on (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_invalid_log_level_names_the_setting_and_the_valid_levels(tmp_path: Path) -> None:
    result = run_cli(tmp_path, ["bot", "run"], DISCORD_TOKEN=TOKEN, LOG_LEVEL="LOUD")
    line = the_error_line(result.returncode, result.stderr)
    assert line.startswith("LOG_LEVEL='LOUD' is not valid")
    assert "DEBUG, INFO, WARNING, ERROR, CRITICAL" in line


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "mysql://user:hunter2@db/bot",
            "'mysql', which is not supported: only SQLite or PostgreSQL",
        ),
        ("no database at all", "is not a database URL"),
        ("sqlite://", "names no SQLite file"),
    ],
    ids=["unsupported", "malformed", "in-memory"],
)
def test_a_bad_database_url_says_only_sqlite_and_postgresql_are_valid(
    tmp_path: Path, url: str, expected: str
) -> None:
    result = run_cli(tmp_path, ["bot", "run"], DISCORD_TOKEN=TOKEN, DATABASE_URL=url)
    line = the_error_line(result.returncode, result.stderr)
    assert line.startswith("DATABASE_URL=") and expected in line
    assert "sqlite:///" in line and "postgresql://" in line
    assert "hunter2" not in result.stderr  # the password is never shown


def test_shard_ids_without_shard_count(tmp_path: Path) -> None:
    result = run_cli(tmp_path, ["bot", "run"], DISCORD_TOKEN=TOKEN, SHARD_IDS="[0, 1]")
    line = the_error_line(result.returncode, result.stderr)
    assert line.startswith("SHARD_IDS=[0, 1] needs SHARD_COUNT")
    assert "0 to SHARD_COUNT-1" in line


def test_several_bad_settings_get_one_line_each(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path, ["bot", "migrate"], HEALTH_PORT="99999", CATCH_UP_INTERVAL_SECONDS="1"
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert any(line.startswith("HEALTH_PORT='99999'") and "0 to 65535" in line for line in lines)
    assert any(
        line.startswith("CATCH_UP_INTERVAL_SECONDS='1'") and "5 to 3600" in line for line in lines
    )


@pytest.mark.parametrize("command", [["bot", "migrate"], ["bot", "run"]], ids=["migrate", "run"])
def test_an_unreachable_database_is_retried_then_reported(
    tmp_path: Path, command: list[str]
) -> None:
    port = closed_port()
    started = time.monotonic()
    result = run_cli(
        tmp_path,
        command,
        DISCORD_TOKEN=TOKEN,
        DATABASE_URL=f"postgresql://bot:hunter2@127.0.0.1:{port}/studybot",
        DATABASE_RETRY_SECONDS="1.5",
    )
    elapsed = time.monotonic() - started
    line = the_error_line(result.returncode, result.stderr)
    assert line.startswith(f"DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:{port}/studybot")
    assert "connection refused" in line and "DATABASE_RETRY_SECONDS" in line
    assert "retrying for up to 2 s" in result.stderr  # it said it was waiting, once
    assert result.stderr.count("is not reachable yet") == 1
    assert "hunter2" not in result.stderr
    assert 1.5 <= elapsed < 60


def test_a_sqlite_path_that_cannot_be_opened(tmp_path: Path) -> None:
    (tmp_path / "a-folder.db").mkdir()
    result = run_cli(
        tmp_path, ["bot", "migrate"], DATABASE_URL=f"sqlite:///{tmp_path / 'a-folder.db'}"
    )
    line = the_error_line(result.returncode, result.stderr)
    assert line.startswith("DATABASE_URL: cannot open the SQLite file")
    assert "not a folder" in line


@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set")
def test_a_postgresql_login_refusal_is_reported_at_once(tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL or "").set(username="no_such_role", password="pw")
    started = time.monotonic()
    result = run_cli(
        tmp_path,
        ["bot", "migrate"],
        DATABASE_URL=url.render_as_string(hide_password=False),
        DATABASE_RETRY_SECONDS="30",
    )
    line = the_error_line(result.returncode, result.stderr)
    assert "refused the connection" in line and "no_such_role" in line
    assert "check the user, password and database name in DATABASE_URL" in line
    assert time.monotonic() - started < 25  # not retried: waiting would not help


async def test_a_token_discord_rejects(tmp_path: Path) -> None:
    async with FakeDiscord(token="the-real-token") as fake:
        code, stderr = await run_cli_async(
            tmp_path,
            ["bot.devtools.entry_point", fake.api_url, fake.gateway_url, "run"],
            DISCORD_TOKEN="a-mistyped-token",
        )
        asked = fake.requests("GET", r"^/users/@me$")
    line = the_error_line(code, stderr)
    assert line.startswith("DISCORD_TOKEN was rejected by Discord (401 Unauthorized)")
    assert "Reset Token" in line
    assert [r.status for r in asked] == [401]  # not retried
    assert "a-mistyped-token" not in stderr


async def test_no_route_to_discord_is_retried_then_reported(tmp_path: Path) -> None:
    port = closed_port()
    started = time.monotonic()
    code, stderr = await run_cli_async(
        tmp_path,
        [
            "bot.devtools.entry_point",
            f"http://127.0.0.1:{port}/api/v10",
            f"ws://127.0.0.1:{port}/gateway",
            "run",
        ],
        DISCORD_TOKEN=TOKEN,
        DISCORD_RETRY_SECONDS="1.5",
    )
    elapsed = time.monotonic() - started
    line = the_error_line(code, stderr)
    assert line.startswith(f"Cannot reach Discord at http://127.0.0.1:{port}/api/v10")
    assert "connection refused" in line and "DISCORD_RETRY_SECONDS" in line
    assert stderr.count("Discord is not reachable yet") == 1
    assert 1.5 <= elapsed < 60


def test_no_route_to_slack_is_retried_then_reported(tmp_path: Path) -> None:
    port = closed_port()
    started = time.monotonic()
    result = run_cli(
        tmp_path,
        ["bot", "run"],
        SLACK_BOT_TOKEN="xoxb-test-only-bot-token",
        SLACK_APP_TOKEN="xapp-test-only-app-token",
        SLACK_API_URL=f"http://127.0.0.1:{port}/api/",
        SLACK_RETRY_SECONDS="1.5",
    )
    elapsed = time.monotonic() - started
    line = the_error_line(result.returncode, result.stderr)
    assert line.startswith(f"Cannot reach Slack at http://127.0.0.1:{port}/api/")
    assert "connection refused" in line and "SLACK_RETRY_SECONDS" in line
    assert result.stderr.count("Slack is not reachable yet") == 1
    assert "test-only" not in result.stderr  # neither token reaches the output
    assert 1.5 <= elapsed < 60


def broken_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "questions" / "broken.yaml").write_text(
        "- id: broken-1\n  stem: [unclosed\n", encoding="utf-8"
    )
    return content


@pytest.mark.parametrize("command", [["demo", "--days", "1"], ["run"]], ids=["demo", "run"])
def test_broken_content(tmp_path: Path, command: list[str]) -> None:
    content = broken_content(tmp_path)
    result = run_cli(tmp_path, ["bot", *command], DISCORD_TOKEN=TOKEN, CONTENT_DIR=str(content))
    line = the_error_line(result.returncode, result.stderr)
    assert line.startswith(f"CONTENT_DIR={str(content)!r}: the question bank has")
    assert "broken.yaml" in line and "python -m bot content check" in line
    assert "Question of the day" not in result.stdout


def test_a_missing_token_is_one_line_too(tmp_path: Path) -> None:
    result = run_cli(tmp_path, ["bot", "run"])
    line = the_error_line(result.returncode, result.stderr)
    assert line.startswith("DISCORD_TOKEN is not set")


def test_every_setting_is_documented_with_what_is_valid() -> None:
    from bot.config import VALID, Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    settings_section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    for field in Settings.model_fields:
        assert field in VALID, f"no start-up error text for {field}"
        assert f"| `{field.upper()}` |" in settings_section, f"{field.upper()} not in README"


async def test_a_database_that_comes_up_later_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.db.engine import Database

    database = Database.from_url(f"sqlite:///{tmp_path / 'later.db'}")
    real_ping = database.ping
    failures = [ConnectionRefusedError(111, "refused"), TimeoutError()]

    async def ping() -> None:
        if failures:
            raise failures.pop(0)
        await real_ping()

    monkeypatch.setattr(database, "ping", ping)
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    try:
        await database.wait_until_reachable(60, sleep=sleep)
    finally:
        await database.dispose()
    assert pauses == [0.5, 1.0]


async def test_discord_answering_503_then_200_is_waited_for() -> None:
    from bot.discord.preflight import check_token

    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    async with FakeDiscord() as fake:
        fake.fail_next("GET", r"^/users/@me$", 503, times=2)
        with fake.patch():
            await check_token(fake.token, 60, sleep=sleep)
        assert [r.status for r in fake.requests("GET", r"^/users/@me$")] == [503, 503, 200]
    assert pauses == [0.5, 1.0]


async def test_the_fake_discord_is_as_strict_as_discord_about_tokens() -> None:
    import aiohttp
    import discord

    async with FakeDiscord(token="the-real-token") as fake:
        client = discord.Client(intents=discord.Intents.none())
        with fake.patch(), pytest.raises(discord.LoginFailure):
            await client.login("another-token")
        await client.close()
        async with aiohttp.ClientSession() as session:
            async with session.get(
                f"{fake.api_url}/users/@me", headers={"Authorization": "Bot the-real-token"}
            ) as response:
                assert response.status == 200
            async with session.get(f"{fake.api_url}/gateway/bot") as response:
                assert response.status == 401  # no token at all
                assert await response.json() == {"message": "401: Unauthorized", "code": 0}
            async with session.ws_connect(fake.gateway_url) as ws:
                hello = await ws.receive_json()
                assert hello["op"] == 10
                await ws.send_json(
                    {"op": 2, "d": {"token": "another-token", "intents": 1, "properties": {}}}
                )
                closed = await ws.receive()
                assert closed.type is aiohttp.WSMsgType.CLOSE
                assert ws.close_code == 4004


async def test_a_health_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        async with FakeDiscord() as fake:
            code, stderr = await run_cli_async(
                tmp_path,
                ["bot.devtools.entry_point", fake.api_url, fake.gateway_url, "run"],
                DISCORD_TOKEN=fake.token,
                HEALTH_PORT=str(port),
            )
    line = the_error_line(code, stderr)
    assert line.startswith(f"HEALTH_PORT={port} on HEALTH_HOST=127.0.0.1: cannot listen there")
    assert "0 to 65535" in line


def test_an_empty_value_counts_as_not_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``docker run -e HEALTH_PORT=`` turns the image's health endpoint off."""
    from bot.config import Settings

    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("HEALTH_PORT", "")
    monkeypatch.setenv("DEV_GUILD_ID", "")
    monkeypatch.setenv("SHARD_IDS", "")
    settings = Settings()
    assert settings.health_port is None and settings.dev_guild_id is None
    assert settings.shard_ids is None
