"""The fake Discord with the test server's world, shared by the end-to-end tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.db.engine import make_engine, normalise_url
from bot.devtools.fake_discord import FakeDiscord
from tests.conftest import POSTGRES_URL
from tests.e2e.harness import build_world


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    build_world(server)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The bot's database: a SQLite file, and a fresh PostgreSQL database when available."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    if not POSTGRES_URL:
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not")
        pytest.skip("TEST_POSTGRES_URL is not set (CI sets it; see README, Tests)")
    name = f"e2e_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(normalise_url(POSTGRES_URL))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
