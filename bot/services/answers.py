"""Recording answers in bursts: group commit.

When many members click at once, their answers are written together: requests that arrive
while a write is under way wait for the next one, which takes them (up to 50) in a single
transaction with a handful of set-based queries. A member is told "recorded" only after the
commit that holds their pick. Each request is validated on its own, so one bad click never
affects the others in its batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import NotFound, UserFacingError
from bot.db.claims import insert_ignoring_conflicts
from bot.db.models import Answer, DailyQuestion, Group, Member, Membership


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
    raises a UserFacingError for that request alone. Every database round trip costs a
    hop to the driver's thread, so the everyday batch (members known) takes three: the
    questions with their groups and answer counts; the members with their memberships
    and answers so far; the new and changed answers.
    """
    daily_ids = {r.daily_id for r in requests if 0 < r.daily_id < 2**31}
    dailies: dict[int, DailyQuestion] = {}
    groups: dict[int, Group] = {}
    answered: dict[int, int] = {}
    if daily_ids:
        for daily, group, number in await session.execute(
            _QUESTIONS, {"daily_ids": sorted(daily_ids)}
        ):
            dailies[daily.id], groups[group.id], answered[daily.id] = daily, group, int(number)

    checked: list[tuple[AnswerRequest, DailyQuestion, str, bool] | Exception] = []
    for request in requests:
        daily = dailies.get(request.daily_id)
        try:
            if daily is None:
                raise NotFound("That question does not belong to this group.")
            pick, correct = check(daily, groups.get(daily.group_id), request)
        except UserFacingError as refusal:
            checked.append(refusal)
            continue
        checked.append((request, daily, pick, correct))
    valid = [c for c in checked if not isinstance(c, Exception)]
    if not valid:
        return [c for c in checked if isinstance(c, Exception)]

    members = await _members(
        session,
        platform,
        [request for request, *_ in valid],
        {d.group_id for _r, d, *_ in valid},
        {d.id for _r, d, *_ in valid},
    )
    await insert_ignoring_conflicts(
        session, Membership, _first_joins(valid, members), ["group_id", "member_id"]
    )

    # Each request in arrival order (a member who clicked twice in one batch: the last
    # pick counts), starting from the answers already stored.
    final: dict[tuple[int, int], dict[str, Any]] = {}
    outcomes: dict[int, tuple[bool, bool]] = {}  # request index → (changed, has reasoning)
    for index, entry in enumerate(checked):
        if isinstance(entry, Exception):
            continue
        request, daily, pick, correct = entry
        member = members[request.user_id]
        existing = member.answers.get(daily.id)
        key = (daily.id, member.id)
        before = final.get(key)
        if before is None and existing is not None:
            before = {"id": existing.id, "pick": existing.pick, "changes": existing.changes}
        if before is None:
            row: dict[str, Any] = {
                "daily_question_id": daily.id,
                "member_id": member.id,
                "changes": 0,
                "first_answered_at": request.now,
            }
            changed = False
        else:
            row = dict(before)
            changed = row["pick"] != pick
            row["changes"] += 1 if changed else 0
        row.update(pick=pick, is_correct=correct, answered_at=request.now)
        final[key] = row
        outcomes[index] = (changed, existing.has_reasoning if existing else False)
    new_rows = [row for row in final.values() if "id" not in row]
    if new_rows:
        await session.execute(insert(_ANSWERS), new_rows)
    updates = [{f"new_{k}": v for k, v in row.items()} for row in final.values() if "id" in row]
    if updates:
        await session.execute(_UPDATE_ANSWER, updates)
    for row in new_rows:  # nobody else writes answers to a question locked by this batch
        answered[row["daily_question_id"]] += 1

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
                answered[daily.id],
                has_reasoning,
                members[request.user_id].quote_anonymously,
            )
        )
    return results


