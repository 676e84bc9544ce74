"""Before logging in: is Discord reachable, and does it accept the token?

discord.py's ``login`` cannot be retried cleanly once it has opened its session, and it runs
the setup hook (commands, schedule) as soon as it succeeds. So start-up first asks
``GET /users/@me`` itself — the request ``login`` starts with — retrying with backoff while
there is no route to Discord, and stops at once with one line when Discord rejects the token.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable

import aiohttp
import discord
import discord.http

from bot.core.errors import StartupError
from bot.core.retry import RetryBudgetSpent, retry_within
from bot.network import unreachable_reason

log = logging.getLogger(__name__)

ATTEMPT_TIMEOUT_SECONDS = 10.0
TOKEN_REJECTED = (
    "DISCORD_TOKEN was rejected by Discord (401 Unauthorized): it is mistyped, was reset, or is "
    "not a bot token; copy a new one from the Developer Portal (your application → Bot → Reset "
    "Token) into DISCORD_TOKEN"
)


class _DiscordBusy(Exception):
    """Discord answered, but with a 5xx or 429: worth another try."""


def _user_agent() -> str:
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return (
        f"DiscordBot (https://github.com/Rapptz/discord.py {discord.__version__}) Python/{python}"
    )


def _retryable(error: BaseException) -> bool:
    return isinstance(error, aiohttp.ClientError | OSError | TimeoutError | _DiscordBusy)


def unreachable_line(error: BaseException, waited: float) -> str:
    return (
        f"Cannot reach Discord at {discord.http.Route.BASE} ({unreachable_reason(error)}) after "
        f"trying for {waited:.0f} s; check the network, DNS, firewall or proxy "
        "(DISCORD_RETRY_SECONDS sets how long to wait)"
    )


async def check_token(
    token: str,
    budget: float,
    *,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> None:
    """Return when Discord accepts ``token``; raise :class:`StartupError` with one line when
    it rejects it, or when it cannot be reached for about ``budget`` seconds."""
    url = f"{discord.http.Route.BASE}/users/@me"
    headers = {"Authorization": f"Bot {token.strip()}", "User-Agent": _user_agent()}

    async def attempt() -> None:
        timeout = aiohttp.ClientTimeout(total=ATTEMPT_TIMEOUT_SECONDS)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(url, headers=headers) as response,
        ):
            if response.status == 401:
                raise StartupError(TOKEN_REJECTED)
            if response.status == 429 or response.status >= 500:
                raise _DiscordBusy(f"Discord answered {response.status}")
            if response.status != 200:
                raise StartupError(
                    f"Discord answered {response.status} to the token check; check "
                    "DISCORD_TOKEN (the bot token from the Developer Portal)"
                )

    def waiting(attempt_number: int, error: BaseException, delay: float) -> None:
        level = logging.WARNING if attempt_number == 1 else logging.DEBUG
        log.log(
            level,
            "Discord is not reachable yet (%s); retrying for up to %.0f s (DISCORD_RETRY_SECONDS)",
            unreachable_reason(error),
            budget,
        )

    try:
        await retry_within(
            attempt, budget=budget, retryable=_retryable, on_retry=waiting, sleep=sleep
        )
    except RetryBudgetSpent as spent:
        raise StartupError(unreachable_line(spent.last, spent.waited)) from None
