"""The fake Discord with the test server's world, shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.devtools.fake_discord import FakeDiscord
from tests.e2e.harness import build_world


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    build_world(server)
    await server.start()
    yield server
    await server.stop()
