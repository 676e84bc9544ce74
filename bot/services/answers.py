"""Recording answers in bursts: group commit.

When many members click at once, their answers are written together: requests that arrive
while a write is under way wait for the next one, which takes all of them in a single
transaction with a handful of set-based queries. A member is told "recorded" only after the
commit that holds their pick. Each request is validated on its own, so one bad click never
affects the others in its batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import InvalidInput, NotFound, UserFacingError
from bot.core.scoring import normalise_pick, pick_letters
from bot.db.models import Answer, DailyQuestion, Group, Member, Membership

Request = TypeVar("Request")
Result = TypeVar("Result")


class Batcher(Generic[Request, Result]):
    """Coalesces concurrent calls: each batch is handled by one call of ``handle``, which
    returns one result (or a UserFacingError) per request, in order."""

    def __init__(
        self, handle: Callable[[list[Request]], Awaitable[Sequence[Result | Exception]]]
    ) -> None:
        self._handle = handle
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
                batch, self._waiting = self._waiting, []
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

    externals = {request.user_id for request, *_ in valid}
    members = {
        m.external_id: m
        for m in (
            await session.scalars(
                select(Member).where(Member.platform == platform, Member.external_id.in_(externals))
            )
        ).all()
    }
    for request, *_ in valid:
        member = members.get(request.user_id)
        if member is None:
            member = Member(
                platform=platform,
                external_id=request.user_id,
                display_name=request.display_name[:100],
                quote_anonymously=False,
                created_at=request.now,
            )
            session.add(member)
            members[request.user_id] = member
        elif request.display_name and member.display_name != request.display_name[:100]:
            member.display_name = request.display_name[:100]
    await session.flush()

    member_ids = {m.id for m in members.values()}
    pairs = {(d.group_id, members[r.user_id].id) for r, d, *_ in valid}
    joined = {
        (group_id, member_id)
        for group_id, member_id in await session.execute(
            select(Membership.group_id, Membership.member_id).where(
                Membership.member_id.in_(member_ids),
                Membership.group_id.in_({g for g, _m in pairs}),
            )
        )
    }
    joined_at: dict[tuple[int, int], datetime] = {}
    for request, daily, *_ in valid:
        key = (daily.group_id, members[request.user_id].id)
        joined_at[key] = min(joined_at.get(key, request.now), request.now)
    for key in sorted(pairs - joined):
        session.add(Membership(group_id=key[0], member_id=key[1], joined_at=joined_at[key]))

    answers = {
        (a.daily_question_id, a.member_id): a
        for a in (
            await session.scalars(
                select(Answer).where(
                    Answer.daily_question_id.in_({d.id for _r, d, *_ in valid}),
                    Answer.member_id.in_(member_ids),
                )
            )
        ).all()
    }
    stored: dict[int, tuple[Answer, bool]] = {}
    for index, entry in enumerate(checked):
        if isinstance(entry, Exception):
            continue
        request, daily, pick, correct = entry
        member = members[request.user_id]
        answer = answers.get((daily.id, member.id))
        changed = False
        if answer is None:
            answer = Answer(
                daily_question_id=daily.id,
                member_id=member.id,
                pick=pick,
                is_correct=correct,
                changes=0,
                first_answered_at=request.now,
                answered_at=request.now,
            )
            session.add(answer)
            answers[(daily.id, member.id)] = answer
        else:
            changed = answer.pick != pick
            if changed:
                answer.changes += 1
            answer.pick, answer.is_correct, answer.answered_at = pick, correct, request.now
        stored[index] = (answer, changed)
    await session.flush()

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
        answer, changed = stored[index]
        results.append(
            Recorded(
                daily,
                pick,
                changed,
                counts.get(daily.id, 0),
                bool(answer.reasoning),
                members[request.user_id].quote_anonymously,
            )
        )
    return results


def validate_pick(letters: list[str], choose: int, options: Sequence[str]) -> str:
    pick = normalise_pick(letters)
    chosen = pick_letters(pick)
    if len(chosen) != choose or any(c not in options for c in chosen):
        raise InvalidInput([f"Pick exactly {choose} of {', '.join(options)} for this question."])
    return pick
