"""A new, empty database for one benchmark run, so earlier runs never interfere."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine


@contextlib.asynccontextmanager
async def fresh_database(url: str | None, folder: Path, prefix: str) -> AsyncIterator[str]:
    """The URL of a SQLite file in ``folder`` (no ``url``, or a SQLite one), or of a
    PostgreSQL database created next to the one ``url`` names and dropped afterwards."""
    if url is None or not url.startswith("postgresql"):
        yield url or f"sqlite+aiosqlite:///{folder / f'{prefix}.db'}"
        return
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_url(url).set(drivername="postgresql+asyncpg")
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()
