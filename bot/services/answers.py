"""Recording answers in bursts: group commit.

When many members click at once, their answers are written together: requests that arrive
while a write is under way wait for the next one, which takes them (up to 50) in a single
transaction with a handful of set-based queries. A member is told "recorded" only after the
commit that holds their pick. Each request is validated on its own, so one bad click never
affects the others in its batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import InvalidInput, NotFound, UserFacingError
from bot.core.scoring import normalise_pick, pick_letters
from bot.db.claims import insert_ignoring_conflicts
from bot.db.models import Answer, DailyQuestion, Group, Member, Membership

Request = TypeVar("Request")
Result = TypeVar("Result")


class Batcher(Generic[Request, Result]):
    """Coalesces concurrent calls: each batch is handled by one call of ``handle``, which
    returns one result (or a UserFacingError) per request, in order.

    A batch holds at most ``max_batch`` requests, so during a long burst the first members
    are told "recorded" while later clicks are still arriving (in a 500-click burst the
    median wait fell by about a third; the throughput stayed the same)."""

    def __init__(
        self,
        handle: Callable[[list[Request]], Awaitable[Sequence[Result | Exception]]],
        max_batch: int = 50,
    ) -> None:
        self._handle = handle
        self._max_batch = max_batch
        self._waiting: list[tuple[Request, asyncio.Future[Result]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, request: Request) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((request, future))
        if self._worker is None:
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch = self._waiting[: self._max_batch]
                self._waiting = self._waiting[self._max_batch :]
                try:
                    results = await self._handle([request for request, _ in batch])
                except Exception as error:  # the whole write failed: tell everyone in it
                    for _request, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_request, future), result in zip(batch, results, strict=True):
                    if future.done():
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self._worker = None


@dataclass(frozen=True)
class AnswerRequest:
    guild_id: str
    user_id: str
    display_name: str
    daily_id: int
    letters: list[str]
    now: datetime


@dataclass(frozen=True)
class Recorded:
    """What was stored for one request (the service turns it into a receipt)."""

    daily: DailyQuestion
    pick: str
    changed: bool
    answer_count: int
    has_reasoning: bool
    quote_anonymously: bool


async def record_batch(
    session: AsyncSession,
    platform: str,
    requests: list[AnswerRequest],
    check: Callable[[DailyQuestion, Group | None, AnswerRequest], tuple[str, bool]],
) -> list[Recorded | Exception]:
    """Store a batch of answers in the session's transaction with set-based queries.

    ``check`` validates one request against its question and returns (pick, correct) or
    raises a UserFacingError for that request alone.
    """
    daily_ids = {r.daily_id for r in requests if 0 < r.daily_id < 2**31}
    dailies = (
        {
            d.id: d
            for d in (
                await session.scalars(
                    select(DailyQuestion).where(DailyQuestion.id.in_(daily_ids)).with_for_update()
                )
            ).all()
        }
        if daily_ids
        else {}
    )
    groups = (
        {
            g.id: g
            for g in (
                await session.scalars(
                    select(Group).where(Group.id.in_({d.group_id for d in dailies.values()}))
                )
            ).all()
        }
        if dailies
        else {}
    )

    checked: list[tuple[AnswerRequest, DailyQuestion, str, bool] | Exception] = []
    for request in requests:
        daily = dailies.get(request.daily_id)
        try:
            if daily is None:
                raise NotFound("That question does not belong to this server.")
            pick, correct = check(daily, groups.get(daily.group_id), request)
        except UserFacingError as refusal:
            checked.append(refusal)
            continue
        checked.append((request, daily, pick, correct))
    valid = [c for c in checked if not isinstance(c, Exception)]
    if not valid:
        return [c for c in checked if isinstance(c, Exception)]

    members = await _members(session, platform, [request for request, *_ in valid])
    await insert_ignoring_conflicts(
        session,
        Membership,
        _first_joins(valid, members),
        ["group_id", "member_id"],
    )

    # The answers already stored for these questions and members, then each request in
    # arrival order (a member who clicked twice in one batch: the last pick counts).
    stored = {
        (row.daily_question_id, row.member_id): _Stored(
            row.id, row.pick, row.changes, row.first_answered_at, bool(row.reasoning)
        )
        for row in await session.execute(
            select(
                Answer.id,
                Answer.daily_question_id,
                Answer.member_id,
                Answer.pick,
                Answer.changes,
                Answer.first_answered_at,
                Answer.reasoning,
            ).where(
                Answer.daily_question_id.in_({d.id for _r, d, *_ in valid}),
                Answer.member_id.in_({m.id for m in members.values()}),
            )
        )
    }
    final: dict[tuple[int, int], dict[str, Any]] = {}
    outcomes: dict[int, tuple[bool, bool]] = {}  # request index → (changed, has reasoning)
    for index, entry in enumerate(checked):
        if isinstance(entry, Exception):
            continue
        request, daily, pick, correct = entry
        key = (daily.id, members[request.user_id].id)
        before = final.get(key) or stored.get(key)
        if before is None:
            row: dict[str, Any] = {
                "daily_question_id": key[0],
                "member_id": key[1],
                "changes": 0,
                "first_answered_at": request.now,
            }
            changed = False
        else:
            row = dict(before) if isinstance(before, dict) else before.as_row()
            changed = row["pick"] != pick
            row["changes"] += 1 if changed else 0
        row.update(pick=pick, is_correct=correct, answered_at=request.now)
        final[key] = row
        existing = stored.get(key)
        outcomes[index] = (changed, existing.has_reasoning if existing else False)
    new_rows = [row for key, row in final.items() if key not in stored]
    if new_rows:
        await session.execute(insert(Answer), new_rows)
    updates = [
        {
            k: v
            for k, v in row.items()
            if k in ("id", "pick", "is_correct", "changes", "answered_at")
        }
        for key, row in final.items()
        if key in stored
    ]
    if updates:
        await session.execute(update(Answer), updates)

    counts = {
        daily_id: int(count)
        for daily_id, count in await session.execute(
            select(Answer.daily_question_id, func.count(Answer.id))
            .where(Answer.daily_question_id.in_({d.id for _r, d, *_ in valid}))
            .group_by(Answer.daily_question_id)
        )
    }
    results: list[Recorded | Exception] = []
    for index, entry in enumerate(checked):
        if isinstance(entry, Exception):
            results.append(entry)
            continue
        request, daily, pick, _correct = entry
        changed, has_reasoning = outcomes[index]
        results.append(
            Recorded(
                daily,
                pick,
                changed,
                counts.get(daily.id, 0),
                has_reasoning,
                members[request.user_id].quote_anonymously,
            )
        )
    return results


@dataclass(frozen=True)
class _Stored:
    id: int
    pick: str
    changes: int
    first_answered_at: datetime
    has_reasoning: bool

    def as_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pick": self.pick,
            "changes": self.changes,
            "first_answered_at": self.first_answered_at,
        }


@dataclass(frozen=True)
class _Member:
    id: int
    quote_anonymously: bool


async def _members(
    session: AsyncSession, platform: str, requests: list[AnswerRequest]
) -> dict[str, _Member]:
    """The members behind these requests by platform user id, created where new (a member
    who appears concurrently in another transaction is taken as found)."""
    names: dict[str, str] = {}
    first_seen: dict[str, datetime] = {}
    for request in requests:
        names[request.user_id] = request.display_name[:100]
        first_seen.setdefault(request.user_id, request.now)

    async def load() -> dict[str, tuple[int, str, bool]]:
        return {
            row.external_id: (row.id, row.display_name, row.quote_anonymously)
            for row in await session.execute(
                select(
                    Member.id, Member.external_id, Member.display_name, Member.quote_anonymously
                ).where(Member.platform == platform, Member.external_id.in_(names))
            )
        }

    found = await load()
    missing = [
        {
            "platform": platform,
            "external_id": user_id,
            "display_name": names[user_id],
            "quote_anonymously": False,
            "created_at": first_seen[user_id],
        }
        for user_id in names
        if user_id not in found
    ]
    if missing:
        await insert_ignoring_conflicts(session, Member, missing, ["platform", "external_id"])
        found = await load()
    renamed = [
        {"id": member_id, "display_name": names[user_id]}
        for user_id, (member_id, name, _anonymous) in found.items()
        if names[user_id] and name != names[user_id]
    ]
    if renamed:
        await session.execute(update(Member), renamed)
    return {user_id: _Member(row[0], row[2]) for user_id, row in found.items()}


def _first_joins(
    valid: list[tuple[AnswerRequest, DailyQuestion, str, bool]], members: dict[str, _Member]
) -> list[dict[str, object]]:
    joined_at: dict[tuple[int, int], datetime] = {}
    for request, daily, *_ in valid:
        key = (daily.group_id, members[request.user_id].id)
        joined_at[key] = min(joined_at.get(key, request.now), request.now)
    return [
        {"group_id": group_id, "member_id": member_id, "joined_at": at}
        for (group_id, member_id), at in sorted(joined_at.items())
    ]


def validate_pick(letters: list[str], choose: int, options: Sequence[str]) -> str:
    pick = normalise_pick(letters)
    chosen = pick_letters(pick)
    if len(chosen) != choose or any(c not in options for c in chosen):
        raise InvalidInput([f"Pick exactly {choose} of {', '.join(options)} for this question."])
    return pick
