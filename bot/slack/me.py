"""``/study me``: the member's own settings (show and set), their data as a JSON file in
their DM, and deleting everything stored about them once they confirm."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp

from bot.core.errors import InvalidInput, UserFacingError
from bot.services.me import MySettings, settings_lines
from bot.services.pings import ping_reply
from bot.services.privacy import forget_warning, forgotten_text
from bot.slack import ids
from bot.slack.blocks import actions, button, escape, section, shorten
from bot.slack.errors import NO_GROUP, refusal_text
from bot.slack.files import send_file_by_dm
from bot.slack.router import Call, Router

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

# Setting names (and the short forms people type) → the service's keyword.
SETTINGS = {
    "timezone": "timezone",
    "tz": "timezone",
    "exam_date": "exam_date",
    "exam": "exam_date",
    "reminders": "reminders",
    "quiet_hours": "quiet_hours",
    "quiet": "quiet_hours",
    "stats_public": "stats_public",
    "stats": "stats_public",
    "mock_reminders": "mock_reminders",
    "pings": "pings",
}
SWITCHES = {"reminders", "stats_public", "mock_reminders", "pings"}
ON = {"on", "yes", "true", "1"}
OFF = {"off", "no", "false", "0"}
SET_USAGE = (
    "Change your settings with `/study me set <setting> <value>`, several at once if you "
    "like, e.g. `/study me set reminders off quiet_hours 22:00-07:00`.\n"
    "• `timezone` Europe/Berlin (or none: the group's)\n"
    "• `exam_date` YYYY-MM-DD (or none)\n"
    "• `reminders` on|off: reminder DMs (question closing, weekly theme, review due, exam)\n"
    "• `quiet_hours` 22:00-07:00 (your time; or none): no DMs then\n"
    "• `stats_public` on|off: let other members see your stats\n"
    "• `mock_reminders` on|off: DMs before mock nights you signed up for\n"
    "• `pings` on|off: a mention on each daily question and mock-night announcement"
)


def settings_text(settings: MySettings, saved: bool = False) -> str:
    lines = [f"• {label}: {escape(value)}" for label, value in settings_lines(settings)]
    title = "Saved. *Your settings*" if saved else "*Your settings*"
    return "\n".join([title, *lines, "Change them with `/study me set`."])


def parse_settings(text: str) -> dict[str, Any]:
    """``reminders off quiet 22:00-07:00`` (or ``reminders=off``, ``reminders:off``) as the
    service's keywords; every problem at once, so nothing is half-saved."""
    words = text.split()
    found: dict[str, Any] = {}
    problems: list[str] = []
    position = 0
    while position < len(words):
        word = words[position]
        position += 1
        name, value = word.lower(), None
        for mark in ("=", ":"):
            head, sep, tail = word.partition(mark)
            if sep and head.lower() in SETTINGS:
                name, value = head.lower(), tail
                break
        if name not in SETTINGS:
            problems.append(
                f"“{shorten(word, 40)}” is not a setting. Settings: "
                + ", ".join(sorted(set(SETTINGS.values())))
                + "."
            )
            continue
        if value is None:
            if position >= len(words):
                problems.append(f"`{name}` needs a value after it.")
                continue
            value = words[position]
            position += 1
        key = SETTINGS[name]
        if key in SWITCHES:
            if value.lower() in ON | OFF:
                found[key] = value.lower() in ON
            else:
                problems.append(f"`{name}` is on or off, not “{shorten(value, 40)}”.")
        else:
            found[key] = value
    if problems:
        raise InvalidInput(problems)
    return found


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    services = bot.services

    @router.add(
        "me",
        "`/study me [set … | export | forget]`",
        "your own settings (timezone, exam date, reminders, quiet hours, …) and your data",
    )
    async def me(call: Call) -> None:
        word, _, rest = call.args.partition(" ")
        word = word.lower()
        if word in ("", "show"):
            shown = await services.me.show(call.user, call.name, services.clock.now())
            await call.reply(settings_text(shown))
        elif word == "set":
            if not rest.strip():
                await call.reply(SET_USAGE)
                return
            changes = parse_settings(rest)
            pings = changes.pop("pings", None)
            group = await services.pings.group(call.team) if pings is not None else None
            if pings is not None and group is None:
                await call.reply(f"Nothing was saved: {NO_GROUP}")
                return
            saved = await services.me.update(
                call.team, call.user, call.name, services.clock.now(), **changes
            )
            text = settings_text(saved, saved=True)
            if group is not None and pings is not None:
                changed = await services.pings.choose(
                    group.group_id, call.user, call.name, pings, services.clock.now()
                )
                text = f"{ping_reply(pings, changed)}\n{text}"
            await call.reply(text)
        elif word == "export":
            data = await services.privacy.export(call.user)
            payload = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
            await send_file_by_dm(
                call.client,
                call.user,
                "my-study-data.json",
                payload,
                "Everything stored about you, as JSON.",
            )
            await call.reply("Sent everything stored about you to our DM, as a JSON file.")
        elif word == "forget":
            await call.reply(
                "Delete everything stored about you?",
                [
                    section(forget_warning("workspace")),
                    actions(
                        [
                            button("Yes, delete everything", ids.FORGET, "forget", "danger"),
                            button("Cancel", ids.FORGET_CANCEL, "cancel"),
                        ],
                        block_id="forget",
                    ),
                ],
            )
        else:
            await call.reply(f"I do not know `/study me {escape(shorten(word, 40))}`.\n{SET_USAGE}")

    @app.action(ids.FORGET)
    async def forget(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await ack()
        try:
            forgotten = await services.privacy.forget(body["user"]["id"])
        except UserFacingError as error:
            await respond(text=refusal_text(error), replace_original=False)
            return
        await respond(text=forgotten_text(forgotten), replace_original=True)
        assert bot.publisher is not None
        for daily_id in forgotten.reveals:
            card = await services.daily.reveal_card(daily_id)
            if card is not None:
                await bot.publisher.redraw_reveal(card)

    @app.action(ids.FORGET_CANCEL)
    async def keep(ack: Any, respond: Any) -> None:
        await ack()
        await respond(text="Nothing was deleted.", replace_original=True)
