"""A minimal real slack-bolt app, wired as the Slack adapter will be, to drive the fake.

``AsyncApp`` gets an explicit ``AsyncWebClient`` (the fake's ``base_url``, one shared
aiohttp session, a rate-limit retry handler) and no OAuth settings; Socket Mode runs
through ``AsyncSocketModeHandler`` with the app-level token.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.devtools.fake_slack import FakeSlack

ANSWERS = ("A", "B", "C", "D")


def web_client(fake: FakeSlack, session: aiohttp.ClientSession, token: str = "") -> AsyncWebClient:
    """The client the adapter will build: fake base URL, shared session, 429 retries."""
    return AsyncWebClient(
        token=token or fake.bot_token,
        base_url=fake.api_url,
        session=session,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=1),
        ],
    )


def question_blocks(question_id: str) -> list[dict[str, Any]]:
    buttons = [
        {
            "type": "button",
            "action_id": f"answer_{choice}",
            "text": {"type": "plain_text", "text": choice},
            "value": f"{question_id}:{choice}",
        }
        for choice in ANSWERS
    ]
    buttons.append(
        {
            "type": "button",
            "action_id": "reason",
            "text": {"type": "plain_text", "text": "Add reasoning"},
            "value": question_id,
        }
    )
    return [
        {
            "type": "section",
            "block_id": "scenario",
            "text": {"type": "mrkdwn", "text": "*Q1* Which service trains the model?"},
        },
        {"type": "actions", "block_id": "answers", "elements": buttons},
    ]


def reason_modal(question_id: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "reason",
        "private_metadata": question_id,
        "notify_on_close": True,
        "title": {"type": "plain_text", "text": "Your reasoning"},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "reasoning",
                "label": {"type": "plain_text", "text": "Why?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "reasoning",
                    "multiline": True,
                },
            },
            {
                "type": "input",
                "block_id": "zone",
                "optional": True,
                "label": {"type": "plain_text", "text": "Your timezone"},
                "element": {
                    "type": "external_select",
                    "action_id": "timezone",
                    "min_query_length": 1,
                },
            },
        ],
    }


@dataclass
class StudyApp:
    """The app plus what its handlers saw, for assertions."""

    app: AsyncApp
    client: AsyncWebClient
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    errors: list[str] = field(default_factory=list)
    submissions: list[dict[str, Any]] = field(default_factory=list)
    closed_views: list[str] = field(default_factory=list)


def build_app(client: AsyncWebClient) -> StudyApp:
    """Register a ``/study`` command, buttons, a modal, options, shortcuts and the Home tab."""
    app = AsyncApp(client=client, signing_secret="", request_verification_enabled=False)
    study = StudyApp(app, client)

    @app.command("/study")
    async def study_command(
        ack: Any, command: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        sub, _, rest = command["text"].partition(" ")
        if sub == "slow":
            await study.gate.wait()
            await ack("Sorry, that took a while.")
            return
        if sub == "huge":
            await ack(blocks=[{"type": "divider"}] * 51)
            return
        if sub == "plan":
            await ack(text="Week 1: framing ML problems.")
            return
        await ack()
        if sub == "question":
            try:
                await client.chat_postMessage(
                    channel=command["channel_id"],
                    text="Today's question",
                    blocks=question_blocks("q1"),
                    metadata={"event_type": "study_question", "event_payload": {"id": "q1"}},
                )
            except SlackApiError as exc:
                study.errors.append(exc.response["error"])
                await respond(f"I cannot post here: {exc.response['error']}")
        elif sub == "stats":
            user_id = rest.strip().removeprefix("<@").split(">")[0].split("|")[0]
            info = await client.users_info(user=user_id)
            profile = info["user"]
            await respond(f"Stats for {profile['profile']['display_name']} ({profile['tz']})")
        elif sub == "focus":
            menu = {
                "type": "static_select",
                "action_id": "focus",
                "placeholder": {"type": "plain_text", "text": "Pick a domain"},
                "options": [
                    {"text": {"type": "plain_text", "text": name}, "value": value}
                    for value, name in (("data", "Data prep"), ("serving", "Serving"))
                ],
            }
            await respond(blocks=[{"type": "actions", "elements": [menu]}], text="Pick a focus")
        elif sub == "announce":
            await respond(response_type="in_channel", text="Mock night on Friday!")
        elif sub == "reason":
            await client.views_open(trigger_id=command["trigger_id"], view=reason_modal("q1"))
        elif sub == "late-modal":
            await study.gate.wait()
            try:
                await client.views_open(trigger_id=command["trigger_id"], view=reason_modal("q1"))
            except SlackApiError as exc:
                study.errors.append(exc.response["error"])

    @app.action(re.compile(r"answer_[A-D]"))
    async def answer(ack: Any, action: dict[str, Any], respond: Any) -> None:
        await ack()
        await respond(replace_original=False, text=f"You picked {action['value'].split(':')[1]}")

    @app.action("focus")
    async def focus(ack: Any, action: dict[str, Any], respond: Any) -> None:
        await ack()
        await respond(replace_original=True, text=f"Focus: {action['selected_option']['value']}")

    @app.action("reason")
    async def open_reason(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=reason_modal(action["value"]))

    @app.view("reason")
    async def save_reason(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        text = view["state"]["values"]["reasoning"]["reasoning"]["value"]
        if len(text) < 10:
            await ack(response_action="errors", errors={"reasoning": "Say a little more."})
            return
        if text.startswith("next page"):
            page = {**reason_modal("q1"), "title": {"type": "plain_text", "text": "Page 2"}}
            await ack(response_action="update", view=page)
            return
        if text.startswith("blame nobody"):
            await ack(response_action="errors", errors={"no_such_block": "Wrong place."})
            return
        await ack()
        study.submissions.append({"question": view["private_metadata"], "text": text})
        dm = await client.conversations_open(users=body["user"]["id"])
        await client.chat_postMessage(channel=dm["channel"]["id"], text="Reasoning saved.")

    @app.view_closed("reason")
    async def reason_closed(ack: Any, view: dict[str, Any]) -> None:
        await ack()
        study.closed_views.append(view["id"])

    @app.options("timezone")
    async def timezones(ack: Any, payload: dict[str, Any]) -> None:
        zones = ["Europe/Paris", "Europe/London", "America/New_York", "Pacific/Auckland"]
        typed = payload["value"].lower()
        await ack(
            options=[
                {"text": {"type": "plain_text", "text": z}, "value": z}
                for z in zones
                if typed in z.lower()
            ]
        )

    @app.shortcut("mock_night")
    async def mock_night(ack: Any, shortcut: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=shortcut["trigger_id"], view=reason_modal("mock"))

    @app.shortcut("report_question")
    async def report(ack: Any, shortcut: dict[str, Any], respond: Any) -> None:
        await ack()
        await respond(text=f"Thanks, message {shortcut['message_ts']} reported.")

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.views_publish(
            user_id=event["user"],
            view={
                "type": "home",
                "blocks": [
                    {
                        "type": "section",
                        "text": {"type": "mrkdwn", "text": f"Welcome back <@{event['user']}>"},
                    }
                ],
            },
        )

    return study


@asynccontextmanager
async def running(fake: FakeSlack, session: aiohttp.ClientSession) -> AsyncIterator[StudyApp]:
    """The study app connected to the fake over Socket Mode."""
    study = build_app(web_client(fake, session))
    handler = AsyncSocketModeHandler(study.app, app_token=fake.app_token, ping_interval=1)
    await handler.connect_async()
    try:
        await fake.wait_connected()
        yield study
    finally:
        await handler.close_async()
