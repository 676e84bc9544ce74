"""Whether a pick is right, and how picks are written down."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.core.errors import InvalidInput


def normalise_pick(letters: Iterable[str]) -> str:
    """Sorted, de-duplicated, upper-case letters joined by commas: ``["c", "A"]`` → ``"A,C"``."""
    return ",".join(sorted({letter.strip().upper() for letter in letters if letter.strip()}))


def pick_letters(pick: str) -> list[str]:
    return [letter for letter in pick.split(",") if letter]


def validate_pick(
    letters: Iterable[str], choose: int, options: Sequence[str], context: str = ""
) -> str:
    """The normalised pick when it names exactly ``choose`` of ``options``; otherwise a refusal
    that says what is valid (``context`` ends its sentence, e.g. " for this question")."""
    pick = normalise_pick(letters)
    chosen = pick_letters(pick)
    if len(chosen) != choose or any(c not in options for c in chosen):
        raise InvalidInput([f"Pick exactly {choose} of {', '.join(options)}{context}."])
    return pick


def is_correct(pick: str, answer: Iterable[str]) -> bool:
    """A pick is right only when it names exactly the keyed letters."""
    return pick == normalise_pick(answer)
