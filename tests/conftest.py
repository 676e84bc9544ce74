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
from sqlalchemy.engine import make_url

from bot.content.loader import Bank, default_content_dir, load_bank
from bot.core.clock import FakeClock
from bot.db.engine import Database, make_engine, normalise_url
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


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database URL for a bot process: a SQLite file, and a fresh PostgreSQL database when
    available (dropped afterwards)."""
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
