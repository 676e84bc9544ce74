"""What an interaction got back from the bot: its response, follow-ups and edits."""


# Every wait here is bounded and takes its bound as ``timeout``: that is the API, not an
# oversight, so the "use asyncio.timeout instead" rule does not apply.
# ruff: noqa: ASYNC109

from __future__ import annotations

from bot.devtools.fake_discord.constants import (
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    JSON,
)
from bot.devtools.fake_discord.model import (
    FakeMessage,
)
from bot.devtools.fake_discord.records import InteractionCallback, _InteractionRecord
from bot.devtools.fake_discord.state import FakeState


class InteractionResult:
    """What the bot answered to an injected interaction, plus access to later follow-ups."""

    def __init__(self, fake: FakeState, record: _InteractionRecord) -> None:
        self._fake = fake
        self._record = record

    def __repr__(self) -> str:
        return f"<InteractionResult id={self.id} type={self.type} content={self.content!r} ephemeral={self.ephemeral}>"

    @property
    def id(self) -> int:
        """The interaction id."""
        return self._record.id

    @property
    def token(self) -> str:
        """The interaction token."""
        return self._record.token

    @property
    def response(self) -> InteractionCallback:
        """The initial callback (always set once the result is returned)."""
        assert self._record.callback is not None
        return self._record.callback

    @property
    def type(self) -> int:
        """Callback type: 4 message, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal."""
        return self.response.type

    @property
    def deferred(self) -> bool:
        """Whether the bot deferred (type 5 or 6)."""
        return self.type in (DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE)

    @property
    def ephemeral(self) -> bool:
        """Whether the initial response is ephemeral."""
        return self.response.ephemeral

    @property
    def content(self) -> str | None:
        """Content of the initial response."""
        return self.response.content

    @property
    def embeds(self) -> list[JSON]:
        """Embeds of the initial response."""
        return self.response.embeds

    @property
    def components(self) -> list[JSON]:
        """Components of the initial response."""
        return self.response.components

    @property
    def modal(self) -> JSON | None:
        """The modal the bot opened, if any."""
        return self.response.modal

    @property
    def choices(self) -> list[JSON] | None:
        """Autocomplete choices, if this was an autocomplete interaction."""
        return self.response.choices

    @property
    def message(self) -> FakeMessage | None:
        """Current version of the original response message.

        For type 4/5 responses this is the message the response created; for type 6/7 on a
        component it is the message the component sits on.
        """
        mid = self._record.original_message_id
        return None if mid is None else self._fake.message(mid)

    @property
    def followups(self) -> list[FakeMessage]:
        """Current versions of follow-up messages, in order (deleted ones omitted)."""
        found = (self._fake.message(mid) for mid in self._record.followup_ids)
        return [m for m in found if not m.deleted]

    async def wait_followup(self, index: int = 0, timeout: float | None = None) -> FakeMessage:
        """Wait until follow-up number ``index`` (0-based) exists and return it."""
        await self._fake.wait_until(
            lambda: len(self._record.followup_ids) > index,
            timeout=timeout,
            what=f"follow-up #{index} to interaction {self.id}",
        )
        return self._fake.message(self._record.followup_ids[index])

    async def wait_original_edit(self, count: int = 1, timeout: float | None = None) -> FakeMessage:
        """Wait until the original response has been edited ``count`` times; return it.

        A deferred "thinking" message counts as edited when it is filled, either by
        ``PATCH .../messages/@original`` or by the first follow-up.
        """
        await self._fake.wait_until(
            lambda: self._record.original_edits >= count,
            timeout=timeout,
            what=f"{count} edit(s) of the original response to interaction {self.id}",
        )
        message = self.message
        assert message is not None
        return message
