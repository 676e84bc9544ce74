"""Every plan theme carries a hands-on checklist, and ``content check`` names what is wrong
with one: a missing task, too few or too many steps, retired names, a Vertex AI feature
without its prefix."""

from pathlib import Path

import pytest

from bot.content.loader import Bank, ContentError, load_bank
from tests.content.test_bank import QUESTION, broken_copy


def test_every_theme_has_a_hands_on_task_of_three_to_six_steps(bank: Bank) -> None:
    assert [w.number for w in bank.plan.weeks] == list(range(1, 9))
    for week in bank.plan.weeks:
        assert 3 <= len(week.hands_on.steps) <= 6, week.number


def problems_after(tmp_path: Path, old: str, new: str) -> list[tuple[str | None, str]]:
    root = broken_copy(tmp_path, QUESTION)
    plan = (root / "plan.yaml").read_text(encoding="utf-8")
    assert old in plan
    (root / "plan.yaml").write_text(plan.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(root)
    return [(p.field, p.message) for p in caught.value.problems if p.file == "plan.yaml"]


def test_a_retired_name_and_a_bare_vertex_feature_are_named_by_step(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        "Log parameters and metrics of each run to Vertex AI Experiments.",
        "Log parameters and metrics of each run to Experiments on AI Platform.",
    )
    fields = {f for f, _m in found}
    assert fields == {"weeks.3.hands_on.steps.2"}, found
    messages = " ".join(m for _f, m in found)
    assert "“AI Platform” is a retired name; say “Vertex AI”" in messages
    assert "say “Vertex AI Experiments”" in messages


def test_a_task_needs_three_steps(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        '        - "Check the project\'s billing report for anything still costing money."\n',
        "",
    )
    [(field, message)] = found
    assert field is not None and field.endswith("hands_on.steps") and "at least 3" in message


def test_a_theme_without_a_hands_on_task_is_named(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path, "    hands_on:\n      title: Tidy up", "    hands_off:\n      title: Tidy up"
    )
    assert any(f and f.startswith("weeks") and "hands_on" in f for f, _m in found), found
