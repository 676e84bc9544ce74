"""Reading what a member typed after a ``/study`` subcommand: exam sections and mentions.

Discord offers sections with autocomplete; a Slack slash command is free text, so a section
is accepted by its number, its slug or a word of its name, as long as only one fits."""

from __future__ import annotations

import re

from bot.content.schema import Domain
from bot.core.errors import UserFacingError

# A user mention as a command with ``should_escape`` receives it: <@U123> or <@U123|name>.
MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


def section_list(domains: list[Domain]) -> str:
    """Every section as a member can type it: "1 low-code (Architecting …)"."""
    return "; ".join(f"{d.number} `{d.slug}` ({d.name})" for d in domains)


def find_section(domains: list[Domain], typed: str) -> str:
    """The slug of the one section ``typed`` names; a refusal listing them otherwise."""
    needle = typed.strip().lower()
    exact = [d for d in domains if needle in (d.slug, str(d.number), d.name.lower())]
    found = exact or [d for d in domains if needle and needle in d.name.lower()]
    if len(found) == 1:
        return found[0].slug
    problem = "fits more than one exam section" if found else "is not an exam section"
    raise UserFacingError(
        f"“{typed.strip()}” {problem}. Give one by number or name: {section_list(domains)}."
    )


def mentioned_user(text: str) -> str | None:
    """The user id of a mention that is the whole of ``text``, else None."""
    match = MENTION.match(text.strip())
    return match[1] if match else None
