"""``content analysis`` exports the item analysis; ``content check --items`` lists the
questions it flags for authors, by file and id."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from tests.item_answers import seed


async def test_the_export_lists_the_miskeyed_question_for_its_authors(
    tmp_path: Path, bank: Bank, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    database = Database.from_url(url)
    await upgrade_to_head(database)
    chosen = await seed(database, bank, clock.now())
    await database.dispose()

    assert await _main(["content", "analysis", "--database-url", url]) == 0
    export = capsys.readouterr().out
    items = {i["question_id"]: i for i in json.loads(export)["items"]}
    assert chosen["open"].id not in items, "open in a group: left out of the export"
    assert items[chosen["good"].id]["flags"] == []
    (tmp_path / "items.json").write_text(export, encoding="utf-8")

    assert await _main(["content", "check", "--items", str(tmp_path / "items.json")]) == 1
    lines = capsys.readouterr().out.splitlines()
    miskeyed = chosen["miskeyed"]
    where = f"{bank.files[miskeyed.id]} › {miskeyed.id}: "
    assert any(line.startswith(where) and "discrimination -" in line for line in lines)
    assert any(line.startswith(where) and "strong members" in line for line in lines)
    assert not any(chosen["good"].id in line for line in lines)
    assert lines[-1] == f"1 of {len(items)} answered questions look broken"


async def test_a_file_that_is_not_an_export_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "items.json").write_text("[1, 2]", encoding="utf-8")
    assert await _main(["content", "check", "--items", str(tmp_path / "items.json")]) == 2
    assert "cannot be read as an item-analysis export" in capsys.readouterr().err


async def test_a_database_url_of_an_unsupported_kind_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _main(["content", "analysis", "--database-url", "mysql://x@y/z"]) == 2
    assert "DATABASE_URL" in capsys.readouterr().err


async def _main(argv: list[str]) -> int:
    """``main`` runs its own event loop: run it beside the test's."""
    return await asyncio.to_thread(main, argv)
