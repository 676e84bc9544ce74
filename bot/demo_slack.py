"""``python -m bot demo --platform slack``: the same simulated study group, on Slack.

Runs the real Slack side — services, database, scheduler runner and slack-bolt over Socket
Mode — against the local stand-in for Slack on 127.0.0.1, moves a fake clock through a few
study days and prints what the members see.
"""

from __future__ import annotations

import html
import logging
import random
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import build_services
from bot.config import Settings
from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.demo import show
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.slack import ids
from bot.slack.app import SlackBot

CHANNEL, ORGANISER = "C0DAILY", "U0ORGANISER"
MEMBERS = {"U0ADA": "ada", "U0GRACE": "grace", "U0ALAN": "alan", "U0KATHERINE": "katherine"}
SETUP = {
    "channel": CHANNEL,
    "timezone": "Europe/Berlin",
    "post_time": "09:00",
    "reveal_time": "20:00",
    "rest_days": ["sun"],
    "start_date": "2026-03-06",
}


def render(message: SlackMessage) -> str:
    """What a reader sees: the blocks' texts (or the text), with Slack markup resolved."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "actions":
                labels = [e.get("text", {}).get("text", "") for e in node.get("elements", [])]
                parts.append("[ " + " ] [ ".join(labels) + " ]")
                return
            if isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                if not isinstance(value, str):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.blocks)
    return readable("\n".join(parts) if parts else message.text)


def _local(match: re.Match[str]) -> str:
    """Slack date markup the way a member in Berlin sees it."""
    moment = datetime.fromtimestamp(int(match[1]), tz=ZoneInfo("Europe/Berlin"))
    return f"{moment:%H:%M}" if match[2] == "{time}" else f"{moment:%a %d %b %H:%M}"


def readable(text: str) -> str:
    """Slack markup resolved: dates in Berlin time, mentions and channels by name."""
    text = re.sub(r"<!date\^(\d+)\^([^|>]*)\|[^>]*>", _local, text)
    text = re.sub(r"<@(\w+)(?:\|[^>]*)?>", lambda m: "@" + MEMBERS.get(m[1], m[1]), text)
    return html.unescape(text.replace(f"<#{CHANNEL}>", "#daily-question"))


async def run_slack_demo(days: int, bank: Bank | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)  # a tidy transcript
    logging.getLogger("slack_sdk").setLevel(logging.ERROR)
    rng = random.Random(7)
    clock = FakeClock(datetime(2026, 3, 6, 6, 0, tzinfo=UTC))  # Friday, 07:00 in Berlin
    fake = FakeSlack(clock=clock, timeout=20)
    fake.add_user(ORGANISER, "organiser", display_name="Organiser", is_admin=True)
    for member_id, name in MEMBERS.items():
        fake.add_user(member_id, name, display_name=name.capitalize())
    fake.add_channel(CHANNEL, "daily-question", members=[ORGANISER, *MEMBERS])

    with tempfile.TemporaryDirectory() as folder:
        await fake.start()
        settings = Settings(
            slack_bot_token=fake.bot_token,  # type: ignore[arg-type]
            slack_app_token=fake.app_token,  # type: ignore[arg-type]
            slack_api_url=fake.api_url,
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}",
            catch_up_interval_seconds=3600,
        )
        services = await build_services(settings, clock, bank=bank, platform="slack")
        bot = SlackBot(
            services, bot_token=fake.bot_token, app_token=fake.app_token, api_url=fake.api_url
        )
        try:
            await bot.start()
            await fake.wait_connected()
            await _simulate(fake, bot, clock, rng, days)
        finally:
            await bot.close()
            await services.close()
            await fake.stop()
    return 0


async def _simulate(
    fake: FakeSlack, bot: SlackBot, clock: FakeClock, rng: random.Random, days: int
) -> None:
    print(
        "A simulated Slack study group in Europe/Berlin: questions at 09:00, reveals at 20:00, "
        "Sunday is a rest day."
    )
    opened = await fake.slash(ORGANISER, CHANNEL, "/study", "setup")
    modal = await opened.wait_view()
    await fake.submit_view(ORGANISER, modal.id, SETUP)
    [summary] = await fake.wait_until(lambda: fake.ephemerals(ORGANISER), what="the summary")
    show(
        "organiser runs /study setup and saves the form (only they see this)",
        readable(summary.text),
    )

    day = datetime(2026, 3, 6, tzinfo=UTC)
    simulated = 0
    while simulated < days:
        clock.set(day + timedelta(hours=8))  # 09:00 in Berlin (winter time)
        before = len(fake.messages(CHANNEL))
        await bot.services.runner.run_due()
        posted = fake.messages(CHANNEL)[before:]
        questions = [m for m in posted if _event(m) == ids.QUESTION_EVENT]
        for notice in (m for m in posted if m not in questions):
            show(f"{day:%a %d %b} 09:00 — the bot posts in #daily-question", render(notice))
        if not questions:
            day += timedelta(days=1)
            continue
        question = questions[0]
        show(f"{day:%a %d %b} 09:00 — the bot posts in #daily-question", render(question))
        await _members_answer(fake, bot, question, rng)
        await bot.counts.drain()
        await bot.names.drain()  # display names are looked up after a member's first click
        clock.set(day + timedelta(hours=19))  # 20:00 in Berlin
        before = len(fake.messages(CHANNEL))
        await bot.services.runner.run_due()
        for message in fake.messages(CHANNEL)[before:]:
            show(f"{day:%a %d %b} 20:00 — the reveal", render(message))
        simulated += 1
        day += timedelta(days=1)

    for member_id, name in MEMBERS.items():
        streak = await fake.slash(member_id, CHANNEL, "/study", "streak")
        show(f"{name} runs /study streak (private)", readable((await streak.wait_ephemeral()).text))


def _event(message: SlackMessage) -> str | None:
    return (message.metadata or {}).get("event_type")


async def _members_answer(
    fake: FakeSlack, bot: SlackBot, question: SlackMessage, rng: random.Random
) -> None:
    daily_id = int((question.metadata or {})["event_payload"]["daily_id"])
    card = await bot.services.daily.question_card(daily_id)
    q = card.question
    for index, (member_id, name) in enumerate(MEMBERS.items()):
        if rng.random() < 0.2:
            print(f"  ({name} does not answer today)")
            continue
        knows = rng.random() < 0.6
        pick = list(q.answer) if knows else rng.sample(q.letters, q.choose)
        before = len(fake.ephemerals(member_id))
        if q.choose == 1:
            await fake.click(member_id, question.ts, ids.answer_action(pick[0]))
        else:
            click = await fake.click(member_id, question.ts, ids.CHOOSE)
            modal = await click.wait_view()
            await fake.submit_view(member_id, modal.id, {"letters": pick})
        receipts = await fake.wait_until(_new_ephemerals(fake, member_id, before), what=name)
        if index == 0:
            show(
                f"{name} picks {' and '.join(pick)} (only {name} sees this)",
                readable(receipts[-1].text),
            )
        if index == 1:
            click = await fake.click(member_id, question.ts, ids.REASON)
            modal = await click.wait_view()
            await fake.submit_view(
                member_id,
                modal.id,
                {
                    "reasoning": f"I looked for the deciding phrase and went with {pick[0]}.",
                    "confidence": str(rng.randint(2, 5)),
                },
            )
            print(f"  ({name} adds reasoning in the form)")


def _new_ephemerals(fake: FakeSlack, user: str, before: int) -> Callable[[], list[SlackMessage]]:
    return lambda: fake.ephemerals(user)[before:]
