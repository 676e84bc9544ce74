"""Soak on Slack: 30 members, 60 study days, the Slack bot process killed abruptly (SIGKILL)
at random moments and restarted on the same database, on SQLite and on PostgreSQL.

The bot runs in its own process against the fake Slack, with a file clock both share. A
kill lands inside the post or the reveal (after a random number of the pass's Web API
calls: a message may be posted whose ts the database never heard of), or inside a burst of
answers (after a random number of acks and receipts: clicks acknowledged but not yet
stored, answers stored but never confirmed). A member whose click got no receipt tries
again once the bot is back, as a person would. Afterwards: no duplicate post, no missing
reveal, no answer lost that a member was told was recorded, and every reveal's split equals
the stored answers. Prints its figures."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import Answer, DailyQuestion, Member
from bot.devtools.bot_process import FileClock
from bot.devtools.fake_slack import ActionResult, FakeSlack, FakeSlackTimeout, SlackMessage
from bot.devtools.slack_process import SlackProcess
from bot.slack import ids
from tests.slack_e2e.harness import block_text

STUDY, ADMIN = "C0SOAK", "U0SOAKADMIN"
MEMBERS = [f"U0SOAK{n:02d}" for n in range(30)]
DAYS, KILLS = 60, 12
START = date(2026, 3, 2)
CALLS_IN_PASS = {"post": 2, "reveal": 6}  # Web API calls a pass makes, about (a kill lands
# after a random number of them; past the end it lands after the pass)
RECEIPTS = ("You picked", "You changed your pick")


@pytest.fixture(autouse=True)
def _no_proxy_no_oauth(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bot process inherits this environment: slack_sdk reads the proxy variables (and
    # ignores NO_PROXY); the OAuth variables would switch the app into OAuth mode.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


async def until(fake: FakeSlack, ready: Callable[[], bool], what: str) -> None:
    """Wait until ``ready()``, re-checked whenever the fake sees a request or an ack and at
    least every 20 ms (for conditions the fake does not hear of, such as a "pass" line)."""
    for _ in range(1500):
        try:
            await fake.wait_until(ready, timeout=0.02)
            return
        except FakeSlackTimeout:
            continue
    raise AssertionError(f"timed out waiting for {what}")


def receipt(action: ActionResult) -> str | None:
    """The private "you picked" the member got for this click or submission, if any."""
    return next((m.text for m in action.ephemerals if m.text.startswith(RECEIPTS)), None)


async def answer(
    fake: FakeSlack, bot: SlackProcess, member: str, message: SlackMessage, rng: random.Random
) -> tuple[int, str] | None:
    """Answer as a member would: a letter button, or the checkboxes modal of a choose-N
    question. The pick when a receipt arrived, else None (the member saw an error, or
    nothing)."""
    alive = bot.kills

    async def act(action: Callable[[], Awaitable[ActionResult]]) -> ActionResult | None:
        if not fake.connected:
            return None  # the bot is down: Slack shows the member an error at once
        try:
            result = await action()
        except ConnectionError:
            return None  # the connection was dying as Slack sent the click
        return result if result.acked_in_time else None

    async def confirmed(action: ActionResult) -> str | None:
        await fake.wait_until(
            lambda: receipt(action) or bot.kills != alive, what=f"{member}'s receipt"
        )
        return receipt(action)

    daily_id = int(message.metadata["event_payload"]["daily_id"])  # type: ignore[index]
    if ids.CHOOSE in fake.message(message.ts).action_ids():
        opened = await act(lambda: fake.click(member, message.ts, ids.CHOOSE))
        if opened is None:
            return None
        await fake.wait_until(lambda: opened.opened_views or bot.kills != alive, what="the modal")
        if not opened.opened_views:
            return None
        modal = opened.opened_views[0]
        choose = int(modal.definition["title"]["text"].split()[-1])
        boxes = next(b["element"] for b in modal.blocks if b.get("block_id") == "letters")
        pick = sorted(rng.sample([o["value"] for o in boxes["options"]], choose))
        saved = await act(lambda: fake.submit_view(member, modal.id, {"letters": pick}))
        if saved is None:
            return None
        assert not saved.view_errors, saved.view_errors
        text = await confirmed(saved)
    else:
        buttons = fake.message(message.ts).action_ids()
        pick = [rng.choice([ids.letter_of(a) for a in buttons if ids.ANSWER.match(a)])]
        clicked = await act(lambda: fake.click(member, message.ts, ids.answer_action(pick[0])))
        if clicked is None:
            return None
        text = await confirmed(clicked)
    if text is None:
        return None
    assert " and ".join(pick) in text, (pick, text)
    return daily_id, ",".join(pick)


async def click_together(
    fake: FakeSlack,
    bot: SlackProcess,
    members: list[str],
    message: SlackMessage,
    rng: random.Random,
    confirmed: dict[tuple[int, str], str],
) -> list[str]:
    """Everyone answers at once; records confirmed picks, returns who got no receipt."""
    seeds = [rng.random() for _ in members]  # each member's own draw, whatever the timing
    outcomes = await asyncio.gather(
        *(
            answer(fake, bot, member, message, random.Random(seed))
            for member, seed in zip(members, seeds, strict=True)
        )
    )
    unconfirmed = []
    for member, outcome in zip(members, outcomes, strict=True):
        if outcome is None:
            unconfirmed.append(member)
        else:
            confirmed[(outcome[0], member)] = outcome[1]
    return unconfirmed


async def kill_during_pass(
    fake: FakeSlack, bot: SlackProcess, moment: datetime, calls: int, rng: random.Random
) -> None:
    """Move the clock to ``moment`` and SIGKILL the bot right after the pass's n-th Web
    API call was answered (n random), then start it again on the same database."""
    before = len(fake.calls())
    nth = rng.randint(1, calls)
    stamp = moment.isoformat()
    bot.write_time(moment)
    await until(fake, lambda: len(fake.calls()) >= before + nth or stamp in bot.passes, "the pass")
    bot.kill()
    await bot.restart()


async def kill_during_answers(
    fake: FakeSlack,
    bot: SlackProcess,
    crowd: list[str],
    message: SlackMessage,
    rng: random.Random,
    confirmed: dict[tuple[int, str], str],
) -> list[str]:
    """The crowd answers at once and the bot is SIGKILLed after the n-th of their acks and
    receipts (n random: clicks acknowledged but not yet stored, answers stored but never
    confirmed), then started again. Returns who got no receipt."""
    envelopes, receipts = len(fake.socket_mode.envelopes), len(fake.ephemerals())
    nth = rng.randint(1, 2 * len(crowd) - 1)

    def progress() -> int:
        sent = list(fake.socket_mode.envelopes.values())[envelopes:]
        return sum(e.ack is not None for e in sent) + len(fake.ephemerals()) - receipts

    clicks = asyncio.ensure_future(click_together(fake, bot, crowd, message, rng, confirmed))
    await until(fake, lambda: clicks.done() or progress() >= nth, "the crowd's acks and receipts")
    bot.kill()
    unconfirmed = await clicks
    await bot.restart()
    await fake.wait_connected()
    return unconfirmed


def question_of(fake: FakeSlack, day: date) -> SlackMessage:
    title = f"Question of the day · {day:%a %d %b}"
    return next(m for m in marked(fake, ids.QUESTION_EVENT) if m.text.startswith(title))


def marked(fake: FakeSlack, event_type: str) -> list[SlackMessage]:
    return [m for m in fake.messages(STUDY) if (m.metadata or {}).get("event_type") == event_type]


def marked_id(message: SlackMessage) -> int:
    return int(message.metadata["event_payload"]["daily_id"])  # type: ignore[index]


def split_shown(reveal: SlackMessage) -> dict[str, int]:
    """Answers per letter as the reveal's split shows them (lines like "`A` ██░░ 3 ✅")."""
    split = next(line for line in block_text(reveal).split("\n*The split*\n")[1:2])
    counts = {}
    for line in split.splitlines():
        if not line.startswith("`"):
            break
        counts[line[1]] = int(line.split()[2])
    return counts


