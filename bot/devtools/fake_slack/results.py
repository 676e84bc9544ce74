"""What an injected user action led to: the ack, responses, ephemerals, views, errors."""

# Every wait here is bounded and takes its bound as ``timeout``.
# ruff: noqa: ASYNC109

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.devtools.fake_slack.model import JSON, SlackMessage, SlackView
from bot.devtools.fake_slack.socket_mode import Envelope
from bot.devtools.fake_slack.workspace import ResponseUrl

if TYPE_CHECKING:
    from bot.devtools.fake_slack.server import FakeSlack


class ActionResult:
    """One slash command, click, submission, shortcut or Home-tab visit, as the user lived it.

    Filled in when the ack arrives (or the deadline passes); the app may keep working after
    its ack, so ``responses``, ``ephemerals`` and ``opened_views`` are live and have waits.
    """

    def __init__(
        self,
        fake: FakeSlack,
        envelope: Envelope,
        user_id: str,
        response_url: ResponseUrl | None,
        trigger_id: str | None,
        ephemerals_before: int,
    ) -> None:
        self._fake = fake
        self.envelope = envelope
        self.user_id = user_id
        self.response_url = response_url
        self.trigger_id = trigger_id
        self._ephemerals_before = ephemerals_before
        #: What the user saw instead of the app's answer (e.g. ``"operation_timeout"``).
        self.user_error: str | None = None
        #: ``response_action: errors`` of a view submission, by block id.
        self.view_errors: dict[str, str] = {}
        #: The view an ``update``/``push`` response_action put on screen.
        self.view: SlackView | None = None
        #: Options an app offered for a ``block_suggestion``.
        self.options: list[JSON] = []

    def __repr__(self) -> str:
        return f"<ActionResult {self.envelope.type} ack={self.ack!r} error={self.user_error!r}>"

    @property
    def payload(self) -> JSON:
        """What the app received."""
        return self.envelope.payload

    @property
    def ack(self) -> JSON | None:
        """The ack's ``payload`` (``{}`` for a bare ack), or None if none came yet."""
        return self.envelope.ack

    @property
    def acked_in_time(self) -> bool:
        return not self.envelope.timed_out

    @property
    def responses(self) -> list[JSON]:
        """Bodies the app posted to this action's ``response_url`` (``respond()``)."""
        return [] if self.response_url is None else list(self.response_url.posts)

    @property
    def ephemerals(self) -> list[SlackMessage]:
        """Ephemeral messages the user got in the channel since this action was sent."""
        later = self._fake.workspace.ephemerals[self._ephemerals_before :]
        return [m for m in later if m.ephemeral_to == self.user_id and not m.deleted]

    @property
    def opened_views(self) -> list[SlackView]:
        """Modals opened with this action's ``trigger_id``."""
        trigger = self._fake.workspace.triggers.get(self.trigger_id or "")
        if trigger is None or trigger.view_id is None:
            return []
        return [self._fake.workspace.views[trigger.view_id]]

    async def wait_response(self, count: int = 1, timeout: float | None = None) -> JSON:
        """Wait until ``count`` bodies reached the response URL; return the last."""
        await self._fake.wait_until(
            lambda: len(self.responses) >= count, timeout, what=f"{count} respond() post(s)"
        )
        return self.responses[count - 1]

    async def wait_ephemeral(self, count: int = 1, timeout: float | None = None) -> SlackMessage:
        """Wait until the user got ``count`` ephemeral messages from this action."""
        await self._fake.wait_until(
            lambda: len(self.ephemerals) >= count, timeout, what=f"{count} ephemeral message(s)"
        )
        return self.ephemerals[count - 1]

    async def wait_view(self, timeout: float | None = None) -> SlackView:
        """Wait until the app opened a modal with this action's trigger."""
        views = await self._fake.wait_until(lambda: self.opened_views, timeout, what="views.open")
        return views[0]
