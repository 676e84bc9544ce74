"""A mock-exam night on Slack, through the real slack-bolt app and the fake clock: scheduled
by an organiser, RSVPs on the announcement, reminders, the private timed exam in a modal,
results, and the debrief in the channel."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.content.schema import Question
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.core.custom_ids import MockAction, MockSelectKind
from bot.core.errors import NotAllowed
from bot.db.models import DailyQuestion
from bot.devtools.fake_slack import FakeSlack, SlackMessage, SlackView
from bot.slack import ids
from bot.slack.blocks import escape
from tests.slack_e2e.harness import (
    ADMIN,
    MEMBERS,
    STUDY,
    RunningSlack,
    block_text,
    running_slack,
    set_up_group,
)

ADA, BOB, CEC = MEMBERS
# The night: Wednesday 4 March 2026, 19:00 in Berlin (18:00 UTC), 10 questions, 15 minutes.
STARTS = datetime(2026, 3, 4, 18, 0, tzinfo=UTC)
SCHEDULE = "mock schedule 2026-03-04 19:00 questions:10 minutes:15"
NAMES = ("member1", "member2", "member3", "Member 1", "Member 2", "Member 3", "orga", "Orga")


def text_of(blocks: list[dict[str, object]]) -> str:
    return block_text(SlackMessage(channel="", ts="", user="", text="", blocks=blocks))


async def study(fake: FakeSlack, user: str, text: str) -> str:
    """Run ``/study <text>`` and return the private answer."""
    result = await fake.slash(user, STUDY, "/study", text)
    assert result.acked_in_time
    return (await result.wait_ephemeral()).text


def marked(run: RunningSlack, event_type: str) -> list[SlackMessage]:
    return run.posts(event_type)


async def schedule_night(run: RunningSlack, fake: FakeSlack) -> SlackMessage:
    answer = await study(fake, ADMIN, SCHEDULE)
    assert answer.startswith("Scheduled: *#1*"), answer
    [announcement] = marked(run, ids.MOCK_ANNOUNCE_EVENT)
    return announcement


async def click_and_hear(fake: FakeSlack, user: str, ts: str, action_id: str) -> str:
    result = await fake.click(user, ts, action_id)
    assert result.acked_in_time
    response = await result.wait_response()
    return str(response.get("text"))


def exam_view(fake: FakeSlack, user: str) -> SlackView:
    [view] = [v for v in fake.open_views(user) if v.callback_id == ids.MOCK_EXAM_VIEW]
    return view


def view_text(view: SlackView) -> str:
    return text_of(view.blocks)


def attempt_of(view: SlackView) -> int:
    return int(json.loads(view.private_metadata)["attempt"])


async def press(
    fake: FakeSlack, user: str, action: MockAction, arg: int, letter: str | None = None
) -> SlackView:
    """Click a control of the member's exam modal; the modal as redrawn."""
    view = exam_view(fake, user)
    before = view.hash
    action_id = custom_ids.MOCK_BUTTON.build(
        attempt=attempt_of(view), action=action.value, arg=arg, letter=letter
    )
    result = await fake.click(user, view.id, action_id)
    assert result.acked_in_time
    await fake.wait_until(lambda: view.hash != before, what="the exam modal to be redrawn")
    return view


async def choose(
    fake: FakeSlack, user: str, kind: MockSelectKind, arg: int, value: str | list[str]
) -> SlackView:
    view = exam_view(fake, user)
    before = view.hash
    action_id = custom_ids.MOCK_SELECT.build(attempt=attempt_of(view), kind=kind.value, arg=arg)
    result = await fake.select(user, view.id, action_id, value)
    assert result.acked_in_time
    await fake.wait_until(lambda: view.hash != before, what="the exam modal to be redrawn")
    return view


def shown_question(run: RunningSlack, view: SlackView) -> Question:
    """The bank question whose scenario the modal shows."""
    shown = view_text(view)
    [question] = [q for q in run.bot.services.bank.active if escape(q.scenario) in shown]
    return question


async def answer(
    run: RunningSlack, fake: FakeSlack, user: str, position: int, right: bool
) -> SlackView:
    """Answer the question on screen, rightly or wrongly, as a member would."""
    q = shown_question(run, exam_view(fake, user))
    wrong = [x for x in q.letters if x not in q.answer]
    letters = list(q.answer) if right else [*wrong[:1], *q.answer[1:]]
    if q.choose == 1:
        return await press(fake, user, MockAction.ANSWER, position, letters[0])
    return await choose(fake, user, MockSelectKind.ANSWERS, position, letters)


async def start_exam(fake: FakeSlack, user: str, start_post: SlackMessage) -> SlackView:
    result = await fake.click(user, start_post.ts, ids.MOCK_START)
    assert result.acked_in_time
    return await result.wait_view()


