"""Shared fixtures: the real question bank, a fake clock and databases.

Database-backed tests run on a SQLite file and, when ``TEST_POSTGRES_URL`` is set (CI sets
it), on a real PostgreSQL server too, each test in a schema of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.content.loader import Bank, default_content_dir, load_bank
from bot.core.clock import FakeClock
from bot.db.engine import Database, make_engine
from bot.db.migrate import upgrade_to_head

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank(default_content_dir())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))  # a Monday


async def open_database(backend: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database of the given backend; removed afterwards."""
    if backend == "sqlite":
        database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
        await upgrade_to_head(database)
        yield database
        await database.dispose()
        return
    if not POSTGRES_URL:
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not")
        pytest.skip("TEST_POSTGRES_URL is not set (CI sets it; see README, Tests)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    database = Database(
        make_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    )
    try:
        await upgrade_to_head(database)
        yield database
    finally:
        await database.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async for db in open_database(request.param, tmp_path):
        yield db
