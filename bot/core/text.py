"""Wording shared by everything that talks to people: counts with the right noun form."""

from __future__ import annotations

#: Nouns whose plural is not singular + "s". Anything else gets an "s" unless given.
_IRREGULAR = {
    "person": "people",
    "reply": "replies",
    "entry": "entries",
}


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The form of ``singular`` that goes with ``count``: ``noun(1, "point")`` is "point"."""
    if count == 1:
        return singular
    return plural or _IRREGULAR.get(singular) or singular + "s"


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun: "1 point", "2 points", "0 study days", "1,204 answers"."""
    return f"{count:,} {noun(count, singular, plural)}"


def verb(count: int, one: str, many: str) -> str:
    """The verb form agreeing with ``count``: ``verb(1, "is", "are")`` is "is"."""
    return one if count == 1 else many
