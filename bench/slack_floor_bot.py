"""A bare slack-bolt app for ``bench/answers.py --platform slack``: the cost of slack-bolt alone.

Built as the bot's Slack side is (an explicit ``AsyncApp`` over Socket Mode, one shared
aiohttp session), it posts one message with an answer button and answers every click as
the bot does, with an ack and then a private ``respond()`` "recorded", touching no database.
It speaks the protocol of ``bot.devtools.bot_process`` (same arguments, "ready" and "pass"
lines).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.devtools.bot_process import follow_clock
from bot.devtools.fake_slack.server import APP_TOKEN, BOT_TOKEN

CHANNEL = "C0FLOOR"
ACTION = "floor_answer_A"


async def main(api: str, _gateway: str, _database: str, clock_file: str, _team: str) -> None:
    session = aiohttp.ClientSession()
    client = AsyncWebClient(token=BOT_TOKEN, base_url=api, session=session)
    app = AsyncApp(
        client=client,
        signing_secret="",
        request_verification_enabled=False,
        ssl_check_enabled=False,
    )

    @app.action(ACTION)
    async def answer(ack: Any, respond: Any) -> None:
        await ack()
        await respond(text="recorded", replace_original=False, response_type="ephemeral")

    handler = AsyncSocketModeHandler(app, app_token=APP_TOKEN)
    await handler.connect_async()
    await client.chat_postMessage(
        channel=CHANNEL,
        text="floor",
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": "floor"}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": ACTION,
                        "value": "1",
                        "text": {"type": "plain_text", "text": "A"},
                    }
                ],
            },
        ],
    )
    forever = asyncio.create_task(asyncio.Event().wait())

    async def nothing_scheduled() -> None:
        return None

    try:
        await follow_clock(Path(clock_file), forever, nothing_scheduled)
    finally:
        await handler.close_async()
        await session.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
