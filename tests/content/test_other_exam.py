"""``content check`` for another exam's bank: its own sections, weights and targets; nothing
of the default exam is assumed."""

from __future__ import annotations

from pathlib import Path
from shutil import copytree

import pytest

from bot.__main__ import main
from bot.content.loader import HELP_MAX, ContentError, load_bank
from tests.other_exam import OTHER_EXAM


def check(monkeypatch: pytest.MonkeyPatch, root: Path) -> int:
    monkeypatch.setenv("CONTENT_DIR", str(root))
    return main(["content", "check"])


def test_a_three_section_bank_of_another_exam_passes_with_its_own_targets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(monkeypatch, OTHER_EXAM) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cloud Data Engineer (practice edition) — guide v1")
    for section in ("ingestion", "storage", "quality"):
        assert section in out
    assert "targets: all met ✓" in out
    assert "low-code" not in out and "240" not in out, "no target of the default exam"


def test_a_target_is_checked_only_when_the_exam_declares_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copytree(OTHER_EXAM, tmp_path / "content")
    exam = root / "exam.yaml"
    exam.write_text(
        exam.read_text(encoding="utf-8").replace("  min_coverage: 1", "  min_questions: 20"),
        encoding="utf-8",
    )
    assert check(monkeypatch, root) == 1
    out = capsys.readouterr().out
    assert "✗ 12 active questions; the bank needs 20" in out
    exam.write_text(
        exam.read_text(encoding="utf-8").split("targets:")[0].replace("# Only the", "# The"),
        encoding="utf-8",
    )
    assert check(monkeypatch, root) == 0
    assert "targets: none declared in exam.yaml" in capsys.readouterr().out


def test_a_help_text_too_long_for_the_help_message_is_named(tmp_path: Path) -> None:
    root = copytree(OTHER_EXAM, tmp_path / "content")
    (root / "help.md").write_text("Study. " * (HELP_MAX // 6), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(root)
    (problem,) = caught.value.problems
    assert problem.file == "help.md" and f"at most {HELP_MAX:,}" in problem.message


def test_the_exam_file_must_name_the_exam_short(tmp_path: Path) -> None:
    root = copytree(OTHER_EXAM, tmp_path / "content")
    exam = root / "exam.yaml"
    text = exam.read_text(encoding="utf-8")
    exam.write_text(text.replace("short_name: CDE", "short_name: " + "X" * 40), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(root)
    assert ("exam.yaml", "short_name") in [(p.file, p.field) for p in caught.value.problems]
