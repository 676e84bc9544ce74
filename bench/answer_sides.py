"""The clients ``bench/answers.py`` compares, one per platform: the bot or the floor (a bare
client of the same library), each in its own process against its own fake service."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Protocol

from bot.core import custom_ids
from bot.devtools.bot_process import BotProcess
from bot.devtools.fake_discord import FakeDiscord
from bot.devtools.fake_slack import FakeSlack
from bot.devtools.fake_slack.workspace import ResponseUrl
from bot.slack import ids

GUILD, CHANNEL, ORGANISER = (
    920_000_000_000_000_001,
    920_000_000_000_000_010,
    920_000_000_000_000_100,
)
FIRST_MEMBER = 920_000_000_000_100_000
STUDY, ADMIN = "C0FLOOR", "U0ADMIN"  # the channel bench/slack_floor_bot.py posts in
START_DATE = "2026-03-02"
QUESTION_CONTROLS = (custom_ids.ANSWER.prefix, custom_ids.ANSWER_SELECT.prefix)


class Side(Protocol):
    """One client under test: its fake service, its process and how a member answers."""

    name: str
    process: BotProcess

    async def start(self, database_url: str, clock: Path) -> None: ...

    async def stop(self) -> None: ...

    async def today(self) -> bool:
        """Find today's answer button; False when today's question has none."""
        ...

    async def answer(self, member: int) -> None:
        """Member number ``member`` clicks the answer; returns once the reply arrived."""
        ...


class DiscordSide:
    """The bot (``bot.devtools.bot_process``) or the bare discord.py client (``floor_bot``)."""

    def __init__(self, name: str, members: int) -> None:
        self.name = name
        # On a busy machine a reply may miss the 3 s deadline; the run counts those
        # (``late``) instead of ending at the first.
        self.fake = FakeDiscord(timeout=60, interaction_deadline=None)
        self.fake.add_guild(GUILD, "bench", owner_id=ORGANISER)
        self.fake.add_channel(GUILD, CHANNEL, "daily")
        self.fake.add_member(GUILD, ORGANISER, "organiser", manage_guild=True)
        self.members = [FIRST_MEMBER + n for n in range(members)]
        for number, member in enumerate(self.members):
            self.fake.add_member(GUILD, member, f"m{number}")
        self.message_id = 0
        self.custom_id = ""

    async def start(self, database_url: str, clock: Path) -> None:
        await self.fake.start()
        module = "bench.floor_bot" if self.name == "floor" else "bot.devtools.bot_process"
        self.process = BotProcess(
            self.fake.api_url, self.fake.gateway_url, database_url, clock, GUILD, module=module
        )
        await self.process.start()
        if self.name == "floor":
            return
        settings = {"channel": CHANNEL, "timezone": "UTC", "rest_days": "none"}
        await self.fake.slash(
            GUILD,
            CHANNEL,
            ORGANISER,
            "setup",
            {**settings, "start_date": START_DATE},
            subcommand="configure",
        )

    async def stop(self) -> None:
        await self.process.stop()
        await self.fake.stop()

    async def today(self) -> bool:
        if self.name == "floor":
            message = self.fake.messages(CHANNEL)[-1]
        else:  # the latest question (a reveal or an announcement may come after it)
            message = [
                m
                for m in self.fake.messages(CHANNEL)
                if any(c.startswith(QUESTION_CONTROLS) for c in m.custom_ids)
            ][-1]
        self.message_id = message.id
        self.custom_id = message.custom_ids[0]
        return self.name == "floor" or self.custom_id.startswith(custom_ids.ANSWER.prefix)

    async def answer(self, member: int) -> None:
        await self.fake.click(self.members[member], self.message_id, self.custom_id)


class SlackSide:
    """The bot's Slack side (``bot.devtools.slack_bench_process``) or the bare slack-bolt app
    (``slack_floor_bot``). A click counts as answered when its ``respond()`` post arrived."""

    def __init__(self, name: str, members: int) -> None:
        self.name = name
        self.fake = FakeSlack(timeout=60, ack_deadline=60)  # late acks: see DiscordSide
        self.fake.add_user(ADMIN, "orga", display_name="Orga", is_admin=True)
        self.members = [f"U0B{n:06d}" for n in range(members)]
        for number, member in enumerate(self.members):
            self.fake.add_user(member, f"m{number}", display_name=f"Member {number}")
        self.fake.add_channel(STUDY, "pmle-study", members=[ADMIN, *self.members])
        self.ts = ""
        self.action = ""
        self._waiting: dict[int, tuple[ResponseUrl, asyncio.Future[None]]] = {}
        self._watcher: asyncio.Task[None] | None = None

    async def start(self, database_url: str, clock: Path) -> None:
        await self.fake.start()
        self._watcher = asyncio.create_task(self._watch())
        module = (
            "bench.slack_floor_bot" if self.name == "floor" else "bot.devtools.slack_bench_process"
        )
        self.process = BotProcess(self.fake.api_url, "-", database_url, clock, 0, module=module)
        await self.process.start()
        await self.fake.wait_connected()
        if self.name == "floor":
            await self.fake.wait_until(lambda: self.fake.messages(STUDY), what="the floor post")
            return
        opened = await self.fake.slash(ADMIN, STUDY, "/study", "setup")
        modal = await opened.wait_view()
        await self.fake.submit_view(
            ADMIN,
            modal.id,
            {
                "channel": STUDY,
                "timezone": "UTC",
                "post_time": "09:00",
                "reveal_time": "20:00",
                "rest_days": [],
                "start_date": START_DATE,
            },
        )
        await self.fake.wait_until(lambda: self.fake.ephemerals(ADMIN), what="the summary")

    async def stop(self) -> None:
        await self.process.stop()
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        await self.fake.stop()

    async def today(self) -> bool:
        message = [
            m
            for m in self.fake.messages(STUDY)
            if self.name == "floor" or (m.metadata or {}).get("event_type") == ids.QUESTION_EVENT
        ][-1]
        self.ts = message.ts
        self.action = "floor_answer_A" if self.name == "floor" else ids.answer_action("A")
        return any(
            element.get("action_id") == self.action
            for block in message.blocks
            for element in block.get("elements", [])
        )

    async def answer(self, member: int) -> None:
        result = await self.fake.click(self.members[member], self.ts, self.action)
        if not result.acked_in_time or result.response_url is None:
            raise AssertionError(f"no ack in time: {result!r}")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting[id(done)] = (result.response_url, done)
        self._settle()
        await done

    def _settle(self) -> bool:
        """Resolve the clicks whose reply arrived (never True: the watcher keeps waiting)."""
        for key, (record, done) in list(self._waiting.items()):
            if record.posts:
                del self._waiting[key]
                done.set_result(None)
        return False

    async def _watch(self) -> None:
        """One waiter for every pending click, woken by each change of the fake (500
        waiters of their own would all wake up on every reply)."""
        while True:
            with contextlib.suppress(AssertionError):
                await self.fake.wait_until(self._settle, timeout=3600, what="replies")
