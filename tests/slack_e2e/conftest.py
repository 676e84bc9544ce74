"""The fake Slack with the test workspace, shared by the Slack end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.slack.manifest import BOT_SCOPES
from tests.slack_e2e.harness import build_world


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
    return FakeClock(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))  # a Monday, 08:00 in Berlin


@pytest.fixture
async def fake(clock: FakeClock) -> AsyncIterator[FakeSlack]:
    server = FakeSlack(clock=clock, timeout=5.0)
    server.api.scopes = set(BOT_SCOPES)  # what installing the app's manifest grants
    build_world(server)
    await server.start()
    yield server
    await server.stop()
