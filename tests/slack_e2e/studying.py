"""What a member does and reads on Slack beyond the daily loop: study days with picks,
``/study`` replies, the Home tab and the chart in their DM."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack, SlackFile, SlackMessage, SlackView
from bot.devtools.fake_slack.model import JSON
from bot.services.daily import QuestionCard
from bot.slack import ids
from tests.slack_e2e.harness import SETUP, STUDY, RunningSlack, block_text

BERLIN = ZoneInfo(SETUP["timezone"])
FIRST_DAY = date.fromisoformat(SETUP["start_date"])  # a Monday


def at(day: date, clock_time: str) -> datetime:
    """``clock_time`` in the group's timezone on ``day``, as UTC."""
    local = datetime.combine(day, time.fromisoformat(clock_time), BERLIN)
    return local.astimezone(UTC)


async def post_question(run: RunningSlack, clock: FakeClock, day: date) -> QuestionCard:
    """Move to the day's post time; the question is posted; its card (with the key)."""
    clock.set(at(day, SETUP["post_time"]))
    await run.run_due()
    message = run.questions()[-1]
    daily_id = message.metadata["event_payload"]["daily_id"]  # type: ignore[index]
    return await run.bot.services.daily.question_card(daily_id)


async def reveal(run: RunningSlack, clock: FakeClock, day: date) -> None:
    clock.set(at(day, SETUP["reveal_time"]))
    await run.run_due()


def question_message(run: RunningSlack, card: QuestionCard) -> SlackMessage:
    return next(
        m
        for m in run.questions()
        if m.metadata["event_payload"]["daily_id"] == card.daily_id  # type: ignore[index]
    )


def wrong_letters(card: QuestionCard) -> list[str]:
    q = card.question
    return [x for x in q.letters if x not in q.answer][: q.choose]


async def pick(fake: FakeSlack, user: str, message: SlackMessage, letters: list[str]) -> None:
    """Answer with the letter buttons (or the choose-N modal); wait for the receipt."""
    before = len(fake.ephemerals(user))
    if len(letters) == 1:
        click = await fake.click(user, message.ts, ids.answer_action(letters[0]))
        assert click.acked_in_time
    else:
        click = await fake.click(user, message.ts, ids.CHOOSE)
        modal = await click.wait_view()
        saved = await fake.submit_view(user, modal.id, {"letters": letters})
        assert saved.acked_in_time and not saved.view_errors
    await fake.wait_until(lambda: fake.ephemerals(user)[before:], what=f"{user}'s receipt")


async def ask(fake: FakeSlack, user: str, text: str) -> SlackMessage:
    """Run ``/study <text>`` in the study channel; the private reply."""
    result = await fake.slash(user, STUDY, "/study", text)
    assert result.acked_in_time
    return await result.wait_ephemeral()


def shown(message: SlackMessage) -> str:
    """All a reader sees of a message: its text and its blocks' texts."""
    return f"{message.text}\n{block_text(message)}"


async def open_home(fake: FakeSlack, user: str) -> SlackView:
    """Open the Home tab; wait until the app published it afresh."""
    published = len(fake.calls("views.publish"))
    result = await fake.open_home(user)
    assert result.acked_in_time
    await fake.wait_until(
        lambda: len(fake.calls("views.publish")) > published, what="views.publish"
    )
    [call] = fake.calls("views.publish")[published:]
    assert call.error is None, call.error
    home = fake.home_view(user)
    assert home is not None
    return home


def blocks_text(blocks: list[JSON]) -> str:
    """Every text of some blocks, joined."""
    return block_text(SlackMessage(channel="", ts="", user="", text="", blocks=blocks))


def home_text(view: SlackView) -> str:
    return blocks_text(view.blocks)


async def next_chart(fake: FakeSlack, before: int) -> SlackFile:
    """The chart uploaded after ``before`` files were complete."""
    files = await fake.wait_until(lambda: fake.files()[before:], what="the statistics chart upload")
    [chart] = files
    return chart


def days_later(day: date, days: int) -> date:
    return day + timedelta(days=days)
