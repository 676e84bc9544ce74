"""The step that follows a post: one transition in a unit of work of its own."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from typing import Any, TypeVar

from bot.db.engine import Database
from bot.db.models import Base
from bot.db.transitions import transition

S = TypeVar("S", bound=StrEnum)


class Transitions:
    """Services whose rows the runner moves on after each post (daily, notices, mocks)."""

    _db: Database

    async def transition(
        self, table: type[Base], row_id: int, source: Collection[S], target: S, **values: Any
    ) -> bool:
        """``bot.db.transitions.transition`` committed at once, so that a crash right after
        a post finds the post recorded; False when the row was not in a ``source`` state."""
        async with self._db.unit_of_work() as session:
            return await transition(session, table, row_id, source, target, **values)
