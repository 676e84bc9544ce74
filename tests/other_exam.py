"""A made-up certification's bank (``tests/fixtures/data-engineer``), shared by the tests
that run the bot for another exam."""

from __future__ import annotations

from pathlib import Path

from bot.content.loader import Bank, load_bank

OTHER_EXAM = Path(__file__).resolve().parent / "fixtures" / "data-engineer"


def other_bank() -> Bank:
    return load_bank(OTHER_EXAM)
