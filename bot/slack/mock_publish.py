"""The Slack side of a mock night's scheduled work (the runner's mock methods of
``bot.services.runner.Publisher``): reminders in the channel and by DM to members who said
they are going, the "the exam is open" post and the debrief with its thread.

Each of these comes once per night, so before posting the start or the debrief the poster
looks for it in recent history (a crash may have come between posting and recording it);
reminders are claimed once in the database before they are posted."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.services.mock import Debrief, MockView
from bot.slack import ids, mock_cards
from bot.slack.pings import ping_blocks, ping_text
from bot.slack.posting import HISTORY_LOOKBACK, reporting

log = logging.getLogger(__name__)


class MockPoster:
    def __init__(
        self,
        client: AsyncWebClient,
        app_name: str,
        going: Callable[[int], Awaitable[list[str]]],
        domain_names: dict[str, str],
        dm: Callable[[str, str], Awaitable[bool]],
    ) -> None:
        self._client = client
        self._app_name = app_name
        self._going = going
        self._names = domain_names
        self._dm = dm

    async def _post(self, channel_id: str, **body: Any) -> str:
        async with reporting(channel_id, self._app_name):
            response = await self._client.chat_postMessage(channel=channel_id, **body)
        return str(response["ts"])

    async def _find(self, channel_id: str, event_type: str, mock_id: int) -> str | None:
        async with reporting(channel_id, self._app_name):
            response = await self._client.conversations_history(
                channel=channel_id, limit=HISTORY_LOOKBACK, include_all_metadata=True
            )
        for message in response.get("messages") or []:
            marked = mock_cards.marked_mock(message, event_type)
            if marked is not None and marked[0] == mock_id:
                return str(message["ts"])
        return None

    async def publish_reminder(self, mock: MockView, kind: str) -> None:
        await self._post(
            mock.channel_id,
            text=ping_text(mock_cards.reminder_fallback(mock, kind), mock.ping_members),
            blocks=[
                *mock_cards.reminder_blocks(mock, kind, self._names),
                *ping_blocks(mock.ping_members),
            ],
            metadata=mock_cards.mock_marker(ids.MOCK_REMINDER_EVENT, mock.id, kind),
        )

    async def interested_members(self, mock: MockView) -> list[str]:
        """Members who answered "Going" on the announcement."""
        return await self._going(mock.id)

    async def send_dm(self, member_external_id: str, mock: MockView, kind: str) -> bool:
        return await self._dm(member_external_id, mock_cards.reminder_dm_text(mock, kind))

    async def tell_going(self, mock: MockView, text: str) -> int:
        """A DM to every member going to the night (a change or a cancellation); how many
        got it."""
        told = 0
        for member in await self._going(mock.id):
            told += await self._dm(member, text)
        return told

    async def publish_start(self, mock: MockView) -> str:
        found = await self._find(mock.channel_id, ids.MOCK_START_EVENT, mock.id)
        if found is not None:
            return found
        return await self._post(
            mock.channel_id,
            text=mock_cards.start_fallback(mock),
            blocks=mock_cards.start_blocks(mock),
            metadata=mock_cards.mock_marker(ids.MOCK_START_EVENT, mock.id),
        )

    async def publish_debrief(self, debrief: Debrief) -> str:
        """The debrief, then one reply per hard question in its thread (those already
        there after a crash are not posted again)."""
        mock = debrief.mock
        found = await self._find(mock.channel_id, ids.MOCK_DEBRIEF_EVENT, mock.id)
        ts = found or await self._post(
            mock.channel_id,
            text=mock_cards.debrief_fallback(debrief),
            blocks=mock_cards.debrief_blocks(debrief),
            metadata=mock_cards.mock_marker(ids.MOCK_DEBRIEF_EVENT, mock.id),
        )
        posted: set[str] = set()
        if found is not None:
            async with reporting(mock.channel_id, self._app_name):
                replies = await self._client.conversations_replies(
                    channel=mock.channel_id, ts=ts, include_all_metadata=True
                )
            for message in replies.get("messages") or []:
                marked = mock_cards.marked_mock(message, ids.MOCK_HARD_EVENT)
                if marked is not None and marked[0] == mock.id:
                    posted.add(marked[1])
        for number, (question, right, asked) in enumerate(debrief.hardest, start=1):
            if str(number) in posted:
                continue
            await self._post(
                mock.channel_id,
                thread_ts=ts,
                text=f"Hard question {number} · {right} of {asked} right",
                blocks=mock_cards.hard_question_blocks(number, question, right, asked),
                metadata=mock_cards.mock_marker(ids.MOCK_HARD_EVENT, mock.id, str(number)),
            )
        return ts
