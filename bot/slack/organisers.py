"""``/study organisers``: who organises the group besides workspace owners and admins.

Slack has no per-channel manager role a bot can read, so the group keeps its own list:
whoever first set the group up is on it, and organisers add or remove others. Workspace
owners and admins are always organisers and cannot be removed here."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncApp

from bot.slack.router import Call, Router, is_workspace_admin

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
USAGE = (
    "`/study organisers` lists them; `/study organisers add @someone` and "
    "`/study organisers remove @someone` change the list (organisers only)."
)
NO_GROUP = "This workspace has no study group yet: an organiser runs `/study setup` first."
NOT_ORGANISER = (
    "Only organisers change the organiser list: workspace owners and admins, and the members "
    "already on it."
)


def list_text(people: list[str]) -> str:
    listed = ", ".join(f"<@{p}>" for p in people) if people else "nobody yet"
    return (
        "*Organisers of the study group*\n"
        f"On the list: {listed}.\nWorkspace owners and admins are organisers too.\n{USAGE}"
    )


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    groups = bot.services.groups

    @router.add(
        "organisers",
        "`/study organisers [add|remove @member]`",
        "who organises the group; organisers add or remove others",
        aliases=("organizers",),
    )
    async def organisers(call: Call) -> None:
        action, _, rest = call.args.partition(" ")
        action = action.lower()
        group = await groups.get("slack", call.team, bot.services.clock.now())
        if group is None:
            await call.reply(NO_GROUP)
            return
        if action in ("", "list"):
            # Listed with mentions in a private reply: nobody is pinged by an ephemeral.
            await call.reply(list_text(await groups.organisers("slack", call.team)))
            return
        if action not in ("add", "remove"):
            await call.reply(f"I do not know `{action}` here. {USAGE}")
            return
        people = MENTION.findall(rest)
        if not people:
            await call.reply(f"Name someone with @, e.g. `/study organisers {action} @ada`.")
            return
        if not await call.is_organiser():
            await call.reply(NOT_ORGANISER)
            return
        done: list[str] = []
        for person in dict.fromkeys(people):
            if action == "add":
                await groups.add_organiser(group.id, person, bot.services.clock.now())
                done.append(f"<@{person}> is an organiser.")
            elif await groups.remove_organiser("slack", call.team, person):
                admin = await is_workspace_admin(call.client, person)
                note = " (still an organiser as a workspace owner or admin)" if admin else ""
                done.append(f"<@{person}> is off the list{note}.")
            else:
                done.append(f"<@{person}> was not on the list.")
        await call.reply("\n".join(done))
