"""``/study <sub>``: one slash command, routed by its first word (Slack's habit: command
names are workspace-global, so one app owns one). Each feature module registers its own
subcommands here with its usage line; ``/study help`` lists them in registration order.

Everything a subcommand answers with :meth:`Call.reply` is private to whoever ran it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_sdk.web.async_client import AsyncWebClient

if TYPE_CHECKING:
    from bot.slack.app import SlackBot


@dataclass(frozen=True)
class Call:
    """One ``/study`` invocation, as a subcommand sees it."""

    bot: SlackBot
    client: AsyncWebClient
    team: str
    user: str
    channel: str
    trigger_id: str
    args: str  # the text after the subcommand's name, stripped
    respond: Any  # slack-bolt's respond(): ephemeral text or blocks to the caller
    user_name: str = ""  # the caller's username, as the command payload carries it

    @property
    def name(self) -> str:
        """The caller's display name when known (else their username; see bot.slack.names)."""
        return self.bot.names.name_for(self.user, self.user_name)

    async def reply(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Answer privately (mrkdwn text; blocks when given, text as their fallback)."""
        if blocks is None:
            await self.respond(text=text, response_type="ephemeral")
        else:
            await self.respond(text=text, blocks=blocks, response_type="ephemeral")

    async def is_admin(self) -> bool:
        """Whether the caller is a workspace owner or admin."""
        return await is_workspace_admin(self.client, self.user)

    async def is_organiser(self) -> bool:
        """Workspace owners and admins, and anyone on the group's organiser list."""
        if await self.is_admin():
            return True
        return self.user in await self.bot.services.groups.organisers("slack", self.team)


Handler = Callable[[Call], Awaitable[None]]


@dataclass(frozen=True)
class Subcommand:
    name: str
    usage: str  # e.g. "`/study stats [@member]`"
    summary: str  # what it does, one line
    handler: Handler
    aliases: tuple[str, ...] = ()


@dataclass
class Router:
    """The subcommands of ``/study``, by name and alias."""

    _subcommands: list[Subcommand] = field(default_factory=list)
    _by_name: dict[str, Subcommand] = field(default_factory=dict)

    def add(
        self, name: str, usage: str, summary: str, *, aliases: tuple[str, ...] = ()
    ) -> Callable[[Handler], Handler]:
        """Decorator: register ``handler`` as ``/study <name>``."""

        def decorate(handler: Handler) -> Handler:
            sub = Subcommand(name, usage, summary, handler, aliases)
            for word in (name, *aliases):
                if word in self._by_name:
                    raise ValueError(f"/study {word} is registered twice")
                self._by_name[word] = sub
            self._subcommands.append(sub)
            return handler

        return decorate

    def find(self, word: str) -> Subcommand | None:
        return self._by_name.get(word.lower())

    def usage_lines(self) -> list[str]:
        return [f"{sub.usage} · {sub.summary}" for sub in self._subcommands]


def actor(bot: SlackBot, body: dict[str, Any]) -> tuple[str, str, str]:
    """(team id, user id, display name) of whoever clicked, submitted or used a shortcut
    (the username until the display name is known: see :mod:`bot.slack.names`)."""
    user = body["user"]
    team = (body.get("team") or {}).get("id") or user.get("team_id", "")
    username = str(user.get("name") or user.get("username") or "")
    return str(team), str(user["id"]), bot.names.name_for(str(user["id"]), username)


async def is_workspace_admin(client: AsyncWebClient, user_id: str) -> bool:
    info = await client.users_info(user=user_id)
    user = info["user"]
    return bool(user.get("is_admin") or user.get("is_owner"))
