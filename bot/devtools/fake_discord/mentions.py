"""Who a new message pings, as Discord decides it.

It follows ``allowed_mentions``: ``parse`` and the explicit ``users`` / ``roles`` lists are
mutually exclusive per kind, with at most 100 ids each; without the field everything in the
content is parsed. A role mention pings only when the role is mentionable or the author may
Mention @everyone; @everyone and @here need that permission. The fake records who was
pinged on the message (``FakeMessage.pinged``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.devtools.fake_discord.constants import ADMINISTRATOR, JSON
from bot.devtools.fake_discord.limits import _Errors
from bot.devtools.fake_discord.model import FakeChannel, FakeGuild

MENTION_EVERYONE = 1 << 17
MAX_ALLOWED_IDS = 100
USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
KINDS = ("users", "roles", "everyone")


@dataclass(frozen=True)
class Mentions:
    """Who a message pinged: users (directly or through a role) and the roles pinged."""

    users: frozenset[int] = frozenset()
    roles: frozenset[int] = frozenset()
    everyone: bool = False


def _allowed_errors(allowed: JSON) -> _Errors:
    errors = _Errors()
    parse = allowed.get("parse") or []
    for index, kind in enumerate(parse):
        if kind not in KINDS:
            errors.add(f"allowed_mentions.parse.{index}", "BASE_TYPE_CHOICES", "Not a choice")
    for kind in ("users", "roles"):
        ids = allowed.get(kind) or []
        if ids and kind in parse:
            errors.add(
                "allowed_mentions",
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f"parse:[{kind}] and {kind}: [ids] are mutually exclusive.",
            )
        if len(ids) > MAX_ALLOWED_IDS:
            errors.add(
                f"allowed_mentions.{kind}",
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {MAX_ALLOWED_IDS} or fewer in length.",
            )
    return errors


def resolve_mentions(
    guild: FakeGuild | None,
    channel: FakeChannel,
    author_id: int,
    body: JSON,
    permissions: Callable[[FakeGuild, int, FakeChannel], int],
) -> Mentions | _Errors:
    """Who the new message pings, or the form errors Discord answers for bad allowed_mentions."""
    content = str(body.get("content") or "")
    allowed = body.get("allowed_mentions")
    if allowed is not None:
        errors = _allowed_errors(allowed)
        if errors.items:
            return errors
    parse = set(KINDS) if allowed is None else set(allowed.get("parse") or [])
    listed_users = {int(u) for u in (allowed or {}).get("users") or []}
    listed_roles = {int(r) for r in (allowed or {}).get("roles") or []}
    users = {
        int(u) for u in USER_MENTION.findall(content) if "users" in parse or int(u) in listed_users
    }
    if guild is None:
        users.discard(author_id)
        return Mentions(frozenset(users))
    may_mention_all = bool(
        permissions(guild, author_id, channel) & (MENTION_EVERYONE | ADMINISTRATOR)
    )
    roles: set[int] = set()
    for text in ROLE_MENTION.findall(content):
        role = guild.roles.get(int(text))
        if role is None or not ("roles" in parse or role.id in listed_roles):
            continue
        if role.mentionable or may_mention_all:
            roles.add(role.id)
    for member in guild.members.values():
        if roles & set(member.roles):
            users.add(member.user_id)
    everyone = (
        "everyone" in parse and may_mention_all and ("@everyone" in content or "@here" in content)
    )
    if everyone:
        users |= set(guild.members)
    users.discard(author_id)
    return Mentions(frozenset(users), frozenset(roles), everyone)
