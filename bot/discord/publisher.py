"""The Discord side of scheduled work (implements ``bot.services.runner.Publisher``).

Every method looks before it acts: the bot's own recent messages carry a footer marker, so a
message sent just before a crash is found again instead of being sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import discord

from bot.content.schema import PlanMessages
from bot.core.states import NoticeKind
from bot.discord import rendering
from bot.discord.daily import render as daily_render
from bot.discord.daily.components import question_view
from bot.discord.mock import render as mock_render
from bot.discord.mock.components import mock_start_view
from bot.discord.notices import direct_message, notice_message
from bot.discord.overview import find_pinned, overview_embed, pin
from bot.discord.permissions import missing_in
from bot.discord.pings import role_ping
from bot.discord.reports.components import reveal_view
from bot.services.daily import QuestionCard, RevealCard
from bot.services.mock import Debrief, MockView
from bot.services.notices import DirectNotice, Notice
from bot.services.overview import Overview
from bot.services.runner import REFUSED, ChannelProblem

log = logging.getLogger(__name__)
HISTORY_LOOKBACK = 50
THREAD_EXISTS = 160004  # Discord: "A thread has already been created for this message"
UNKNOWN_CHANNEL = 10003


@contextlib.asynccontextmanager
async def reporting(channel_id: str, what: str = "my post") -> AsyncIterator[None]:
    """Turn Discord's refusals about the study channel into a ChannelProblem that the
    runner reports to organisers; anything else (5xx after retries, …) propagates.

    A 400 means Discord will refuse the same message every time (code ``refused:…``): the
    runner does not retry it, so the day goes on without it."""
    try:
        yield
    except discord.Forbidden as error:
        raise ChannelProblem(
            "forbidden",
            f"Discord refused my post in <#{channel_id}> ({error.text or 'missing access'}). "
            "Check my role's permissions there: View Channel, Send Messages, Embed Links, "
            "Read Message History, Create Public Threads, Send Messages in "
            "Threads.",
        ) from error
    except discord.NotFound as error:
        if error.code == UNKNOWN_CHANNEL:
            raise ChannelProblem(
                "deleted",
                f"The study channel (id {channel_id}) no longer exists. An organiser can pick "
                "another with `/setup configure channel:`.",
            ) from error
        raise
    except discord.HTTPException as error:
        if error.status != 400:
            raise
        raise ChannelProblem(
            f"{REFUSED}:{what}",
            f"Discord refused {what} in <#{channel_id}> ({error.text or 'bad request'}), so "
            "it was not posted. The next study day goes on as usual.",
        ) from error


class DiscordPublisher:
    #: Discord limits the bot as a whole (50 requests/s): groups taken one at a time keep
    #: under it, where side by side they would meet it in a storm of 429s.
    groups_at_once = 1

    def __init__(self, client: discord.Client, messages: PlanMessages) -> None:
        self._client = client
        self._plan_messages = messages
        self._message_locks: dict[int, asyncio.Lock] = {}

    def message_lock(self, daily_id: int) -> asyncio.Lock:
        """Serialises edits of one question message, so a late count update can never
        re-open a message that was just closed."""
        return self._message_locks.setdefault(daily_id, asyncio.Lock())

    def channel(self, channel_id: str) -> discord.TextChannel | discord.PartialMessageable:
        """Where to post in a group's channel (used by commands that announce)."""
        return self._channel(channel_id)

    def _channel(self, channel_id: str) -> discord.TextChannel | discord.PartialMessageable:
        """The cached channel (it knows its server, which threads need), else a partial one:
        REST calls work before the gateway has delivered the server."""
        channel = self._client.get_channel(int(channel_id))
        if isinstance(channel, discord.TextChannel):
            return channel
        return self._client.get_partial_messageable(int(channel_id))

    async def _find_own(self, channel_id: str, tag: str) -> str | None:
        me = self._client.user
        async with reporting(channel_id):
            async for message in self._channel(channel_id).history(limit=HISTORY_LOOKBACK):
                if me is not None and message.author.id != me.id:
                    continue
                for embed in message.embeds:
                    footer = (embed.footer.text or "") if embed.footer else ""
                    if footer.split(" · ")[0] == tag:
                        return str(message.id)
        return None

    async def find_question(self, card: QuestionCard) -> str | None:
        return await self._find_own(card.channel_id, rendering.tag(card.marker))

    async def publish_question(self, card: QuestionCard) -> str:
        # Look first only when an earlier attempt may have sent it before a crash.
        existing = None if card.fresh_claim else await self.find_question(card)
        if existing is not None:
            log.info("question for daily %s was already posted; not posting again", card.daily_id)
            return existing
        async with reporting(card.channel_id, f"the question of {card.study_date:%a %d %b}"):
            message = await self._channel(card.channel_id).send(
                embed=daily_render.question_embed(card),
                view=question_view(card),
                **role_ping(card.ping_role_id),
            )
        return str(message.id)

    async def publish_overview(self, overview: Overview) -> str:
        channel = self._channel(overview.channel_id)
        embed = overview_embed(overview)
        tag = rendering.tag(overview.marker)
        me = self._client.user.id if self._client.user else 0
        async with reporting(overview.channel_id, "the overview"):
            found = overview.message_id
            if not found and not overview.fresh:
                found = await find_pinned(channel, me, tag)
                found = found or await self._find_own(overview.channel_id, tag)
            if found:
                try:
                    await channel.get_partial_message(int(found)).edit(embed=embed)
                    return found
                except discord.NotFound:
                    pass  # deleted (or in a former channel): post a new one
            message = await channel.send(
                embed=embed, allowed_mentions=discord.AllowedMentions.none()
            )
        await pin(message)
        return str(message.id)

    async def publish_reveal(self, card: RevealCard) -> str:
        tag = rendering.tag(card.marker)
        existing = await self._find_own(card.channel_id, tag)
        if existing is not None:
            return existing
        day = f"{card.study_date:%a %d %b}"
        extra: dict[str, Any] = {}
        moved = card.channel_id != card.question_channel_id
        question_link = None
        if moved:
            question_link = await self._question_link(card)
        elif card.question_message_id:
            extra["reference"] = discord.MessageReference(
                message_id=int(card.question_message_id),
                channel_id=int(card.channel_id),
                fail_if_not_exists=False,
            )
        text, reveal = daily_render.reveal_message(card, question_link)
        async with reporting(card.channel_id, f"the reveal of the question of {day}"):
            message = await self._channel(card.channel_id).send(
                content=text,
                embeds=reveal,
                view=reveal_view(card.daily_id),
                allowed_mentions=discord.AllowedMentions.none(),
                **extra,
            )
        if moved:
            where = (
                "which is no longer the study channel"
                if question_link
                else "which no longer exists (or I cannot see it any more)"
            )
            await self.report_to_organisers(
                card.guild_id,
                f"The question of {day} was posted in <#{card.question_channel_id}>, {where}; "
                f"I posted its reveal in <#{card.channel_id}>: "
                f"{rendering.message_link(card.guild_id, card.channel_id, str(message.id))}",
            )
        return str(message.id)

    async def redraw_reveal(self, card: RevealCard) -> None:
        """Edit a posted reveal to what it shows now; a reveal that is gone stays gone."""
        if card.reveal_message_id is None:
            return
        message = self._channel(card.channel_id).get_partial_message(int(card.reveal_message_id))
        try:
            await message.edit(
                embeds=daily_render.reveal_embeds(card),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except (discord.NotFound, discord.Forbidden):
            log.info("reveal %s could not be redrawn: message or channel gone", card.daily_id)

    async def _question_link(self, card: RevealCard) -> str | None:
        """A link to the question message in its old channel, when it is still there."""
        if card.question_message_id is None:
            return None
        try:
            await self._channel(card.question_channel_id).fetch_message(
                int(card.question_message_id)
            )
        except (discord.NotFound, discord.Forbidden):
            return None
        return rendering.message_link(
            card.guild_id, card.question_channel_id, card.question_message_id
        )

    async def open_thread(self, card: RevealCard, reveal_message_id: str) -> str | None:
        channel = self._channel(card.channel_id)
        message = channel.get_partial_message(int(reveal_message_id))
        name = f"Discuss · {card.study_date:%d %b} · {card.domain_name}"[:100]
        try:
            thread = await message.create_thread(name=name, auto_archive_duration=1440)
        except discord.HTTPException as error:
            if error.code == THREAD_EXISTS:
                full = await channel.fetch_message(int(reveal_message_id))
                return str(full.thread.id) if full.thread else None
            if 400 <= error.status < 500:  # refused for good: the reveal stands without one
                log.warning(
                    "could not open a thread in channel %s: %s", card.channel_id, error.text
                )
                return None
            raise
        await thread.send(
            daily_render.discussion_prompt(card.question),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        return str(thread.id)

    async def check_channel(self, guild_id: str, channel_id: str) -> None:
        missing = missing_in(self._client.get_guild(int(guild_id)), int(channel_id))
        if missing:
            raise ChannelProblem(
                "missing:" + ",".join(m.split()[0].lower() for m in missing),
                f"I cannot run the study group in <#{channel_id}>: I am missing "
                f"{', '.join(missing)}. Give my role those permissions there, or pick another "
                "channel with `/setup configure channel:`.",
            )

    async def report_to_organisers(self, guild_id: str, message: str) -> bool:
        guild = self._client.get_guild(int(guild_id))
        if guild is None or guild.owner_id is None:
            return False
        try:
            channel = await self._client.create_dm(discord.Object(guild.owner_id))
            await channel.send(f"⚠ Study group in **{guild.name}**: {message}")
        except discord.HTTPException:
            log.warning("could not tell the owner of server %s about a problem", guild_id)
            return False
        return True

    async def publish_notice(self, notice: Notice) -> str:
        """Post a notice (a week merging several themes takes a message per theme); a part
        found already posted is not posted again. Returns the first message's id."""
        content, parts = notice_message(notice, self._plan_messages)
        ids = []
        for number, embed in enumerate(parts):
            found = await self._find_own(notice.channel_id, rendering.tag(notice.marker, number))
            if found is None:
                async with reporting(notice.channel_id):
                    message = await self._channel(notice.channel_id).send(
                        content=(content or None) if number == 0 else None,
                        embed=embed,
                        allowed_mentions=discord.AllowedMentions.none(),
                    )
                found = str(message.id)
            ids.append(found)
        return ids[0]

    async def send_direct(self, notice: DirectNotice) -> bool:
        content, parts = direct_message(notice, self._plan_messages)
        try:
            channel = await self._client.create_dm(discord.Object(int(notice.member_external_id)))
            await channel.send(content=content, embeds=parts[:1])
            for embed in parts[1:]:
                await channel.send(embed=embed)
        except discord.Forbidden:
            log.info(
                "member %s does not accept DMs; %s reminder not delivered",
                notice.member_external_id,
                notice.kind,
            )
            return False
        return True

    async def publish_mock_reminder(self, mock: MockView, kind: NoticeKind) -> None:
        tag = rendering.tag(mock.marker(kind))
        if await self._find_own(mock.channel_id, tag) is not None:
            return
        async with reporting(mock.channel_id):
            await self._channel(mock.channel_id).send(
                embed=mock_render.mock_reminder_embed(mock, kind, tag),
                **role_ping(mock.ping_role_id),
            )

    async def interested_members(self, mock: MockView) -> list[str]:
        guild = self._client.get_guild(int(mock.guild_id))
        if guild is None or mock.event_id is None:
            return []
        try:
            event = await guild.fetch_scheduled_event(int(mock.event_id))
            return [str(user.id) async for user in event.users()]
        except discord.HTTPException:
            log.warning("could not read who is interested in mock night %s", mock.id)
            return []

    async def send_mock_dm(self, member_external_id: str, mock: MockView, kind: NoticeKind) -> bool:
        try:
            channel = await self._client.create_dm(discord.Object(int(member_external_id)))
            await channel.send(mock_render.mock_dm_text(mock, kind))
        except discord.Forbidden:
            return False
        return True

    async def publish_mock_start(self, mock: MockView) -> str:
        tag = rendering.tag(mock.marker("start"))
        existing = await self._find_own(mock.channel_id, tag)
        if existing is not None:
            return existing
        async with reporting(mock.channel_id):
            message = await self._channel(mock.channel_id).send(
                embed=mock_render.mock_start_embed(mock, tag), view=mock_start_view(mock.id)
            )
        return str(message.id)

    async def publish_debrief(self, debrief: Debrief) -> str:
        mock = debrief.mock
        tag = rendering.tag(mock.marker("debrief"))
        existing = await self._find_own(mock.channel_id, tag)
        if existing is not None:
            return existing
        channel = self._channel(mock.channel_id)
        async with reporting(mock.channel_id):
            message = await channel.send(
                embed=mock_render.debrief_embed(debrief, tag),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        try:
            thread = await channel.get_partial_message(message.id).create_thread(
                name=f"Mock night debrief · {mock.starts_at:%d %b}", auto_archive_duration=1440
            )
            for number, (question, right, asked) in enumerate(debrief.hardest, start=1):
                await thread.send(
                    embed=mock_render.debrief_question_embed(number, question, right, asked)
                )
        except discord.HTTPException:
            log.warning("could not open the debrief thread of mock night %s", mock.id)
        return str(message.id)

    async def close_question(self, card: QuestionCard) -> None:
        async with self.message_lock(card.daily_id):
            await self._edit_question(card)
        self._message_locks.pop(card.daily_id, None)

    async def refresh_count(self, load: Callable[[], Awaitable[QuestionCard]]) -> None:
        """Show the current number of answers (a count only, never who picked what)."""
        card = await load()
        async with self.message_lock(card.daily_id):
            card = await load()  # read again under the lock: it may have closed meanwhile
            if not card.closed:
                await self._edit_question(card)

    async def _edit_question(self, card: QuestionCard) -> None:
        if card.message_id is None:
            return
        message = self._channel(card.channel_id).get_partial_message(int(card.message_id))
        try:
            await message.edit(embed=daily_render.question_embed(card), view=question_view(card))
        except discord.HTTPException as error:
            if error.status >= 500:
                raise
            # Gone, out of reach or refused for good: the day goes on without this update.
            log.warning("could not update question message %s: %s", card.message_id, error.text)
