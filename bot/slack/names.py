"""Members' display names on Slack.

Slack's interaction payloads carry only the username (``ada.l``), while reveals, recaps and
leaderboards should show the name people see in Slack (``Ada Lovelace``). Asking
``users.info`` on every click would hit its rate limit in a burst of answers, so the first
click of a member carries no name and looks the display name up in the background, which
stores it (the username when the lookup fails); later clicks use the cached name at once.
Storing creates the member row when the click's own write has not landed yet, and a click
without a name never overwrites one, so both orders end with the display name."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)
LOOKUPS_AT_ONCE = 4  # users.info is tier 4 (100+ a minute): a few at a time is plenty


def display_name(user: dict[str, Any]) -> str:
    """The name Slack shows for a ``users.info`` user: display name, else real name."""
    profile = user.get("profile") or {}
    return str(
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user.get("name")
        or ""
    )


class DisplayNames:
    def __init__(
        self,
        lookup: Callable[[str], Awaitable[dict[str, Any]]],
        store: Callable[[str, str], Awaitable[None]],  # (user id, name): saves it
    ) -> None:
        self._lookup = lookup  # users.info → the user object
        self._store = store  # saves a member's corrected name
        self._known: dict[str, str] = {}
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._gate = asyncio.Semaphore(LOOKUPS_AT_ONCE)

    def name_for(self, user_id: str, username: str) -> str:
        """The display name when known, else "" (store nothing) while a lookup — started
        the first time a member is seen — stores it."""
        known = self._known.get(user_id)
        if known is not None:
            return known
        if user_id not in self._pending:
            self._pending[user_id] = asyncio.create_task(self._learn(user_id, username))
        return ""

    async def _learn(self, user_id: str, username: str) -> None:
        name = username
        try:
            async with self._gate:
                name = display_name(await self._lookup(user_id)) or username
        except (SlackApiError, OSError, TimeoutError) as error:
            log.info("could not look up the display name of %s: %s", user_id, error)
        except Exception:
            log.exception("looking up the display name of %s failed", user_id)
        try:
            if name:
                await self._store(user_id, name[:100])
                self._known[user_id] = name[:100]
        except Exception:
            log.exception("storing the display name of %s failed", user_id)
        finally:
            self._pending.pop(user_id, None)

    async def drain(self) -> None:
        """Wait for lookups under way (at shutdown, and in tests before a reveal)."""
        while self._pending:
            await asyncio.gather(*self._pending.values(), return_exceptions=True)
