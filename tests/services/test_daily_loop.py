"""The daily loop through the services on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.errors import AnsweringClosed, InvalidInput, NotFound
from bot.core.group_settings import SetupRequest
from bot.core.scoring import normalise_pick
from bot.db.engine import Database
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from bot.services.runner import ChannelProblem
from tests.services.helpers import RecordingPublisher, make_group, runner_for


@pytest.fixture
def services(database: Database, bank: Bank, clock: FakeClock):  # type: ignore[no-untyped-def]
    groups = GroupService(database)
    daily = DailyService(database, bank, "discord")
    publisher = RecordingPublisher()
    return (
        groups,
        daily,
        publisher,
        runner_for(database, bank, clock, publisher),
    )


def at(clock: FakeClock, day: int, hour: int, minute: int = 0) -> None:
    clock.set(datetime(2026, 3, day, hour, minute, tzinfo=UTC))


async def test_nothing_is_posted_before_the_post_time_and_once_after(services, clock) -> None:
    groups, _daily, publisher, runner = services
    await make_group(groups, clock)
    at(clock, 2, 8, 59)
    await runner.run_due()
    assert publisher.sent == 0
    at(clock, 2, 9, 0)
    await runner.run_due()
    await runner.run_due()
    assert publisher.sent == 1


async def test_catch_up_posts_late_before_the_reveal_and_skips_after(services, clock) -> None:
    groups, _daily, publisher, runner = services
    await make_group(groups, clock)
    at(clock, 2, 14)  # the bot was down at 09:00 but is back before 20:00
    await runner.run_due()
    assert publisher.sent == 1
    at(clock, 3, 21)  # down all of Tuesday until after the reveal time
    await runner.run_due()
    assert publisher.sent == 1, "a day whose reveal time passed is skipped"
    assert len(publisher.reveals) == 1, "Monday's missed reveal is done as soon as possible"


async def test_rest_days_get_no_question(services, clock) -> None:
    groups, _daily, publisher, runner = services
    await make_group(groups, clock, rest_days="sun")
    clock.set(datetime(2026, 3, 8, 12, tzinfo=UTC))  # Sunday
    await runner.run_due()
    assert publisher.sent == 0


async def test_answers_change_until_the_reveal_and_are_refused_after(services, clock) -> None:
    groups, daily, publisher, runner = services
    await make_group(groups, clock)
    at(clock, 2, 9)
    await runner.run_due()
    (daily_id,) = publisher.questions
    card = await daily.question_card(daily_id)
    right = card.question.answer
    wrong = [x for x in card.question.letters if x not in right][: card.question.choose]

    first = await daily.record_answer("100", "u1", "Ada", daily_id, wrong, clock.now())
    assert first.answer_count == 1 and not first.changed
    second = await daily.record_answer("100", "u1", "Ada", daily_id, right, clock.now())
    assert second.changed and second.answer_count == 1
    await daily.add_reasoning(
        "100", "u1", daily_id, "The phrase about cost decides it.", "4", clock.now()
    )

    at(clock, 2, 20)
    await runner.run_due()
    reveal = publisher.reveals[daily_id]
    assert reveal.correct_members == ["u1"], "the last pick counts"
    assert reveal.correct_names == ["Ada"], "names for platforms where a mention pings"
    assert reveal.quotes[0].reasoning == "The phrase about cost decides it."
    assert reveal.quotes[0].member_name == "Ada"
    assert reveal.quotes[0].confidence == 4
    with pytest.raises(AnsweringClosed) as closed:
        await daily.record_answer("100", "u1", "Ada", daily_id, wrong, clock.now())
    assert closed.value.reveal_link == f"555/reveal-{daily_id}"


async def test_an_answer_at_the_reveal_instant_is_refused_even_before_the_job_ran(
    services, clock
) -> None:
    groups, daily, publisher, runner = services
    await make_group(groups, clock)
    at(clock, 2, 9)
    await runner.run_due()
    (daily_id,) = publisher.questions
    at(clock, 2, 20)
    with pytest.raises(AnsweringClosed):
        await daily.record_answer("100", "u1", "Ada", daily_id, ["A"], clock.now())


async def test_a_question_of_another_server_is_refused(services, clock) -> None:
    groups, daily, publisher, runner = services
    await make_group(groups, clock, guild="100")
    await make_group(groups, clock, guild="200")
    at(clock, 2, 9)
    await runner.run_due()
    some_daily = next(iter(publisher.questions))
    with pytest.raises(NotFound):
        await daily.record_answer("999", "u1", "Ada", some_daily, ["A"], clock.now())


async def test_bad_picks_and_overlong_reasoning_are_refused_and_change_nothing(
    services, clock
) -> None:
    groups, daily, publisher, runner = services
    await make_group(groups, clock)
    at(clock, 2, 9)
    await runner.run_due()
    (daily_id,) = publisher.questions
    with pytest.raises(InvalidInput):
        await daily.record_answer("100", "u1", "Ada", daily_id, ["Z"], clock.now())
    with pytest.raises(InvalidInput, match="Pick an answer first"):
        await daily.add_reasoning("100", "u1", daily_id, "because", "3", clock.now())
    card = await daily.question_card(daily_id)
    await daily.record_answer("100", "u1", "Ada", daily_id, card.question.answer, clock.now())
    await daily.add_reasoning("100", "u1", daily_id, "kept", "5", clock.now())
    with pytest.raises(InvalidInput, match="1,001 characters; the limit is 1,000"):
        await daily.add_reasoning("100", "u1", daily_id, "x" * 1001, "3", clock.now())
    with pytest.raises(InvalidInput, match="whole number from 1"):
        await daily.add_reasoning("100", "u1", daily_id, "fine", "9", clock.now())
    at(clock, 2, 20)
    await runner.run_due()
    assert publisher.reveals[daily_id].quotes[0].reasoning == "kept"


async def test_streaks_count_study_days_and_ignore_rest_days(services, clock) -> None:
    groups, daily, publisher, runner = services
    await make_group(groups, clock, rest_days="sat,sun")

    async def study_day(day: int, answer: bool) -> None:
        at(clock, day, 9)
        await runner.run_due()
        daily_id = max(publisher.questions)
        if answer:
            card = await daily.question_card(daily_id)
            await daily.record_answer(
                "100", "u1", "Ada", daily_id, card.question.answer, clock.now()
            )
        at(clock, day, 20)
        await runner.run_due()

    for day in (2, 3, 4, 5, 6):  # Monday to Friday
        await study_day(day, answer=True)
    at(clock, 7, 12)
    await runner.run_due()  # Saturday and Sunday: rest
    at(clock, 8, 12)
    await runner.run_due()
    await study_day(9, answer=True)  # Monday
    streak = await daily.streak("100", "u1")
    assert (streak.current, streak.best) == (6, 6)
    assert any(m.days == 3 for r in publisher.reveals.values() for m in r.milestones)
    await study_day(10, answer=False)
    streak = await daily.streak("100", "u1")
    assert (streak.current, streak.best, streak.answered_total) == (0, 6, 6)


async def test_a_reveal_interrupted_after_it_began_is_finished_once(services, clock) -> None:
    groups, daily, publisher, runner = services
    await make_group(groups, clock)
    at(clock, 2, 9)
    await runner.run_due()
    (daily_id,) = publisher.questions
    card = await daily.question_card(daily_id)
    await daily.record_answer("100", "u1", "Ada", daily_id, card.question.answer, clock.now())
    at(clock, 2, 20)
    assert await daily.begin_reveal(daily_id, clock.now()) is not None  # then the bot died
    clock.advance(timedelta(minutes=5))
    await runner.run_due()
    await runner.run_due()
    assert list(publisher.reveals) == [daily_id]
    assert (await daily.streak("100", "u1")).current == 1, "streaks settle once"


async def test_a_claim_whose_post_never_happened_is_skipped_at_reveal_time(services, clock) -> None:
    groups, daily, publisher, runner = services
    view = await make_group(groups, clock)
    at(clock, 2, 9)
    card = await daily.claim_post(view.id, clock.now())  # claimed, then the bot died
    assert card is not None
    at(clock, 2, 20, 5)
    await runner.run_due()
    assert publisher.sent == 0 and publisher.reveals == {}
    assert (await daily.question_card(card.daily_id)).closed


async def test_questions_do_not_repeat_in_a_group(services, clock, bank) -> None:
    groups, daily, publisher, runner = services
    await make_group(groups, clock, rest_days="none", exam_date="2028-12-31")
    seen = []
    days = min(len(bank.active), 60)
    for offset in range(days):
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=offset))
        await runner.run_due()
        clock.advance(timedelta(hours=11))
        await runner.run_due()
    for daily_id in publisher.questions:
        seen.append((await daily.question_card(daily_id)).question.id)
    assert len(seen) == days == len(set(seen))


async def test_a_channel_problem_is_reported_once_a_day_and_the_post_waits_for_the_fix(
    services, clock
) -> None:
    groups, _daily, publisher, runner = services
    await make_group(groups, clock)
    publisher.channel_problem = ChannelProblem("missing:send", "I am missing Send Messages.")
    at(clock, 2, 9)
    await runner.run_due()
    await runner.run_due()
    assert publisher.reports == ["I am missing Send Messages."], "told once, not every pass"
    assert publisher.sent == 0
    publisher.channel_problem = None  # an organiser fixed the permissions
    at(clock, 2, 9, 5)
    await runner.run_due()
    assert publisher.sent == 1, "the day's question goes out late, as soon as it can"


async def test_a_burst_of_answers_is_committed_together_and_each_refusal_stays_its_own(
    services, clock
) -> None:
    groups, daily, publisher, runner = services
    await make_group(groups, clock)
    at(clock, 2, 9)
    await runner.run_due()
    (daily_id,) = publisher.questions
    card = await daily.question_card(daily_id)
    right = list(card.question.answer)

    async def attempt(user: str, letters: list[str]):  # type: ignore[no-untyped-def]
        try:
            return await daily.record_answer("100", user, user, daily_id, letters, clock.now())
        except InvalidInput as refusal:
            return refusal

    outcomes = await asyncio.gather(
        *(attempt(f"u{n}", right) for n in range(40)),
        attempt("bad", ["Z"]),
        attempt("u0", ["A"] * card.question.choose if card.question.choose == 1 else ["A", "B"]),
    )
    assert isinstance(outcomes[40], InvalidInput), "the bad pick is refused alone"
    assert all(not isinstance(o, Exception) for i, o in enumerate(outcomes) if i != 40)
    assert (await daily.question_card(daily_id)).answer_count == 40
    second = ["A"] * card.question.choose if card.question.choose == 1 else ["A", "B"]
    twice = outcomes[41]
    assert not isinstance(twice, Exception)
    assert twice.changed == (twice.pick != normalise_pick(right)), "u0 clicked twice at once"
    again = await daily.record_answer("100", "u0", "u0", daily_id, second, clock.now())
    assert not again.changed, "the last pick of the batch is the one stored"
    moved = await daily.record_answer("100", "u1", "u1", daily_id, second, clock.now())
    assert moved.changed == (moved.pick != normalise_pick(right))
    assert (await daily.question_card(daily_id)).answer_count == 40


async def test_a_runner_sees_only_the_groups_of_its_platform(
    database: Database, bank: Bank, clock: FakeClock
) -> None:
    """A Slack workspace and a Discord server with the same id are two groups, and each
    platform's runner posts only to its own."""
    groups = GroupService(database)
    await make_group(groups, clock, guild="T100")
    slack = await groups.configure(
        "slack",
        "T100",
        SetupRequest(channel_id="C0STUDY", timezone="UTC", start_date="2026-03-02"),
        clock.now(),
        clock.now().date(),
    )
    publisher = RecordingPublisher()
    at(clock, 2, 9)
    await runner_for(database, bank, clock, publisher).run_due()
    (daily_id,) = publisher.questions
    card = await DailyService(database, bank, "discord").question_card(daily_id)
    assert (card.guild_id, card.channel_id) == ("T100", "555")
    assert [g.id for g in await groups.all("slack", clock.now())] == [slack.id]
