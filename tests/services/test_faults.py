"""Faults at run time through the services, on SQLite and PostgreSQL: daylight-saving gaps,
settings changed in the middle of a day, /me forget racing an answer batch, and mock-night
attempts closed by two processes at once."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select
from sqlalchemy.util import await_only

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.errors import InvalidInput, UserFacingError
from bot.core.scoring import normalise_pick
from bot.db.engine import Database
from bot.db.models import Answer, Member, ReviewCard
from bot.services.daily import AnswerReceipt, DailyService
from bot.services.groups import GroupService
from bot.services.members import find_member
from bot.services.mock import AttemptView, MockService
from bot.services.notices import NoticeService
from bot.services.privacy import PrivacyService
from bot.services.review import grade_or_create
from bot.services.runner import Runner
from tests.services.helpers import RecordingPublisher, make_group, runner_for


@pytest.fixture
def loop(database: Database, bank: Bank, clock: FakeClock):  # type: ignore[no-untyped-def]
    publisher = RecordingPublisher()
    return (
        GroupService(database),
        DailyService(database, bank, "discord"),
        publisher,
        runner_for(database, bank, clock, publisher),
    )


async def test_a_post_time_in_the_spring_forward_gap_still_gets_its_answering_window(
    loop, clock: FakeClock
) -> None:
    groups, daily, publisher, runner = loop
    # 8 March 2026 in New York: the clocks jump from 02:00 to 03:00 (UTC−5 to UTC−4).
    await make_group(
        groups,
        clock,
        timezone="America/New_York",
        post_time="02:30",
        reveal_time="03:00",
        rest_days="sat",
    )
    clock.set(datetime(2026, 3, 8, 7, 29, tzinfo=UTC))  # 03:29 EDT
    await runner.run_due()
    assert publisher.sent == 0
    clock.set(datetime(2026, 3, 8, 7, 30, tzinfo=UTC))  # 03:30 EDT: 02:30 after the jump
    await runner.run_due()
    (daily_id,) = publisher.questions
    card = await daily.question_card(daily_id)
    assert card.reveal_at == datetime(2026, 3, 8, 8, 0, tzinfo=UTC), "04:00 EDT, half an hour"
    clock.set(datetime(2026, 3, 8, 7, 45, tzinfo=UTC))
    receipt = await daily.record_answer(
        "100", "u1", "Ada", daily_id, list(card.question.answer_set), clock.now()
    )
    assert receipt.answer_count == 1
    await runner.run_due()
    assert publisher.reveals == {}
    clock.set(datetime(2026, 3, 8, 8, 0, tzinfo=UTC))
    await runner.run_due()
    assert publisher.reveals[daily_id].answer_count == 1


async def _overdue_attempt(
    database: Database, bank: Bank, clock: FakeClock, guild: str
) -> tuple[int, int, str]:
    """A mock night in ``guild`` whose member ("u" + guild) answered question 1 wrong and
    already has a review card for it; the clock is past the end of the night. Returns the
    group id, the attempt id and the question id."""
    groups, mocks = GroupService(database), MockService(database, bank, "discord")
    clock.set(datetime(2026, 3, 2, 12, tzinfo=UTC))
    view = await make_group(groups, clock, guild=guild)
    night = await mocks.schedule(guild, "2026-03-03", "19:00", 10, 30, None, clock.now())
    clock.set(datetime(2026, 3, 3, 19, tzinfo=UTC))
    await mocks.due({view.id}, clock.now())  # opens the night: the paper is drawn
    attempt = await mocks.start(guild, f"u{guild}", "Ada", night.id, clock.now())
    assert isinstance(attempt, AttemptView)
    wrong = [x for x in attempt.question.letters if x not in attempt.question.answer_set]
    picks = wrong[: attempt.question.choose]  # a wrong pick of the size the question asks
    await mocks.act(f"u{guild}", attempt.attempt_id, "answer", 1, picks, clock.now())
    async with database.unit_of_work() as session:
        member = await find_member(session, "discord", f"u{guild}")
        assert member is not None
        await grade_or_create(session, member.id, attempt.question.id, False, None, clock.now())
    clock.set(datetime(2026, 3, 3, 19, 31, tzinfo=UTC))
    return view.id, attempt.attempt_id, attempt.question.id


async def _review_card(database: Database, user_id: str, question_id: str) -> ReviewCard:
    async with database.unit_of_work() as session:
        member = await find_member(session, "discord", user_id)
        assert member is not None
        card = await session.scalar(
            select(ReviewCard).where(
                ReviewCard.member_id == member.id, ReviewCard.question_id == question_id
            )
        )
        assert card is not None
        return card


async def test_mock_attempts_are_submitted_only_by_the_process_that_owns_the_group(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    await _overdue_attempt(database, bank, clock, "100")
    _group, their_attempt, _question = await _overdue_attempt(database, bank, clock, "200")
    publisher = RecordingPublisher()
    runner = Runner(
        DailyService(database, bank, "discord"),
        GroupService(database),
        NoticeService(database, bank),
        MockService(database, bank, "discord"),
        publisher,
        clock,
        platform="discord",
        owns_group=lambda guild_id: guild_id == "100",
    )
    await runner.run_due()
    assert [kind for _id, kind in publisher.mock_posts] == ["debrief"], "only our night closed"
    with pytest.raises(InvalidInput, match="Submit the exam first"):
        await MockService(database, bank, "discord").results("u200", their_attempt)


async def test_an_attempt_submitted_by_two_processes_at_once_is_graded_once(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    group_id, attempt_id, question_id = await _overdue_attempt(database, bank, clock, "100")
    before = await _review_card(database, "u100", question_id)
    first, second = MockService(database, bank, "discord"), MockService(database, bank, "discord")
    submitted = await asyncio.gather(
        first.submit_overdue({group_id}, clock.now()),
        second.submit_overdue({group_id}, clock.now()),
    )
    assert sum(submitted) >= 1
    after = await _review_card(database, "u100", question_id)
    assert (after.reviews, after.misses) == (before.reviews + 1, before.misses + 1)
    result = await first.results("u100", attempt_id)
    assert result.auto_submitted


@pytest.mark.parametrize("answered_before", [True, False])
async def test_me_forget_racing_an_answer_batch_fails_no_one_else(
    database: Database, bank: Bank, clock: FakeClock, answered_before: bool
) -> None:
    groups, daily, publisher = (
        GroupService(database),
        DailyService(database, bank, "discord"),
        RecordingPublisher(),
    )
    runner = runner_for(database, bank, clock, publisher)
    await make_group(groups, clock)
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    await runner.run_due()
    (daily_id,) = publisher.questions
    question = (await daily.question_card(daily_id)).question
    size = question.choose  # two picks of the question's own size, the second different
    first, second = question.letters[:size], question.letters[size : 2 * size]
    for user in ("u1", "u2", "u3"):
        if answered_before or user != "u2":
            await daily.record_answer("100", user, user, daily_id, first, clock.now())
    if not answered_before:  # known to the bot, but not yet part of the group
        await daily.set_quote_anonymously("u2", "u2", True, clock.now())

    # The moment the batch starts writing, u2 confirms /me forget in another transaction.
    privacy = PrivacyService(database, "discord")
    events: list[str] = []
    forgetting: list[asyncio.Task[int]] = []

    def forget_now(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        writes = ("INSERT INTO memberships", "INSERT INTO answers", "UPDATE answers")
        if forgetting or not statement.lstrip().startswith(writes):
            return
        task = asyncio.get_running_loop().create_task(privacy.forget("u2"))
        task.add_done_callback(lambda _t: events.append("forgotten"))
        forgetting.append(task)
        # Give the deletion every chance to run before the batch goes on (it must wait).
        await_only(asyncio.wait({task}, timeout=0.5))

    event.listen(database.engine.sync_engine, "before_cursor_execute", forget_now)
    try:
        outcomes = await asyncio.gather(
            *(
                daily.record_answer("100", user, user, daily_id, second, clock.now())
                for user in ("u1", "u2", "u3")
            ),
            return_exceptions=True,
        )
        events.append("confirmed")
        assert (await forgetting[0]).rows >= 1
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", forget_now)

    u1, u2, u3 = outcomes
    for receipt in (u1, u3):
        assert isinstance(receipt, AnswerReceipt), receipt
        assert receipt.pick == normalise_pick(second)
    stored = await _picks(database, daily_id)
    assert stored["u1"] == stored["u3"] == normalise_pick(second)
    # u2 hears either a friendly word or a confirmation of an answer that was stored: made
    # before the deletion (which then removed it) or after it (a fresh start).
    assert isinstance(u2, AnswerReceipt | UserFacingError), u2
    if isinstance(u2, AnswerReceipt) and events.index("forgotten") < events.index("confirmed"):
        assert stored.get("u2") == normalise_pick(second), (
            "u2 was told a pick was recorded that was not stored"
        )


async def _picks(database: Database, daily_id: int) -> dict[str, str]:
    async with database.unit_of_work() as session:
        rows = await session.execute(
            select(Member.external_id, Answer.pick)
            .join(Answer, Answer.member_id == Member.id)
            .where(Answer.daily_question_id == daily_id)
        )
        return {user: pick for user, pick in rows}


async def _run_hourly(
    loop, clock: FakeClock, start: datetime, hours: int, changes: dict[int, dict[str, str]]
) -> list[tuple[datetime, datetime]]:  # type: ignore[no-untyped-def]
    """Run the clock's passes every hour (and at each post and reveal time) from ``start``,
    applying ``changes`` (setup values by hour); the (posted at, reveal at) of each question."""
    groups, daily, publisher, runner = loop
    posted: list[tuple[datetime, datetime]] = []
    for hour in range(hours):
        for minute in range(0, 60, 30):
            clock.set(start + timedelta(hours=hour, minutes=minute))
            if minute == 0 and hour in changes:
                await make_group(groups, clock, **changes[hour])
            known = set(publisher.questions)
            await runner.run_due()
            for daily_id in set(publisher.questions) - known:
                card = await daily.question_card(daily_id)
                posted.append((clock.now(), card.reveal_at))
    return posted


def _one_open_at_a_time(posted: list[tuple[datetime, datetime]]) -> None:
    for (_, reveal), (next_post, _) in itertools.pairwise(posted):
        assert next_post >= reveal, f"a question was posted at {next_post} before {reveal}"


@pytest.mark.parametrize(
    ("before", "after"),
    [("Pacific/Kiritimati", "Pacific/Honolulu"), ("Pacific/Honolulu", "Pacific/Kiritimati")],
)
async def test_a_timezone_change_across_the_date_line_loses_no_day_and_opens_no_second(
    loop, clock: FakeClock, before: str, after: str
) -> None:
    # UTC+14 and UTC−10 show the same time of day on different dates.
    clock.set(datetime(2026, 3, 1, 12, tzinfo=UTC))
    await make_group(loop[0], clock, timezone=before, rest_days="none", start_date="2026-03-01")
    # 09:00 local is 19:00 UTC in both. Questions are posted on 1 and 2 March at 19:00 UTC;
    # an hour after the second the timezone changes; the next posts are due at 19:00 UTC.
    posted = await _run_hourly(
        loop, clock, datetime(2026, 3, 1, 18, tzinfo=UTC), 24 * 4, {26: {"timezone": after}}
    )
    _one_open_at_a_time(posted)
    zone = ZoneInfo(after)
    days = [at.astimezone(zone).date() for at, _reveal in posted]
    assert len(days) == len(set(days)) == 4, f"one question on each local day: {posted}"
    assert [at for at, _reveal in posted] == [
        datetime(2026, 3, day, 19, tzinfo=UTC) for day in (1, 2, 3, 4)
    ], "each at 09:00 local: no day without a question, none late"


@pytest.mark.parametrize(
    ("change_at", "change", "expected"),
    [
        # Before today's post: today's post moves (and is posted at once when its new time
        # has passed), with the new reveal time.
        (8, {"post_time": "11:00", "reveal_time": "13:00"}, [(11, 13), (35, 37)]),
        (8, {"post_time": "07:00", "reveal_time": "12:00"}, [(8, 12), (31, 36)]),
        # After today's post: it keeps its reveal; the new times start tomorrow.
        (10, {"post_time": "14:00", "reveal_time": "22:00"}, [(9, 20), (38, 46)]),
        (10, {"post_time": "06:00", "reveal_time": "08:00"}, [(9, 20), (30, 32)]),
        # After today's reveal: no second question today, whatever the new times.
        (21, {"post_time": "21:00", "reveal_time": "23:30"}, [(9, 20), (45, 47.5)]),
    ],
)
async def test_changing_the_times_mid_day_keeps_one_question_a_day(
    loop,
    clock: FakeClock,
    change_at: int,
    change: dict[str, str],
    expected: list[tuple[float, float]],
) -> None:
    clock.set(datetime(2026, 3, 1, 12, tzinfo=UTC))
    await make_group(loop[0], clock, rest_days="none", start_date="2026-03-01")
    start = datetime(2026, 3, 2, 0, tzinfo=UTC)
    posted = await _run_hourly(loop, clock, start, 48, {change_at: change})
    _one_open_at_a_time(posted)
    hours = [
        ((at - start).total_seconds() / 3600, (reveal - start).total_seconds() / 3600)
        for at, reveal in posted
    ]
    assert hours == expected
