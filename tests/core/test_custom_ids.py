"""The component-id registry: ids on messages posted before an upgrade must keep working."""

from __future__ import annotations

import pytest

from bot.core import custom_ids
from bot.core.custom_ids import CustomId, MockAction

# Ids as they appear on messages already posted; their shape must never change.
POSTED = [
    (custom_ids.ANSWER, {"daily": 12, "letter": "B"}, "sb:ans:12:B"),
    (custom_ids.ANSWER_SELECT, {"daily": 12}, "sb:multi:12"),
    (custom_ids.REASONING, {"daily": 12}, "sb:why:12"),
    (custom_ids.REASONING_FORM, {"daily": 12}, "sb:whym:12"),
    (custom_ids.QUOTE_TOGGLE, {"daily": 12, "anonymous": 1}, "sb:anon:12:1"),
    (custom_ids.REPORT, {"daily": 12}, "sb:report:12"),
    (custom_ids.REPORT_REASON, {"daily": 12, "reason": "wrong-key"}, "sb:rep:12:wrong-key"),
    (custom_ids.REPORT_FORM, {"daily": 12, "reason": "typo"}, "sb:repm:12:typo"),
    (custom_ids.REVIEW_ANSWER, {"card": 3, "letter": "A"}, "sb:rev:3:A"),
    (custom_ids.REVIEW_SELECT, {"card": 3}, "sb:revm:3"),
    (custom_ids.REVIEW_ANSWER, {"card": 3, "shown": 0, "letter": "B"}, "sb:rev:3:0:B"),
    (custom_ids.REVIEW_SELECT, {"card": 3, "shown": 12}, "sb:revm:3:12"),
    (custom_ids.REVIEW_NEXT, {}, "sb:revnext"),
    (custom_ids.MISTAKE_PAGE, {"index": 4, "domain": "all", "label": "n"}, "sb:mist:4:all:n"),
    (custom_ids.REPORTS_PAGE, {"page": 1, "label": "p"}, "sb:reps:1:p"),
    (custom_ids.FORGET, {}, "sb:forget:yes"),
    (custom_ids.MOCK_START, {"mock": 1}, "sb:mock:1"),
    (
        custom_ids.MOCK_BUTTON,
        {"attempt": 7, "action": MockAction.ANSWER, "arg": 3, "letter": "B"},
        "sb:mx:7:a:3:B",
    ),
    (custom_ids.MOCK_BUTTON, {"attempt": 7, "action": MockAction.SUBMIT, "arg": 3}, "sb:mx:7:sc:3"),
    (custom_ids.MOCK_SELECT, {"attempt": 7, "kind": "j", "arg": 3}, "sb:mxs:7:j:3"),
]


@pytest.mark.parametrize(("kind", "values", "posted"), POSTED)
def test_ids_keep_their_shape_and_read_back(
    kind: CustomId, values: dict[str, object], posted: str
) -> None:
    assert kind.build(**values) == posted
    match = kind.match(posted)
    assert match is not None
    assert {k: v for k, v in match.groupdict().items() if v is not None} == {
        k: str(v) for k, v in values.items()
    }
    assert posted.startswith(kind.prefix)


def test_every_id_is_matched_by_its_own_kind_only() -> None:
    forms = {kind.form: kind for kind, _values, _posted in POSTED}
    for kind, _values, posted in POSTED:
        assert [form for form, k in forms.items() if k.match(posted)] == [kind.form]


def test_a_value_that_does_not_fit_is_refused_when_building() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        custom_ids.ANSWER.build(daily=12, letter="Z")
    assert custom_ids.MOCK_BUTTON.value("sb:ans:12:B", "action") is None
