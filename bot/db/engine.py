"""Creating the async engine and sessions for SQLite (default) or PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.core.batcher import Batcher
from bot.core.errors import StartupError
from bot.core.retry import RetryBudgetSpent, retry_within

log = logging.getLogger(__name__)
T = TypeVar("T")

# PostgreSQL answers these while it starts, restarts or is full: worth waiting for.
TRANSIENT_SQLSTATES = {"57P03", "53300", "08000", "08001", "08003", "08004", "08006"}
CONNECT_TIMEOUT_SECONDS = 10.0


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` and ``sqlite:///`` URLs and pick the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StartupError(
                    f"DATABASE_URL: cannot create the folder {str(folder)!r} for the SQLite file "
                    f"({error.strerror or error}); use a path the bot may write to"
                ) from None
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


class Database:
    """The engine and a session factory; ``unit_of_work()`` is one committed transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer at a time; letting transactions queue here instead of in
        # SQLite's busy handler (which sleeps and retries) keeps bursts fast and fair.
        self._serial = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        # Awaited at the start of every unit of work when set: tests make the database
        # stall with it (the bot must still answer members in time and lose nothing).
        self.before_work: Callable[[], Awaitable[None]] | None = None
        self._small_writes: Batcher[Callable[[AsyncSession], Awaitable[Any]], Any] = Batcher(
            self._write_together, max_batch=100
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def where(self) -> str:
        """What the URL points at, without the password: ``PostgreSQL at host:5432/db``."""
        url = self.engine.url
        if self.backend == "sqlite":
            return f"the SQLite file {url.database}"
        host = url.host or "localhost"
        return f"PostgreSQL at {host}:{url.port or 5432}/{url.database or ''}"

    async def ping(self) -> None:
        """Open a connection and run ``SELECT 1``."""
        async with asyncio.timeout(CONNECT_TIMEOUT_SECONDS), self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def wait_until_reachable(
        self,
        budget: float,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        """Ping, retrying with backoff for about ``budget`` seconds while the server is not
        there yet (refused, unknown host, starting up); raise :class:`StartupError` with one
        line when it never answers, or at once when it answers with a refusal."""

        def waiting(attempt: int, error: BaseException, delay: float) -> None:
            level = logging.WARNING if attempt == 1 else logging.DEBUG
            log.log(
                level,
                "%s is not reachable yet (%s); retrying for up to %.0f s (DATABASE_RETRY_SECONDS)",
                self.where(),
                connect_error_reason(error),
                budget,
            )

        try:
            await retry_within(
                self.ping, budget=budget, retryable=is_transient, on_retry=waiting, sleep=sleep
            )
        except RetryBudgetSpent as spent:
            raise StartupError(
                f"DATABASE_URL: cannot reach {self.where()} "
                f"({connect_error_reason(spent.last)}) after trying for {spent.waited:.0f} s; "
                "check that the database is running and that DATABASE_URL names its host and "
                "port (DATABASE_RETRY_SECONDS sets how long to wait)"
            ) from None
        except Exception as error:
            reason = connect_error_reason(error)
            if self.backend == "sqlite":
                raise StartupError(
                    f"DATABASE_URL: cannot open {self.where()} ({reason}); check that it names "
                    "a file (not a folder) in a folder the bot may write to"
                ) from None
            raise StartupError(
                f"DATABASE_URL: {self.where()} refused the connection ({reason}); check the "
                "user, password and database name in DATABASE_URL"
            ) from None

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed once at the end, or rolled back on error."""
        async with contextlib.AsyncExitStack() as stack:
            if self._serial is not None:
                await stack.enter_async_context(self._serial)
            session = await stack.enter_async_context(self._sessions())
            try:
                if self.before_work is not None:
                    await self.before_work()
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def group_commit(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run a small write (one guarded UPDATE, say) in a transaction shared with the
        other small writes asked for at the same moment; return once that transaction is
        committed. When a thousand groups post at once, their confirmations ("posted",
        "sent") take a handful of commits instead of a thousand, each still durable before
        its caller goes on. A failing write fails only its own caller."""
        return cast(T, await self._small_writes.submit(work))

    async def _write_together(
        self, works: list[Callable[[AsyncSession], Awaitable[Any]]]
    ) -> list[Any]:
        try:
            async with self.unit_of_work() as session:
                return [await work(session) for work in works]
        except Exception:
            if len(works) == 1:
                raise
        results: list[Any] = []  # one of them failed: each on its own, to find which
        for work in works:
            try:
                async with self.unit_of_work() as session:
                    results.append(await work(session))
            except Exception as error:
                results.append(error)
        return results

    async def dispose(self) -> None:
        await self.engine.dispose()


def _innermost(error: BaseException) -> BaseException:
    """The driver's own error under SQLAlchemy's wrappers."""
    seen = {id(error)}
    while True:
        inner = getattr(error, "orig", None) or error.__cause__
        if inner is None or id(inner) in seen:
            return error
        seen.add(id(inner))
        error = inner


def is_transient(error: BaseException) -> bool:
    """Worth retrying: no answer yet (refused, unknown host, timeout) or the server is
    starting, restarting or full. Wrong credentials or a missing database are not."""
    inner = _innermost(error)
    if isinstance(inner, OSError | TimeoutError):
        return True
    return getattr(inner, "sqlstate", None) in TRANSIENT_SQLSTATES


def connect_error_reason(error: BaseException) -> str:
    """A short, single-line reason, without the password."""
    inner = _innermost(error)
    if isinstance(inner, socket.gaierror):
        return "host not found"
    if isinstance(inner, TimeoutError):
        return "no answer"
    if isinstance(inner, ConnectionRefusedError):
        return "connection refused"
    if isinstance(inner, OSError) and inner.strerror:
        return inner.strerror
    reason = " ".join(str(inner).split()) or type(inner).__name__
    return reason[:300]
