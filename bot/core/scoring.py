"""Whether a pick is right, and how picks are written down."""

from __future__ import annotations

from collections.abc import Iterable


def normalise_pick(letters: Iterable[str]) -> str:
    """Sorted, de-duplicated, upper-case letters joined by commas: ``["c", "A"]`` → ``"A,C"``."""
    return ",".join(sorted({letter.strip().upper() for letter in letters if letter.strip()}))


def pick_letters(pick: str) -> list[str]:
    return [letter for letter in pick.split(",") if letter]


def is_correct(pick: str, answer: Iterable[str]) -> bool:
    """A pick is right only when it names exactly the keyed letters."""
    return pick == normalise_pick(answer)
