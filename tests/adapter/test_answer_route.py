"""The direct route for answer clicks takes exactly the clicks discord.py's dispatch would
give the answer button or select, and leaves every other interaction to discord.py."""

from typing import Any

from bot.core import custom_ids
from bot.discord.daily.answer_route import AnswerClick, answer_click

BUTTON, SELECT = 2, 3


def question_message(daily_id: int, *, choose: int = 1) -> dict[str, Any]:
    if choose == 1:
        row = [
            {"type": BUTTON, "custom_id": custom_ids.ANSWER.build(daily=daily_id, letter=x)}
            for x in "ABCD"
        ]
    else:
        row = [{"type": SELECT, "custom_id": custom_ids.ANSWER_SELECT.build(daily=daily_id)}]
    return {"id": "1", "components": [{"type": 1, "components": row}]}


def click(custom_id: str, message: dict[str, Any], *, kind: int = BUTTON, **extra: Any) -> Any:
    data = {"custom_id": custom_id, "component_type": kind, **extra}
    return {"type": 3, "data": data, "message": message}


def test_a_click_on_an_answer_button_is_taken_with_its_letter() -> None:
    found = answer_click(click(custom_ids.ANSWER.build(daily=42, letter="C"), question_message(42)))
    assert found == AnswerClick(42, ["C"])


def test_a_choice_in_the_answer_select_is_taken_with_its_letters() -> None:
    custom_id = custom_ids.ANSWER_SELECT.build(daily=42)
    payload = click(custom_id, question_message(42, choose=2), kind=SELECT, values=["A", "D"])
    assert answer_click(payload) == AnswerClick(42, ["A", "D"])


def test_an_answer_id_the_message_does_not_carry_is_left_alone() -> None:
    # A crafted id (another question's, here) on this message: discord.py would find no
    # such component on it and drop the click, so the direct route must not take it either.
    crafted = custom_ids.ANSWER.build(daily=99, letter="A")
    assert answer_click(click(crafted, question_message(42))) is None
    assert answer_click(click(crafted, question_message(99), kind=SELECT)) is None
    assert answer_click({"type": 3, "data": {"custom_id": crafted, "component_type": 2}}) is None


def test_other_interactions_go_the_usual_way() -> None:
    reasoning = custom_ids.REASONING.build(daily=42)
    message = {"components": [{"type": 1, "components": [{"type": 2, "custom_id": reasoning}]}]}
    assert answer_click(click(reasoning, message)) is None
    assert answer_click({"type": 2, "data": {"name": "setup"}}) is None
    assert answer_click({"type": 5, "data": {"custom_id": reasoning}}) is None
