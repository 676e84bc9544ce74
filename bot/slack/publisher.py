"""The Slack side of scheduled work (implements ``bot.services.runner.Publisher``).

Posts carry message ``metadata`` (``event_type`` and the daily question's id). Slack
throttles ``conversations.history`` for many apps (1 request a minute, 15 items), so the
publisher looks there only for work that may have been attempted before a crash: a question
claimed or a reveal begun in an earlier pass.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.daily import QuestionCard, RevealCard
from bot.services.mock import Debrief, MockView
from bot.services.notices import DirectNotice, Notice
from bot.services.overview import Overview
from bot.slack import cards, ids
from bot.slack.mock_publish import MockPoster
from bot.slack.notices import direct_text, notice_blocks, notice_fallback
from bot.slack.overview import publish_overview
from bot.slack.pings import ping_blocks, ping_text
from bot.slack.posting import HISTORY_LOOKBACK, channel_problem, reporting

log = logging.getLogger(__name__)
NOTICE_EVENT = "study_notice"


async def _nobody(mock_id: int) -> list[str]:
    return []


class SlackPublisher:
    platform = "slack"
    #: Slack limits each workspace on its own, and posts to about one per second per
    #: channel: a group waiting out its channel's pace must not hold up the others. A group
    #: keeps its slot while it waits, so with 200 slots 1,000 groups on their first day
    #: (three posts each, a second apart) took five rounds of waiting: 32.7 s against 20.8 s
    #: with every group at once, the rest of that time being the bot's own work.
    groups_at_once = 1000

    def __init__(
        self,
        client: AsyncWebClient,
        organisers: Callable[[str], Awaitable[list[str]]],
        app_name: str = "Study Bot",
        *,
        going: Callable[[int], Awaitable[list[str]]] = _nobody,
        domain_names: dict[str, str] | None = None,
    ) -> None:
        self._client = client
        self._organisers = organisers
        self.app_name = app_name
        self._message_locks: dict[int, asyncio.Lock] = {}
        self.mocks = MockPoster(client, app_name, going, domain_names or {}, self._dm)

    def message_lock(self, daily_id: int) -> asyncio.Lock:
        """Serialises edits of one question message: a late count update can never re-open
        a message that was just closed."""
        return self._message_locks.setdefault(daily_id, asyncio.Lock())

    async def _post(self, channel_id: str, **body: Any) -> str:
        async with reporting(channel_id, self.app_name):
            response = await self._client.chat_postMessage(channel=channel_id, **body)
        return str(response["ts"])

    async def _find_marked(self, channel_id: str, event_type: str, key: int) -> str | None:
        """The ts of our recent message marked ``event_type`` for ``key``, if any."""
        async with reporting(channel_id, self.app_name):
            response = await self._client.conversations_history(
                channel=channel_id, limit=HISTORY_LOOKBACK, include_all_metadata=True
            )
        messages: list[dict[str, Any]] = response.get("messages") or []
        for message in messages:
            if cards.marked_daily_id(message, event_type) == key:
                return str(message["ts"])
        return None

    async def find_question(self, card: QuestionCard) -> str | None:
        return await self._find_marked(card.channel_id, ids.QUESTION_EVENT, card.daily_id)

    async def publish_question(self, card: QuestionCard) -> str:
        existing = None if card.fresh_claim else await self.find_question(card)
        if existing is not None:
            log.info("question for daily %s was already posted; not posting again", card.daily_id)
            return existing
        return await self._post(
            card.channel_id,
            text=ping_text(cards.question_fallback(card), card.ping_members),
            blocks=[*cards.question_blocks(card), *ping_blocks(card.ping_members)],
            metadata=cards.metadata(ids.QUESTION_EVENT, card.daily_id),
            unfurl_links=False,
        )

    async def publish_reveal(self, card: RevealCard) -> str:
        if not card.fresh_reveal:
            found = await self._find_marked(card.channel_id, ids.REVEAL_EVENT, card.daily_id)
            if found is not None:
                return found
        return await self._post(
            card.channel_id,
            text=cards.reveal_fallback(card),
            blocks=cards.reveal_blocks(card),
            metadata=cards.metadata(ids.REVEAL_EVENT, card.daily_id),
            unfurl_links=False,
        )

    async def open_thread(self, card: RevealCard, reveal_message_id: str) -> str | None:
        """Slack threads hang off a message: the thread is the reveal's, opened by a first
        reply that invites the discussion."""
        if not card.fresh_reveal:
            async with reporting(card.channel_id, self.app_name):
                replies = await self._client.conversations_replies(
                    channel=card.channel_id, ts=reveal_message_id, include_all_metadata=True
                )
            thread: list[dict[str, Any]] = replies.get("messages") or []
            for message in thread:
                if cards.marked_daily_id(message, ids.DISCUSSION_EVENT) == card.daily_id:
                    return reveal_message_id
        await self._post(
            card.channel_id,
            thread_ts=reveal_message_id,
            text=cards.discussion_prompt(card.question),
            metadata=cards.metadata(ids.DISCUSSION_EVENT, card.daily_id),
        )
        return reveal_message_id

    async def close_question(self, card: QuestionCard) -> None:
        """Slack buttons cannot be disabled: the actions give way to a line that links to
        the reveal."""
        if card.message_id is None:
            return
        link = None
        if card.reveal_message_id:
            async with reporting(card.channel_id, self.app_name):
                response = await self._client.chat_getPermalink(
                    channel=card.channel_id, message_ts=card.reveal_message_id
                )
            link = str(response["permalink"])
        async with self.message_lock(card.daily_id), reporting(card.channel_id, self.app_name):
            await self._client.chat_update(
                channel=card.channel_id,
                ts=card.message_id,
                text=cards.question_fallback(card),
                blocks=cards.question_blocks(card, cards.closed_line(card, link)),
            )

    async def refresh_count(self, card_of: Callable[[], Awaitable[QuestionCard]]) -> None:
        """Show the current answer count on an open question (the live count)."""
        card = await card_of()
        async with self.message_lock(card.daily_id):
            card = await card_of()  # the question may have closed while we waited
            if card.closed or card.message_id is None:
                return
            await self._client.chat_update(
                channel=card.channel_id,
                ts=card.message_id,
                text=cards.question_fallback(card),
                blocks=cards.question_blocks(card),
            )

    async def redraw_reveal(self, card: RevealCard) -> None:
        """Edit a posted reveal to what it shows now (after a member was forgotten); a
        reveal that is gone stays gone."""
        if card.reveal_message_id is None:
            return
        try:
            await self._client.chat_update(
                channel=card.channel_id,
                ts=card.reveal_message_id,
                text=cards.reveal_fallback(card),
                blocks=cards.reveal_blocks(card),
            )
        except SlackApiError as error:
            log.info("reveal %s not redrawn: %s", card.daily_id, error.response.get("error"))

    async def check_channel(self, guild_id: str, channel_id: str) -> None:
        async with reporting(channel_id, self.app_name):
            response = await self._client.conversations_info(channel=channel_id)
        channel = response["channel"]
        if channel.get("is_archived"):
            raise channel_problem("is_archived", channel_id, self.app_name)
        if not channel.get("is_member"):
            raise channel_problem("not_in_channel", channel_id, self.app_name)

    async def report_to_organisers(self, guild_id: str, message: str) -> bool:
        """A DM to each of the group's organisers (those who set it up)."""
        told = False
        for user_id in await self._organisers(guild_id):
            told = await self._dm(user_id, f"⚠️ A problem with the study group: {message}") or told
        return told

    async def _dm(self, user_id: str, text: str) -> bool:
        try:
            opened = await self._client.conversations_open(users=user_id)
            await self._client.chat_postMessage(channel=opened["channel"]["id"], text=text)
        except SlackApiError as error:
            log.info("could not DM %s: %s", user_id, error.response.get("error"))
            return False
        return True

    async def publish_overview(self, overview: Overview) -> str:
        return await publish_overview(self._client, overview, self.app_name)

    async def publish_notice(self, notice: Notice) -> str:
        if not notice.fresh:
            found = await self._find_marked(notice.channel_id, NOTICE_EVENT, notice.announcement_id)
            if found is not None:
                return found
        return await self._post(
            notice.channel_id,
            text=notice_fallback(notice),
            blocks=notice_blocks(notice),
            metadata=cards.metadata(NOTICE_EVENT, notice.announcement_id),
        )

    async def send_direct(self, notice: DirectNotice) -> bool:
        return await self._dm(notice.member_external_id, direct_text(notice))

    # Mock nights (``bot.slack.mock_publish``).

    async def publish_mock_reminder(self, mock: MockView, kind: str) -> None:
        await self.mocks.publish_reminder(mock, kind)

    async def interested_members(self, mock: MockView) -> list[str]:
        return await self.mocks.interested_members(mock)

    async def send_mock_dm(self, member_external_id: str, mock: MockView, kind: str) -> bool:
        return await self.mocks.send_dm(member_external_id, mock, kind)

    async def publish_mock_start(self, mock: MockView) -> str:
        return await self.mocks.publish_start(mock)

    async def publish_debrief(self, debrief: Debrief) -> str:
        return await self.mocks.publish_debrief(debrief)
