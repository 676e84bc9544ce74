"""A fake Slack workspace and the real slack_sdk client pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from tests.slack_fake.app import StudyApp, running, web_client

ADA, BOB, OUTSIDER = "U0ADA", "U0BOB", "U0OUT"
STUDY, QUIET, SECRET, OLD = "C0STUDY", "C0QUIET", "G0SECRET", "C0OLD"


@pytest.fixture(autouse=True)
def _no_proxy_no_oauth(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk reads the proxy variables and ignores NO_PROXY; OAuth variables would
    # switch AsyncApp into OAuth mode.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
async def fake(clock: FakeClock) -> AsyncIterator[FakeSlack]:
    server = FakeSlack(clock=clock, timeout=3.0)
    server.add_user(ADA, "ada", display_name="Ada L.", tz="Europe/Paris", is_admin=True)
    server.add_user(BOB, "bob", display_name="Bob", tz="Pacific/Auckland")
    server.add_user(OUTSIDER, "olga", display_name="Olga")
    server.add_channel(STUDY, "study", members=[ADA, BOB])
    server.add_channel(QUIET, "quiet", members=[ADA], bot_member=False)
    server.add_channel(SECRET, "secret", members=[ADA], bot_member=False, private=True)
    server.add_channel(OLD, "old", members=[ADA], archived=True)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as shared:
        yield shared


@pytest.fixture
def client(fake: FakeSlack, session: aiohttp.ClientSession) -> AsyncWebClient:
    return web_client(fake, session)


@pytest.fixture
async def study(fake: FakeSlack, session: aiohttp.ClientSession) -> AsyncIterator[StudyApp]:
    async with running(fake, session) as app:
        yield app
