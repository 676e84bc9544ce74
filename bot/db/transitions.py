"""Moving a row from one state to the next: one guarded UPDATE.

A transition names the row (its table and id), the states it may leave and the state it
enters, and records any values that go with the move (the message that was posted, when).
A row in any other state is left as it is and ``transition`` returns False: it refuses by
its return value, never by an exception, because every caller is a step of crash-safe
scheduled work in which "another pass already did it" is an ordinary outcome.

The states are the enums of ``bot.core.states``. Daily questions and mock nights store
theirs in a column; a notice or direct message is sent once it carries its message id or
was delivered, so its ``SendState`` is read from those columns.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import case, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.states import SendState
from bot.db.models import Announcement, Base, DailyQuestion, DirectMessage, MockNight

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True)
class _Lifecycle:
    """How one table holds its state: an SQL expression that reads it, and the values
    that put a row into a given state."""

    state: Any
    write: Callable[[StrEnum], dict[str, Any]]


def _stored(column: Any) -> _Lifecycle:
    return _Lifecycle(column, lambda target: {column.key: target.value})


_LIFECYCLES: dict[type[Base], _Lifecycle] = {
    DailyQuestion: _stored(DailyQuestion.state),
    MockNight: _stored(MockNight.status),
    # Sent = its message id is recorded (the caller passes ``message_id``).
    Announcement: _Lifecycle(
        case(
            (Announcement.message_id.is_(None), SendState.CLAIMED.value), else_=SendState.SENT.value
        ),
        lambda _target: {},
    ),
    # Sent = delivered; a DM the member would not take stays claimed (and is not retried).
    DirectMessage: _Lifecycle(
        case(
            (DirectMessage.delivered.is_(True), SendState.SENT.value), else_=SendState.CLAIMED.value
        ),
        lambda target: {"delivered": target == SendState.SENT},
    ),
}


async def transition(
    session: AsyncSession,
    table: type[Base],
    row_id: int,
    source: Collection[S],
    target: S,
    **values: Any,
) -> bool:
    """Move row ``row_id`` of ``table`` from one of the ``source`` states to ``target``,
    recording ``values`` with it; True when it moved.

    False (nothing changed) when the row does not exist or is in any other state. One
    UPDATE: two processes attempting the same move cannot both succeed.
    """
    lifecycle = _LIFECYCLES[table]
    if table is Announcement and target == SendState.SENT and not values.get("message_id"):
        raise ValueError("a notice is sent once its message id is recorded")
    statement = (
        update(table)
        .where(
            table.id == row_id,  # type: ignore[attr-defined]
            lifecycle.state.in_([state.value for state in source]),
        )
        .values(**lifecycle.write(target), **values)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0) == 1)