async def test_a_mock_night_from_schedule_to_debrief(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        assert "no study group yet" in await study(fake, CEC, "mock list")
        await set_up_group(fake)

        refused = await study(fake, ADA, SCHEDULE)
        assert "Only organisers schedule mock-exam nights" in refused
        assert marked(run, ids.MOCK_ANNOUNCE_EVENT) == []
        bad = await study(fake, ADMIN, "mock schedule 2026-02-30 19:00 questions:many")
        assert "Questions must be a whole number" in bad and "Usage:" in bad
        bad = await study(fake, ADMIN, "mock schedule 2026-02-30 19:00 questions:5")
        assert "is not a date" in bad and "between 10 and 60" in bad
        bad = await study(fake, ADMIN, "mock schedule 2026-03-04 19:00 focus:cooking")
        assert "“cooking” is not an exam section" in bad and "`serving`" in bad
        assert marked(run, ids.MOCK_ANNOUNCE_EVENT) == [], "nothing scheduled on bad input"

        announcement = await schedule_night(run, fake)
        shown = block_text(announcement)
        assert "10 questions in 15 minutes" in shown and "0 members going" in shown
        listed = await study(fake, CEC, "mock list")
        assert "*#1*" in listed and "10 questions" in listed

        going = await click_and_hear(fake, ADA, announcement.ts, ids.MOCK_GOING)
        assert going.startswith("You are going to mock night #1")
        not_going = await click_and_hear(fake, BOB, announcement.ts, ids.MOCK_NOT_GOING)
        assert "not going" in not_going
        assert "1 member going · 1 not going" in block_text(fake.message(announcement.ts))

        sent = await click_and_hear(fake, ADA, announcement.ts, ids.MOCK_CALENDAR)
        assert "calendar file" in sent
        [calendar] = fake.files()
        assert calendar.filename == "mock-night-1.ics"
        assert [c for c in calendar.channels if c.startswith("D")] == calendar.channels, "by DM"
        content = (calendar.content or b"").decode()
        assert "DTSTART:20260304T180000Z" in content and "DTEND:20260304T181500Z" in content

        # The organiser moves the night by half an hour: the announcement follows.
        changed = await study(fake, ADMIN, "mock edit 1 19:30")
        assert changed.startswith("Changed: *#1*")
        starts = STARTS + timedelta(minutes=30)
        assert f"<!date^{int(starts.timestamp())}^" in block_text(fake.message(announcement.ts))
        assert any("has changed" in m.text for m in fake.dm_messages(ADA)), "Ada is going"
        assert not any("has changed" in m.text for m in fake.dm_messages(BOB))

        clock.set(starts - timedelta(hours=24) + timedelta(minutes=1))
        await run.run_due()
        await run.run_due()
        [reminder] = marked(run, ids.MOCK_REMINDER_EVENT)
        assert "Mock exam tomorrow" in block_text(reminder)
        reminded = [m for m in fake.dm_messages(ADA) if "starts tomorrow" in m.text]
        assert len(reminded) == 1, "once, to the member who is going"
        assert not any("starts tomorrow" in m.text for m in fake.dm_messages(BOB))
        assert not any("starts tomorrow" in m.text for m in fake.dm_messages(CEC))
        clock.set(starts - timedelta(minutes=59))
        await run.run_due()
        assert len(marked(run, ids.MOCK_REMINDER_EVENT)) == 2
        assert any("starts in an hour" in m.text for m in fake.dm_messages(ADA))

        clock.set(starts + timedelta(seconds=30))
        await run.run_due()
        [start_post] = marked(run, ids.MOCK_START_EVENT)
        assert "The mock exam is open" in block_text(start_post)

        view = await start_exam(fake, ADA, start_post)
        assert "Question 1 of 10" in view_text(view)
        await answer(run, fake, ADA, 1, right=True)
        await press(fake, ADA, MockAction.NEXT, 2)
        flagged = await press(fake, ADA, MockAction.FLAG, 2)
        assert "🚩 flagged" in view_text(flagged)
        await press(fake, ADA, MockAction.NEXT, 3)
        wrong = await answer(run, fake, ADA, 3, right=False)
        assert "2/10 answered · 1 flagged" in view_text(wrong)
        back = await press(fake, ADA, MockAction.NEXT_FLAGGED, 2)
        assert "*Question 2 of 10* · 🚩 flagged" in view_text(back), "flag and return"
        await answer(run, fake, ADA, 2, right=True)
        jumped = await choose(fake, ADA, MockSelectKind.JUMP, 2, "4")
        assert "Question 4 of 10" in view_text(jumped)

        # Bob's exam shows nothing of Ada's, and Ada's attempt is not his to act on.
        bob_view = await start_exam(fake, BOB, start_post)
        assert "Question 1 of 10" in view_text(bob_view)
        assert "0/10 answered" in view_text(bob_view)
        with pytest.raises(NotAllowed):
            await run.bot.services.mocks.act(
                BOB, attempt_of(exam_view(fake, ADA)), "goto", 1, [], clock.now()
            )
        await answer(run, fake, BOB, 1, right=False)

        # The time runs out while Ada is on question 4: her next click shows her result.
        clock.set(starts + timedelta(minutes=15, seconds=5))
        late = await press(fake, ADA, MockAction.NEXT, 5)
        result = view_text(late)
        assert "Time is up" in result and "Your mock: 2/10" in result
        assert "submitted automatically at the deadline" in result
        assert "flagged questions: 1 of 1 right" in result

        await run.run_due()  # Bob left: the clock submits his attempt, then the debrief
        [debrief] = marked(run, ids.MOCK_DEBRIEF_EVENT)
        public = block_text(debrief)
        assert "2 members took part" in public and "median" in public
        thread = [
            m for m in fake.messages(STUDY) if m.thread_ts == debrief.ts and m.ts != debrief.ts
        ]
        assert 1 <= len(thread) <= 5 and "Hard question 1" in block_text(thread[0])
        for message in [debrief, *thread, *marked(run, ids.MOCK_START_EVENT)]:
            everything = block_text(message) + message.text
            assert not any(name in everything for name in NAMES), "no names in public"
        await run.run_due()
        assert len(marked(run, ids.MOCK_DEBRIEF_EVENT)) == 1, "one debrief"

        # Bob's result is his alone: he sees it when he presses Resume.
        fake.workspace.views[bob_view.id].open = False
        bob_result = await start_exam(fake, BOB, start_post)
        assert "Your mock: 0/10" in view_text(bob_result)
        review = await press(fake, BOB, MockAction.REVIEW, 1)
        assert "Review 1 of 10 · ❌ wrong" in view_text(review)
        assert fake.failed_acks == []


async def test_members_are_refused_organiser_actions(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await schedule_night(run, fake)
        for text, what in (
            ("mock edit 1 20:00", "change"),
            ("mock cancel 1", "cancel"),
            (SCHEDULE, "schedule"),
        ):
            refused = await study(fake, BOB, text)
            assert f"Only organisers {what} mock-exam nights" in refused
        assert len(marked(run, ids.MOCK_ANNOUNCE_EVENT)) == 1
        assert "*#1*" in await study(fake, BOB, "mocks"), "the list is for everyone"
        [announcement] = marked(run, ids.MOCK_ANNOUNCE_EVENT)
        await click_and_hear(fake, BOB, announcement.ts, ids.MOCK_GOING)

        cancelled = await study(fake, ADMIN, "mock cancel 1")
        assert cancelled == "Cancelled mock night #1."
        assert "cancelled" in block_text(fake.message(announcement.ts))
        assert any("is cancelled" in m.text for m in fake.dm_messages(BOB)), "Bob was going"
        assert fake.message(announcement.ts).action_ids() == [], "no RSVP on a cancelled night"
        assert "None scheduled." in await study(fake, BOB, "mock list")


async def test_a_restart_in_the_middle_of_an_attempt_loses_nothing(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await schedule_night(run, fake)
        clock.set(STARTS + timedelta(minutes=1))
        await run.run_due()
        [start_post] = marked(run, ids.MOCK_START_EVENT)
        await start_exam(fake, ADA, start_post)
        await answer(run, fake, ADA, 1, right=True)
        await press(fake, ADA, MockAction.NEXT, 2)
        await press(fake, ADA, MockAction.FLAG, 2)

    async with running_slack(fake, db_url, clock) as run:
        assert len(marked(run, ids.MOCK_START_EVENT)) == 1, "the start is not posted again"
        # The modal stayed open on Ada's screen: her next click is served by the new process.
        view = await press(fake, ADA, MockAction.NEXT, 3)
        shown = view_text(view)
        assert "*Question 3 of 10*" in shown and "1/10 answered · 1 flagged" in shown
        fake.workspace.views[view.id].open = False
        resumed = await start_exam(fake, ADA, start_post)
        assert "*Question 3 of 10*" in view_text(resumed), "resumes where she was"
        assert "1/10 answered · 1 flagged" in view_text(resumed)
        first = await press(fake, ADA, MockAction.PREVIOUS, 2)
        assert "🚩 flagged" in view_text(first)
        assert fake.failed_acks == []


async def test_a_paper_question_open_as_the_daily_question_keeps_its_key_in_the_review(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        await set_up_group(fake)
        await schedule_night(run, fake)
        clock.set(STARTS + timedelta(minutes=1))  # 19:01 in Berlin: the day's question is open
        await run.run_due()
        [daily] = run.questions()
        [start_post] = marked(run, ids.MOCK_START_EVENT)
        view = await start_exam(fake, ADA, start_post)
        question = shown_question(run, view)
        await answer(run, fake, ADA, 1, right=True)
        await press(fake, ADA, MockAction.SUBMIT_CHECK, 1)
        await press(fake, ADA, MockAction.SUBMIT, 1)
        # The group's open daily question turns out to be on the paper (a revisit drawn after
        # the paper): its key must wait for the reveal.
        daily_id = daily.metadata["event_payload"]["daily_id"]  # type: ignore[index]
        async with run.bot.services.database.unit_of_work() as session:
            await session.execute(
                update(DailyQuestion)
                .where(DailyQuestion.id == daily_id)
                .values(question_id=question.id)
            )
        review = view_text(await press(fake, ADA, MockAction.REVIEW, 1))
        assert "once it is revealed" in review
        assert escape(question.explanation)[:60] not in review
        for revealing in ("Yours / right", "The deciding phrase", "*Why:*", "✅", "❌"):
            assert revealing not in review
