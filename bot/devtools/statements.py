"""Counting and timing the SQL statements an engine runs (benchmarks and tests)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from bot.db.engine import Database


class StatementTimer:
    """Sums the time of every SQL statement the engine runs while ``measuring``."""

    def __init__(self, database: Database) -> None:
        self.seconds = 0.0
        self.statements = 0
        self._on = False
        self._started: list[float] = []
        engine = database.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_args: Any) -> None:
        self._started.append(time.perf_counter())

    def _after(self, *_args: Any) -> None:
        started = self._started.pop()
        if self._on:
            self.seconds += time.perf_counter() - started
            self.statements += 1

    @contextmanager
    def measuring(self) -> Iterator[None]:
        self.seconds, self.statements, self._on = 0.0, 0, True
        try:
            yield
        finally:
            self._on = False
