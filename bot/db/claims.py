"""Claiming a row once: INSERT … ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

Row = TypeVar("Row", bound=DeclarativeBase)


async def insert_if_absent(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any], keys: list[str]
) -> bool:
    """Insert a row unless one with the same ``keys`` exists; True when this call inserted.

    Safe against a concurrent claim by another process: the unique constraint decides, and
    the losing transaction carries on instead of failing.
    """
    statement = _insert(session, model).values(**values).on_conflict_do_nothing(index_elements=keys)
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0) == 1)


async def claim(
    session: AsyncSession, model: type[Row], values: dict[str, Any], keys: list[str]
) -> tuple[Row, bool]:
    """The row with ``values``' ``keys``, inserted unless it exists, and whether this call
    inserted it (the claim is ours) or found it (claimed before, perhaps by a crashed pass
    or by another process at the same moment)."""
    # One statement when the claim is new (the usual case): the insert returns the row.
    statement = (
        _insert(session, model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(model)
    )
    row = (await session.scalars(statement)).first()
    if row is not None:
        return row, True
    row = await session.scalar(
        select(model).where(*(getattr(model, key) == values[key] for key in keys))
    )
    assert row is not None, "a row claimed in this transaction is visible to it"
    return row, False


async def insert_ignoring_conflicts(
    session: AsyncSession,
    model: type[DeclarativeBase],
    rows: list[dict[str, Any]],
    keys: list[str],
) -> None:
    """Insert many rows in one statement per batch, skipping those whose ``keys`` exist."""
    if not rows:
        return
    await session.execute(_insert(session, model).on_conflict_do_nothing(index_elements=keys), rows)


def _insert(session: AsyncSession, model: type[DeclarativeBase]) -> Any:
    """The INSERT of the session's dialect, which knows ON CONFLICT DO NOTHING."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


async def insert_returning_new(
    session: AsyncSession,
    model: type[DeclarativeBase],
    rows: list[dict[str, Any]],
    keys: list[str],
    *returning: Any,
) -> list[Any]:
    """Insert many rows, skipping those whose ``keys`` exist, and return ``returning`` plus
    the ``keys`` of the rows this call inserted (a skipped row was claimed by someone else)."""
    if not rows:
        return []
    columns = [*returning, *(getattr(model, key) for key in keys)]
    found: list[Any] = []
    for start in range(0, len(rows), 500):
        statement = (
            _insert(session, model)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=keys)
            .returning(*columns)
        )
        found.extend((await session.execute(statement)).all())
    return found
