"""``respond()`` over the app's one aiohttp session.

Bolt's own ``respond`` makes a webhook client without a session for every call, so every
private reply opened an aiohttp session and a TCP connection of its own and closed them
again: in a burst of answers most of the reply's cost. A middleware puts this ``respond``
in its place for every request that carries a ``response_url``; it builds the same message
and posts it through the shared session, so connections are kept and reused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.respond.internals import _build_message
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient


class SharedSessionRespond(AsyncRespond):
    """Bolt's ``respond``, posting through ``session`` (same arguments, same message)."""

    def __init__(self, *, response_url: str, session: aiohttp.ClientSession) -> None:
        super().__init__(response_url=response_url)
        self._client = AsyncWebhookClient(url=response_url, session=session)

    async def __call__(  # type: ignore[override]
        self, text: str | dict[str, Any] = "", **fields: Any
    ) -> WebhookResponse:
        if isinstance(text, dict):
            message = _build_message(**text)
        else:
            message = _build_message(text=text, **fields)
        return await self._client.send_dict(message)


def respond_over(app: AsyncApp, session: aiohttp.ClientSession) -> None:
    """Make every listener's ``respond`` post through ``session``."""

    @app.middleware
    async def shared_session_respond(
        context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> None:
        if context.response_url:
            context["respond"] = SharedSessionRespond(
                response_url=context.response_url, session=session
            )
        await next()
