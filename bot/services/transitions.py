"""The step that follows a post: one transition, committed before the caller goes on."""

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
        """``bot.db.transitions.transition`` committed before this returns (in a commit
        shared with the other groups' confirmations of the moment), so that a crash right
        after a post finds the post recorded; False when the row was not in a ``source``
        state."""
        return await self._db.group_commit(
            lambda session: transition(session, table, row_id, source, target, **values)
        )
