"""Block Kit limits hold for the notebook page, the review card, its feedback and the
checkboxes modal with the worst-case question (every field at its cap, a 1,000-character
reasoning, missed many times)."""

from __future__ import annotations

from bot.devtools.fake_slack.blocks import check_message, check_view
from bot.services.daily import MAX_REASONING
from bot.services.mistakes import Mistake
from bot.services.review import ReviewItem, ReviewResult
from bot.slack import ids
from bot.slack.mistakes import mistake_blocks, paging
from bot.slack.review import choose_modal, feedback_blocks, review_blocks
from tests.worst_case import WHEN, worst_question


def test_a_notebook_page_fits_a_message() -> None:
    q = worst_question()
    mistake = Mistake(WHEN.date(), q, "A,B", "<@U0X> " * (MAX_REASONING // 7), 5, 999)
    blocks = mistake_blocks(mistake, 998, 999, "Serving and scaling models")
    blocks += paging(998, 999, "serving")
    assert check_message(blocks) == []
    assert q.explanation in str(blocks), "the explanation is never shortened"


def test_a_review_card_its_feedback_and_its_checkboxes_fit() -> None:
    q = worst_question()
    card = review_blocks(ReviewItem(2_147_483_647, q, 999, 9_999, 9_999))
    assert check_message(card) == []
    wrong = ",".join(x for x in q.letters if x not in q.answer)[: 2 * q.choose - 1]
    result = ReviewResult(2_147_483_647, q, wrong, False, WHEN, 999, 9_999)
    feedback = feedback_blocks(result)
    assert check_message(feedback) == []
    assert all(why in str(feedback) for _letter, why in result.why_not)
    assert result.why_not, "a wrong pick shows why it is wrong"
    [shape] = [e["value"] for b in card if b["type"] == "actions" for e in b["elements"]]
    assert shape.startswith("2147483647:9999|")
    modal = choose_modal("2147483647:9999", "http://127.0.0.1/hooks/" + "x" * 64, q.letters, 2)
    assert check_view(modal, home=False) == []
    assert modal["callback_id"] == ids.REVIEW_CHOOSE_VIEW
