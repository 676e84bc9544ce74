"""Running the real Slack side of the bot (slack-bolt over Socket Mode, services, scheduler,
database) against the fake Slack, with a fake clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bot.app import build_services
from bot.config import Settings
from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack, SlackMessage
from bot.slack.app import SlackBot
from bot.slack.ids import QUESTION_EVENT, REVEAL_EVENT

TEAM = "T0FAKETEAM"  # the fake workspace's team id
STUDY, NO_BOT, OLD = "C0STUDY", "C0NOBOT", "C0OLD"
ADMIN, OWNER = "U0ADMIN", "U0OWNER"
MEMBERS = ("U0ADA", "U0BOB", "U0CEC")
SETUP = {
    "channel": STUDY,
    "timezone": "Europe/Berlin",
    "post_time": "09:00",
    "reveal_time": "20:00",
    "rest_days": ["sun"],
    "start_date": "2026-03-02",
}


def build_world(fake: FakeSlack) -> None:
    fake.add_user(ADMIN, "orga", display_name="Orga", tz="Europe/Berlin", is_admin=True)
    fake.add_user(OWNER, "owner", display_name="Owner", is_owner=True)
    for number, member in enumerate(MEMBERS, start=1):
        fake.add_user(member, f"member{number}", display_name=f"Member {number}")
    people = [ADMIN, OWNER, *MEMBERS]
    fake.add_channel(STUDY, "pmle-study", members=people)
    fake.add_channel(NO_BOT, "random", members=people, bot_member=False)
    fake.add_channel(OLD, "old-study", members=people, archived=True)


@dataclass
class RunningSlack:
    bot: SlackBot
    fake: FakeSlack

    async def run_due(self) -> None:
        """What the scheduler's jobs do at their time (the clock is fake, so we call it)."""
        await self.bot.names.drain()  # lookups started by clicks finish long before a post
        await self.bot.services.runner.run_due()
        await self.bot.counts.drain()

    def posts(self, event_type: str) -> list[SlackMessage]:
        """The bot's messages in the study channel marked ``event_type``."""
        return [
            m
            for m in self.fake.messages(STUDY)
            if (m.metadata or {}).get("event_type") == event_type
        ]

    def questions(self) -> list[SlackMessage]:
        return self.posts(QUESTION_EVENT)

    def reveals(self) -> list[SlackMessage]:
        return self.posts(REVEAL_EVENT)


def block_text(message: SlackMessage) -> str:
    """Every text of a message's blocks, joined (what a reader sees)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.blocks)
    return "\n".join(parts)


async def set_up_group(fake: FakeSlack, **changes: Any) -> Any:
    """An admin runs ``/study setup`` and saves the modal; returns the submission result
    once the admin has the private summary (when it was saved)."""
    opened = await fake.slash(ADMIN, STUDY, "/study", "setup")
    modal = await opened.wait_view()
    before = len(fake.ephemerals(ADMIN))
    result = await fake.submit_view(ADMIN, modal.id, {**SETUP, **changes})
    if not result.view_errors:
        await fake.wait_until(lambda: fake.ephemerals(ADMIN)[before:], what="the summary")
    return result


@asynccontextmanager
async def running_slack(
    fake: FakeSlack, database_url: str, clock: FakeClock, **overrides: object
) -> AsyncIterator[RunningSlack]:
    values: dict[str, object] = {
        "slack_bot_token": fake.bot_token,
        "slack_app_token": fake.app_token,
        "slack_api_url": fake.api_url,
        "database_url": database_url,
        "catch_up_interval_seconds": 3600,
        **overrides,
    }
    settings = Settings(**values)  # type: ignore[arg-type]
    services = await build_services(settings, clock, platform="slack")
    bot = SlackBot(
        services,
        bot_token=fake.bot_token,
        app_token=fake.app_token,
        api_url=fake.api_url,
    )
    try:
        await bot.start()
        await fake.wait_connected()
        await bot.services.runner.run_due()  # the start-up catch-up has run
        yield RunningSlack(bot, fake)
    finally:
        await bot.close()
        await services.close()