async def test_slack_soak_with_abrupt_kills(tmp_path: Path, db_url: str) -> None:
    clock_file = tmp_path / "clock.txt"
    clock_file.write_text(datetime(2026, 3, 2, 7, tzinfo=UTC).isoformat(), encoding="utf-8")
    fake = FakeSlack(clock=FileClock(clock_file), timeout=10.0)  # the bot's simulated time
    fake.add_user(ADMIN, "orga", display_name="Orga", is_admin=True)
    for number, member in enumerate(MEMBERS):
        fake.add_user(member, f"m{number}", display_name=f"Member {number}")
    fake.add_channel(STUDY, "pmle-study", members=[ADMIN, *MEMBERS])
    await fake.start()
    bot = SlackProcess(fake.api_url, db_url, clock_file, log=(tmp_path / "bot.log").open("ab"))
    rng = random.Random(2026)
    kill_plan = {
        day: rng.choice(["post", "answers", "reveal"]) for day in rng.sample(range(DAYS), KILLS)
    }
    confirmed: dict[tuple[int, str], str] = {}
    try:
        await bot.start()
        await fake.wait_connected()
        setup = await (await fake.slash(ADMIN, STUDY, "/study", "setup")).wait_view()
        saved = await fake.submit_view(
            ADMIN,
            setup.id,
            {
                "channel": STUDY,
                "timezone": "UTC",
                "post_time": "09:00",
                "reveal_time": "20:00",
                "rest_days": [],
                "start_date": START.isoformat(),
            },
        )
        assert saved.acked_in_time and not saved.view_errors, saved.view_errors
        for day in range(DAYS):
            today = START + timedelta(days=day)
            post = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
            kill = kill_plan.get(day)
            if kill == "post":
                await kill_during_pass(fake, bot, post, CALLS_IN_PASS["post"], rng)
            await bot.set_time(post + timedelta(seconds=1))
            message = question_of(fake, today)
            crowd = rng.sample(MEMBERS, len(MEMBERS))
            if kill == "answers":
                retry = await kill_during_answers(fake, bot, crowd, message, rng, confirmed)
            else:
                retry = await click_together(fake, bot, crowd, message, rng, confirmed)
            still = await click_together(fake, bot, retry, message, rng, confirmed)
            assert still == [], "with the bot up, every click is confirmed"
            changers = rng.sample(MEMBERS, 5)
            assert await click_together(fake, bot, changers, message, rng, confirmed) == []
            reveal = post + timedelta(hours=11)
            if kill == "reveal":
                await kill_during_pass(fake, bot, reveal, CALLS_IN_PASS["reveal"], rng)
            await bot.set_time(reveal + timedelta(seconds=1))
        await bot.set_time(
            datetime.combine(START + timedelta(days=DAYS), datetime.min.time(), tzinfo=UTC)
        )
    finally:
        await bot.stop()
        await fake.stop()

    posts = [marked_id(m) for m in marked(fake, ids.QUESTION_EVENT)]
    reveals = marked(fake, ids.REVEAL_EVENT)
    duplicates = len(posts) - len(set(posts))
    database = Database.from_url(db_url)
    async with database.unit_of_work() as session:
        dailies = (await session.scalars(select(DailyQuestion))).all()
        stored = {
            (daily_id, external): pick
            for daily_id, external, pick in await session.execute(
                select(Answer.daily_question_id, Member.external_id, Answer.pick)
                .join(Member, Member.id == Answer.member_id)
                .where(Member.platform == "slack")
            )
        }
    await database.dispose()
    revealed = [marked_id(m) for m in reveals]
    missing_reveals = [d.id for d in dailies if d.state != "skipped" and d.id not in revealed]
    lost = [key for key, pick in confirmed.items() if stored.get(key) != pick]
    wrong_splits = []
    for reveal_message in reveals:
        daily_id = marked_id(reveal_message)
        expected: dict[str, int] = {}
        for (answered_daily, _member), pick in stored.items():
            if answered_daily == daily_id:
                for letter in pick.split(","):
                    expected[letter] = expected.get(letter, 0) + 1
        shown = {letter: n for letter, n in split_shown(reveal_message).items() if n}
        if shown != expected:
            wrong_splits.append((daily_id, shown, expected))
    print(
        f"\nslack soak: days={DAYS} members={len(MEMBERS)} kills={bot.kills} posts={len(posts)} "
        f"duplicate_posts={duplicates} reveals={len(reveals)} "
        f"missing_reveals={len(missing_reveals)} confirmed_answers={len(confirmed)} "
        f"lost_answers={len(lost)} wrong_splits={len(wrong_splits)}"
    )
    assert bot.kills == KILLS
    assert duplicates == 0, "no question posted twice"
    assert len(revealed) == len(set(revealed)), "no reveal posted twice"
    assert missing_reveals == []
    assert lost == []
    assert wrong_splits == [], wrong_splits
    assert len(posts) == DAYS, "every day was posted (restarts were quick, before the reveal)"
