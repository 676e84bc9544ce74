"""Running it: ``./run-bot`` starts every platform whose credentials are set, in one process
on one database; ``./run-bot slack manifest`` prints the app manifest and its link."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sqlite3
import sys
from pathlib import Path
from urllib.parse import unquote

import aiohttp
import pytest

from bot.__main__ import main
from bot.content.loader import Bank
from bot.devtools.fake_discord import FakeDiscord
from bot.devtools.fake_slack import FakeSlack
from bot.slack.manifest import CREATE_URL, manifest
from tests.cli.test_shutdown import configure_group
from tests.e2e.harness import build_world as build_discord_world
from tests.slack_e2e.harness import ADMIN, STUDY, set_up_group

ROOT = Path(__file__).resolve().parents[2]


def test_the_manifest_and_the_link_that_creates_the_app(
    capsys: pytest.CaptureFixture[str], bank: Bank
) -> None:
    assert main(["slack", "manifest"]) == 0
    out = capsys.readouterr().out
    body = json.loads(out.split("\n\n")[0])
    assert body == manifest(bank.exam)
    assert body["display_information"]["name"] == "PMLE Study Bot", "named in exam.yaml"
    [command] = body["features"]["slash_commands"]
    assert (command["command"], command["should_escape"]) == ("/study", True)
    assert body["settings"]["socket_mode_enabled"] is True
    assert body["settings"]["interactivity"]["is_enabled"] is True
    assert body["settings"]["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert body["features"]["app_home"]["home_tab_enabled"] is True
    assert body["features"]["shortcuts"][0]["type"] == "message"
    assert {"commands", "chat:write", "users:read", "im:write"} <= set(
        body["oauth_config"]["scopes"]["bot"]
    )
    [link] = [line for line in out.splitlines() if line.startswith(CREATE_URL)]
    assert json.loads(unquote(link.removeprefix(CREATE_URL))) == body


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1-abc"}, "SLACK_BOT_TOKEN is set but SLACK_APP_TOKEN is not"),
        (
            {"SLACK_BOT_TOKEN": "xapp-1-abc", "SLACK_APP_TOKEN": "xapp-1-abc"},
            "SLACK_BOT_TOKEN does not start with xoxb-",
        ),
    ],
    ids=["half", "wrong-kind"],
)
def test_slack_settings_are_checked_at_start_up_without_showing_the_token(
    env: dict[str, str],
    line: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert line in err
    assert "abc" not in err


async def test_both_platforms_run_in_one_process_on_one_database(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    discord = FakeDiscord(timeout=60)
    build_discord_world(discord)
    slack = FakeSlack(timeout=30)
    from tests.slack_e2e.harness import build_world

    build_world(slack)
    log_file = tmp_path / "bot.log"  # a pipe nobody reads would fill up and stall the bot
    port = free_port()
    async with discord, slack:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.devtools.entry_point",
            discord.api_url,
            discord.gateway_url,
            "run",
            cwd=tmp_path,
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": str(tmp_path),
                "PYTHONPATH": str(ROOT),
                "DISCORD_TOKEN": discord.token,
                "SLACK_BOT_TOKEN": slack.bot_token,
                "SLACK_APP_TOKEN": slack.app_token,
                "SLACK_API_URL": slack.api_url,
                "DATABASE_URL": f"sqlite:///{database}",
                "LOG_LEVEL": "DEBUG",
                "HEALTH_PORT": str(port),
            },
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log_file.open("wb"),
        )
        try:
            await discord.wait_connected(timeout=60)
            await slack.wait_connected(timeout=60)
            await configure_group(discord)
            saved = await set_up_group(slack)
            assert saved.acked_in_time and not saved.view_errors
            await slack.wait_until(lambda: slack.ephemerals(ADMIN), what="the summary")
            health = await wait_healthy(port)
            assert health["connected"] == {"discord": True, "slack": True}
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 15)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    text = log_file.read_text(encoding="utf-8")
    assert code == 0, text
    assert "Discord connection closed" in text and "Slack connection closed" in text
    for secret in (discord.token, slack.bot_token, slack.app_token):
        assert secret not in text
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT platform, channel_id FROM groups ORDER BY platform")
        platforms = [(platform, channel) for platform, channel in rows]
    assert [p for p, _ in platforms] == ["discord", "slack"]
    assert ("slack", STUDY) in platforms


async def test_with_slack_alone_the_health_endpoint_follows_the_slack_connection(
    tmp_path: Path,
) -> None:
    from tests.slack_e2e.harness import build_world

    slack = FakeSlack(timeout=30)
    build_world(slack)
    port = free_port()
    log_file = tmp_path / "bot.log"
    async with slack:
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
                "SLACK_BOT_TOKEN": slack.bot_token,
                "SLACK_APP_TOKEN": slack.app_token,
                "SLACK_API_URL": slack.api_url,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
                "HEALTH_PORT": str(port),
            },
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log_file.open("wb"),
        )
        try:
            await slack.wait_connected(timeout=60)
            health = await wait_healthy(port)
            assert health == {
                "status": "ok",
                "connected": {"slack": True},
                "seconds_since_last_pass": health["seconds_since_last_pass"],
            }
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 15)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert code == 0, log_file.read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_healthy(port: int) -> dict[str, object]:
    """``/health`` once it answers 200 (the first pass runs right after connecting)."""
    async with aiohttp.ClientSession() as http:
        for _ in range(200):
            try:
                async with http.get(f"http://127.0.0.1:{port}/health") as response:
                    if response.status == 200:
                        body: dict[str, object] = await response.json()
                        return body
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.05)  # polling a real process, not waiting on the clock
    raise AssertionError("the health endpoint never reported healthy")
