"""Mock-exam nights on Slack: ``/study mock schedule|edit|cancel|list`` (organisers schedule,
everyone lists), the announcement with its RSVP buttons (kept in our database: Slack has no
scheduled events) and the ``.ics`` file a member gets privately.

The announcement's ts is kept as the night's event id, so an edit or a cancellation
redraws it in place. The exam itself is :mod:`bot.slack.mock_exam`."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.calendar import ics
from bot.core.errors import InvalidInput, NotFound, UserFacingError
from bot.services.mock import MockView
from bot.slack import ids, mock_cards, mock_exam
from bot.slack.blocks import escape, local_time
from bot.slack.errors import refusal_text
from bot.slack.mock_publish import MockPoster
from bot.slack.pings import ping_blocks, ping_text
from bot.slack.router import Call, Router, actor

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

log = logging.getLogger(__name__)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^\d{1,2}:\d{2}$")
KEYS = ("date", "time", "questions", "minutes", "focus", "pace")
USAGE = (
    "`/study mock schedule YYYY-MM-DD HH:MM [questions:50] [minutes:120] [focus:<section>] [pace:3]` · "
    "`/study mock edit <number> [YYYY-MM-DD] [HH:MM] [questions:N] [minutes:N] "
    "[focus:<section>|none] [pace:N]` · `/study mock cancel <number>` · `/study mock list`"
)
NO_GROUP = "This workspace has no study group yet: an organiser runs `/study setup`."
NOT_ORGANISER = (
    "Only organisers {what}: workspace owners and admins, and members an organiser added to "
    "the group's organisers. `/study mock list` shows the nights to come."
)


@dataclass(frozen=True)
class MockArgs:
    """What an organiser typed after ``schedule`` or ``edit``."""

    number: int | None = None
    date: str | None = None
    time: str | None = None
    questions: int | None = None
    minutes: int | None = None
    focus: str | None = None
    pace: int | None = None


def parse_args(text: str, *, numbered: bool) -> MockArgs:
    """Date and time as words (or ``date:``/``time:``), the rest as ``key:value``; every
    problem is named at once."""
    words = text.split()
    problems: list[str] = []
    number = None
    if numbered:
        first = words.pop(0) if words else ""
        if first.lstrip("#").isdigit():
            number = int(first.lstrip("#"))
        else:
            problems.append("Give the night's number first, as `/study mock list` shows it.")
    given: dict[str, str] = {}
    for word in words:
        if DATE.match(word):
            given["date"] = word
            continue
        if TIME.match(word):
            given["time"] = word
            continue
        key, sep, value = word.partition(":") if ":" in word else word.partition("=")
        if sep and value and key.lower() in KEYS:
            given[key.lower()] = value
        else:
            problems.append(f"I do not understand “{escape(word)}”.")
    numbers: dict[str, int | None] = {}
    for key in ("questions", "minutes", "pace"):
        raw = given.get(key)
        if raw is not None and not raw.isdigit():
            problems.append(f"{key.capitalize()} must be a whole number, not “{escape(raw)}”.")
        numbers[key] = int(raw) if raw and raw.isdigit() else None
    if problems:
        raise InvalidInput([*problems, f"Usage: {USAGE}"])
    return MockArgs(
        number,
        given.get("date"),
        given.get("time"),
        numbers["questions"],
        numbers["minutes"],
        given.get("focus"),
        numbers["pace"],
    )


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    services = bot.services
    names = {d.slug: d.name for d in services.bank.exam.domains}
    title = services.bank.exam.mock_title
    locks: dict[int, asyncio.Lock] = {}

    async def night(team: str, mock_id: int) -> MockView:
        for mock in await services.mocks.upcoming(team, services.clock.now()):
            if mock.id == mock_id:
                return mock
        raise NotFound(f"Mock night #{mock_id} is not coming up (cancelled or over).")

    async def redraw(client: AsyncWebClient, mock: MockView, *, cancelled: bool = False) -> None:
        """The announcement, redrawn with the night's time and who is coming."""
        if mock.event_id is None:
            return
        async with locks.setdefault(mock.id, asyncio.Lock()):
            count = await services.mock_rsvps.count(mock.id)
            try:
                await client.chat_update(
                    channel=mock.channel_id,
                    ts=mock.event_id,
                    text=mock_cards.announcement_fallback(mock, title(mock.id)),
                    blocks=mock_cards.announcement_blocks(
                        mock, count, names, title(mock.id), cancelled
                    ),
                )
            except SlackApiError as error:
                log.warning("could not redraw the announcement of mock %s: %s", mock.id, error)

    @router.add(
        "mock",
        "`/study mock [list|schedule|edit|cancel]`",
        "mock-exam nights: the list; organisers schedule, change and cancel them",
        aliases=("mocks",),
    )
    async def mock_command(call: Call) -> None:
        word, _, rest = call.args.partition(" ")
        word = word.lower()
        if await services.groups.get("slack", call.team, services.clock.now()) is None:
            await call.reply(NO_GROUP)
            return
        if word in ("", "list"):
            upcoming = await services.mocks.upcoming(call.team, services.clock.now())
            await call.reply(mock_cards.mock_list_text(upcoming, names))
            return
        if word not in ("schedule", "edit", "cancel"):
            await call.reply(f"I do not know `/study mock {escape(word)}`. {USAGE}")
            return
        if not await call.is_organiser():
            what = {
                "schedule": "schedule mock-exam nights",
                "edit": "change mock-exam nights",
                "cancel": "cancel mock-exam nights",
            }[word]
            await call.reply(NOT_ORGANISER.format(what=what))
            return
        try:
            await organise(call, word, rest)
        except InvalidInput as error:
            if any("exam section" in p for p in error.problems):
                sections = ", ".join(f"`{slug}` ({name})" for slug, name in names.items())
                raise InvalidInput([*error.problems, f"Sections: {sections}."]) from error
            raise

    async def organise(call: Call, word: str, rest: str) -> None:
        now = services.clock.now()
        if word == "schedule":
            args = parse_args(rest, numbered=False)
            if args.date is None or args.time is None:
                raise InvalidInput([f"Give the day and the start time. Usage: {USAGE}"])
            mock = await services.mocks.schedule(
                call.team,
                args.date,
                args.time,
                args.questions,
                args.minutes,
                args.focus,
                now,
                pace=args.pace,
            )
            note = await announce(call.client, mock)
            await call.reply(f"Scheduled: {mock_cards.mock_line(mock, names)}{note}")
        elif word == "edit":
            args = parse_args(rest, numbered=True)
            assert args.number is not None
            mock = await services.mocks.edit(
                call.team,
                args.number,
                args.date,
                args.time,
                args.questions,
                args.minutes,
                args.focus,
                now,
                pace=args.pace,
            )
            await redraw(call.client, mock)
            await poster().tell_going(mock, mock_cards.changed_dm_text(mock, names))
            await call.reply(f"Changed: {mock_cards.mock_line(mock, names)}")
        else:
            number = rest.strip().lstrip("#")
            if not number.isdigit():
                raise InvalidInput([f"Give the night's number. Usage: {USAGE}"])
            mock = await services.mocks.cancel(call.team, int(number))
            await redraw(call.client, mock, cancelled=True)
            await poster().tell_going(mock, mock_cards.cancelled_dm_text(mock))
            await call.reply(f"Cancelled mock night #{mock.id}.")
        await services.refresh_overview(call.team)

    async def announce(client: AsyncWebClient, mock: MockView) -> str:
        """Post the announcement and keep its ts; a note for the organiser when it failed."""
        count = await services.mock_rsvps.count(mock.id)
        group = await services.pings.group(mock.guild_id)
        pinged = await services.pings.subscribers(group.group_id) if group else []
        try:
            posted = await client.chat_postMessage(
                channel=mock.channel_id,
                text=ping_text(mock_cards.announcement_fallback(mock, title(mock.id)), pinged),
                blocks=[
                    *mock_cards.announcement_blocks(mock, count, names, title(mock.id)),
                    *ping_blocks(pinged),
                ],
                metadata=mock_cards.mock_marker(ids.MOCK_ANNOUNCE_EVENT, mock.id),
            )
        except SlackApiError as error:
            log.warning("could not announce mock %s: %s", mock.id, error)
            return (
                f"\n⚠️ I could not post the announcement in <#{mock.channel_id}> "
                f"({error.response.get('error')}); the night itself is scheduled."
            )
        await services.mocks.set_event(mock.id, str(posted["ts"]))
        return ""

    async def rsvp(
        client: AsyncWebClient,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Any,
        going: bool,
    ) -> None:
        team, user, name = actor(bot, body)
        mock_id = int(action["value"])
        try:
            await services.mock_rsvps.answer(team, user, name, mock_id, going, services.clock.now())
            mock = await night(team, mock_id)
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        await redraw(client, mock)
        text = (
            f"You are going to mock night #{mock.id}, {local_time(mock.starts_at)}. I will "
            "remind you by DM a day and an hour before; *Add to my calendar* sends you the "
            "calendar file."
            if going
            else f"Noted: you are not going to mock night #{mock.id}. No reminders by DM."
        )
        await respond(text=text, replace_original=False, response_type="ephemeral")

    def poster() -> MockPoster:
        assert bot.publisher is not None
        return bot.publisher.mocks

    @app.action(ids.MOCK_GOING)
    async def going(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        await rsvp(client, body, action, respond, True)

    @app.action(ids.MOCK_NOT_GOING)
    async def not_going(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        await rsvp(client, body, action, respond, False)

    @app.action(ids.MOCK_CALENDAR)
    async def calendar(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        """The night as an ``.ics`` file, uploaded into the member's DM with the bot."""
        await ack()
        team, user, _name = actor(bot, body)
        try:
            mock = await night(team, int(action["value"]))
        except UserFacingError as error:
            await respond(
                text=refusal_text(error), replace_original=False, response_type="ephemeral"
            )
            return
        now = services.clock.now()
        entry = mock_cards.calendar_entry(mock, names, title(mock.id), int(now.timestamp()) // 60)
        text = ics(entry, now)
        opened = await client.conversations_open(users=user)
        await client.files_upload_v2(
            channel=opened["channel"]["id"],
            content=text.encode(),
            filename=f"mock-night-{mock.id}.ics",
            title=title(mock.id),
            initial_comment=(
                f"📅 Mock night #{mock.id}, {local_time(mock.starts_at)}: open the file to add "
                "it to your calendar. After a change, get it again: it replaces the old entry."
            ),
            request_file_info=False,
        )
        await respond(
            text="I sent you the calendar file in our direct messages.",
            replace_original=False,
            response_type="ephemeral",
        )

    mock_exam.register(app, bot)