# Built once: a burst runs these for every batch, and building and keying a statement
# costs about as much as running it on SQLite.
_QUESTIONS = (
    select(
        DailyQuestion,
        Group,
        select(func.count(Answer.id))
        .where(Answer.daily_question_id == DailyQuestion.id)
        .correlate(DailyQuestion)
        .scalar_subquery(),
    )
    .join(Group, Group.id == DailyQuestion.group_id)
    .where(DailyQuestion.id.in_(bindparam("daily_ids", expanding=True)))
    .with_for_update(of=DailyQuestion)
)
_MEMBERS = (
    select(
        Member.id,
        Member.external_id,
        Member.display_name,
        Member.quote_anonymously,
        Membership.group_id,
        Answer.id.label("answer_id"),
        Answer.daily_question_id,
        Answer.pick,
        Answer.changes,
        Answer.reasoning,
    )
    .outerjoin(
        Membership,
        and_(
            Membership.member_id == Member.id,
            Membership.group_id.in_(bindparam("group_ids", expanding=True)),
        ),
    )
    .outerjoin(
        Answer,
        and_(
            Answer.member_id == Member.id,
            Answer.daily_question_id.in_(bindparam("daily_ids", expanding=True)),
        ),
    )
    .where(
        Member.platform == bindparam("platform"),
        Member.external_id.in_(bindparam("user_ids", expanding=True)),
    )
    # Held until the batch commits, so /me forget (which locks the member first) waits for
    # it and then deletes what it stored; a member forgotten first is not found here and
    # starts afresh. Either way no one else's answer fails and nothing unstored is confirmed.
    .with_for_update(read=True, of=Member)
)
_ANSWERS = cast(Table, Answer.__table__)
_UPDATE_ANSWER = (
    update(_ANSWERS)
    .where(_ANSWERS.c.id == bindparam("new_id"))
    .values(
        pick=bindparam("new_pick"),
        is_correct=bindparam("new_is_correct"),
        changes=bindparam("new_changes"),
        answered_at=bindparam("new_answered_at"),
    )
)


@dataclass(frozen=True)
class _Stored:
    id: int
    pick: str
    changes: int
    has_reasoning: bool


@dataclass
class _Member:
    id: int
    display_name: str
    quote_anonymously: bool
    groups: set[int] = field(default_factory=set)  # of the batch's groups, those joined
    answers: dict[int, _Stored] = field(default_factory=dict)  # by daily question id


async def _members(
    session: AsyncSession,
    platform: str,
    requests: list[AnswerRequest],
    group_ids: set[int],
    daily_ids: set[int],
) -> dict[str, _Member]:
    """The members behind these requests by platform user id, with the batch's groups they
    joined and their answers to the batch's questions; created where new (a member created
    concurrently by another transaction is taken as found)."""
    names: dict[str, str] = {}
    first_seen: dict[str, datetime] = {}
    for request in requests:
        names[request.user_id] = request.display_name[:100]
        first_seen.setdefault(request.user_id, request.now)

    async def load(user_ids: set[str]) -> dict[str, _Member]:
        found: dict[str, _Member] = {}
        for row in await session.execute(
            _MEMBERS,
            {
                "platform": platform,
                "user_ids": sorted(user_ids),
                "group_ids": sorted(group_ids),
                "daily_ids": sorted(daily_ids),
            },
        ):
            member = found.setdefault(
                row.external_id, _Member(row.id, row.display_name, row.quote_anonymously)
            )
            if row.group_id is not None:
                member.groups.add(row.group_id)
            if row.answer_id is not None:
                member.answers[row.daily_question_id] = _Stored(
                    row.answer_id, row.pick, row.changes, bool(row.reasoning)
                )
        return found

    found = await load(set(names))
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
        found.update(await load({str(row["external_id"]) for row in missing}))
    renamed = [
        {"id": member.id, "display_name": names[user_id]}
        for user_id, member in found.items()
        if names[user_id] and member.display_name != names[user_id]
    ]
    if renamed:
        await session.execute(update(Member), renamed)
    return found


def _first_joins(
    valid: list[tuple[AnswerRequest, DailyQuestion, str, bool]], members: dict[str, _Member]
) -> list[dict[str, object]]:
    """Memberships to add: a member's first answer in a group makes them part of it."""
    joined_at: dict[tuple[int, int], datetime] = {}
    for request, daily, *_ in valid:
        member = members[request.user_id]
        if daily.group_id in member.groups:
            continue
        key = (daily.group_id, member.id)
        joined_at[key] = min(joined_at.get(key, request.now), request.now)
    return [
        {"group_id": group_id, "member_id": member_id, "joined_at": at}
        for (group_id, member_id), at in sorted(joined_at.items())
    ]
