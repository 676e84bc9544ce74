"""The private exam of a mock night as one Slack modal, redrawn in place (``views.update``):
a question with its answer controls, navigation, flag and jump; the submit check; the
result; the review of every question after submitting.

Buttons and selects carry the platform-neutral ids of ``bot.core.custom_ids`` (attempt,
action, question), so a click needs nothing remembered in memory and works after a
restart; the server checks every one of them against the member and the clock."""

from __future__ import annotations

import json
from typing import Any

from bot.content.schema import Question
from bot.core import custom_ids
from bot.core.custom_ids import MockAction, MockSelectKind
from bot.core.miss_reasons import TAG_PROMPT
from bot.services.mock import AttemptView, ResultView, ReviewStep
from bot.services.mock.wording import (
    KEY_WAITS,
    PASS_MARK,
    SUBMIT_ADVICE,
    pacing_lines,
    review_time_line,
    time_per_question,
)
from bot.slack import ids
from bot.slack.blocks import Block, actions, button, context, escape, local_time, option, section
from bot.slack.cards import ask_text
from bot.slack.miss_tag_blocks import SAME, tag_actions

View = dict[str, Any]


def _modal(attempt_id: int, title: str, blocks: list[Block]) -> View:
    return {
        "type": "modal",
        "callback_id": ids.MOCK_EXAM_VIEW,
        "private_metadata": json.dumps({"attempt": attempt_id}),
        "title": {"type": "plain_text", "text": title[:24], "emoji": True},
        "close": {"type": "plain_text", "text": "Close", "emoji": True},
        "blocks": blocks,
    }


def _button(
    attempt_id: int,
    action: MockAction,
    arg: int,
    text: str,
    letter: str | None = None,
    style: str | None = None,
) -> Block:
    action_id = custom_ids.MOCK_BUTTON.build(
        attempt=attempt_id, action=action.value, arg=arg, letter=letter
    )
    return button(text, action_id, str(arg), style)


def _note(note: str | None) -> list[Block]:
    return [section(f"⚠️ {note}", block_id="note")] if note else []


def _question(q: Question) -> list[Block]:
    return [
        section(escape(q.scenario)),
        section(f"*{escape(ask_text(q))}*"),
        *(section(f"*{x}.* {escape(q.options[x])}") for x in q.letters),
    ]


def attempt_modal(v: AttemptView, note: str | None = None, ticked: list[str] | None = None) -> View:
    """One question of an open attempt. ``ticked`` keeps the boxes a member ticked when
    they do not make a whole answer yet (a choose-N question)."""
    q, a = v.question, v.attempt_id
    flag = " · 🚩 flagged" if v.flagged else ""
    picked = v.pick.replace(",", " and ") if v.pick else "not answered yet"
    blocks: list[Block] = [
        *_note(note),
        section(f"*Question {v.position} of {v.total}*{flag}"),
        *_question(q),
        context(
            f"Your answer: *{picked}* · ends {local_time(v.deadline, '{time}')} · "
            f"{v.answered}/{v.total} answered · {len(v.flagged_positions)} flagged"
        ),
    ]
    if q.choose == 1:
        blocks.append(
            actions(
                [
                    _button(
                        a,
                        MockAction.ANSWER,
                        v.position,
                        x,
                        letter=x,
                        style="primary" if v.pick == x else None,
                    )
                    for x in q.letters
                ],
                block_id="answer",
            )
        )
    else:
        boxes: Block = {
            "type": "checkboxes",
            "action_id": custom_ids.MOCK_SELECT.build(
                attempt=a, kind=MockSelectKind.ANSWERS.value, arg=v.position
            ),
            "options": [option(x, x) for x in q.letters],
        }
        chosen = ticked if ticked is not None else (v.pick.split(",") if v.pick else [])
        if chosen:
            boxes["initial_options"] = [option(x, x) for x in q.letters if x in chosen]
        blocks.append(section(f"Tick exactly {q.choose} answers:"))
        blocks.append(actions([boxes], block_id=f"answer-{v.position}"))
    next_flagged = next(
        (p for p in v.flagged_positions if p > v.position),
        v.flagged_positions[0] if v.flagged_positions else 0,
    )
    moves: list[Block] = []
    if v.position > 1:
        moves.append(_button(a, MockAction.PREVIOUS, v.position - 1, "◀ Previous"))
    moves.append(_button(a, MockAction.FLAG, v.position, "Unflag" if v.flagged else "🚩 Flag"))
    if v.position < v.total:
        moves.append(_button(a, MockAction.NEXT, v.position + 1, "Next ▶"))
    if next_flagged:
        moves.append(_button(a, MockAction.NEXT_FLAGGED, next_flagged, "Review flagged"))
    moves.append(_button(a, MockAction.SUBMIT_CHECK, v.position, "Submit…", style="danger"))
    blocks.append(actions(moves, block_id="moves"))
    jump_options = []
    for p in range(1, v.total + 1):
        state = "🚩" if p in v.flagged_positions else ("·" if p in v.unanswered_positions else "✓")
        jump_options.append(option(f"Question {p} {state}", str(p)))
    jump: Block = {
        "type": "static_select",
        "action_id": custom_ids.MOCK_SELECT.build(
            attempt=a, kind=MockSelectKind.JUMP.value, arg=v.position
        ),
        "placeholder": {"type": "plain_text", "text": "Jump to a question…"},
        "options": jump_options,
        "initial_option": jump_options[v.position - 1],
    }
    blocks.append(actions([jump], block_id="jump"))
    return _modal(a, f"Mock · Q{v.position} of {v.total}", blocks)


def submit_check_modal(v: AttemptView) -> View:
    unanswered = ", ".join(str(p) for p in v.unanswered_positions) or "none"
    flagged = ", ".join(str(p) for p in v.flagged_positions) or "none"
    return _modal(
        v.attempt_id,
        "Submit your exam?",
        [
            section(
                f"*Submit your exam?*\nUnanswered: {unanswered}\nFlagged for review: "
                f"{flagged}\n\n{SUBMIT_ADVICE}"
            ),
            actions(
                [
                    _button(
                        v.attempt_id, MockAction.SUBMIT, v.position, "Submit now", None, "danger"
                    ),
                    _button(v.attempt_id, MockAction.BACK, v.position, "Back to the exam"),
                ],
                block_id="submit",
            ),
        ],
    )


def result_modal(result: ResultView, note: str | None = None) -> View:
    v = result.verdict
    lines = [
        f"{escape(name)}: {right}/{asked} (exam weight {weight:g}%)"
        for _slug, name, right, asked, weight in result.per_domain
        if asked
    ]
    used = f"{result.minutes_used} min" + (
        " (submitted automatically at the deadline)" if result.auto_submitted else ""
    )
    return _modal(
        result.attempt_id,
        "Your mock result",
        [
            *_note(note),
            section(f"*Your mock: {result.correct}/{result.total} ({v.score:.0%}) — {v.label}*"),
            section(
                f"{v.text} Likely range of your true score: {v.low:.0%}–{v.high:.0%}. {PASS_MARK}"
            ),
            section("*By section*\n" + ("\n".join(lines) or "–")),
            context(
                f"Time used: {used} · flagged questions: "
                f"{result.flagged_right} of {result.flagged_total} right"
            ),
            section("*Pacing*\n" + "\n".join(pacing_lines(result.pacing))),
            section(
                "*Time per question* (⏱ over the limit)\n"
                + (time_per_question(result.pacing) or "–")
            ),
            actions(
                [
                    _button(
                        result.attempt_id,
                        MockAction.REVIEW,
                        1,
                        "Review every question",
                        style="primary",
                    )
                ],
                block_id="review",
            ),
        ],
    )


def review_modal(step: ReviewStep) -> View:
    q, a = step.question, step.attempt_id
    if step.key_hidden:
        title = f"*Review {step.position} of {step.total}*"
        verdict = [section(f"*Yours:* {step.pick or '–'}"), section(KEY_WAITS)]
    else:
        judged = "✅ right" if step.correct else "❌ wrong" if step.pick else "— not answered"
        title = f"*Review {step.position} of {step.total} · {judged}*"
        verdict = [
            section(f"*Yours / right:* {step.pick or '–'} / {', '.join(q.answer)}"),
            section(f"*The deciding phrase:* “{escape(q.constraint)}”"),
            section(f"*Why:* {escape(q.explanation)}"),
            context(review_time_line(step.seconds, step.limit_minutes)),
        ]
    moves: list[Block] = []
    if step.position > 1:
        moves.append(_button(a, MockAction.REVIEW_PREVIOUS, step.position - 1, "◀ Previous"))
    if step.position < step.total:
        moves.append(_button(a, MockAction.REVIEW_NEXT, step.position + 1, "Next ▶"))
    moves.append(_button(a, MockAction.RESULTS, 0, "Results"))
    # Why I missed it, in one click (running out of time included); a tag redraws this step.
    tags = [section(TAG_PROMPT), tag_actions(q.id, True, step.tag, SAME)] if step.missed else []
    view = _modal(
        a,
        f"Review · {step.position} of {step.total}",
        [section(title), *_question(q), *verdict, *tags, actions(moves, block_id="moves")],
    )
    view["private_metadata"] = json.dumps({"attempt": a, "position": step.position})
    return view


def refusal_modal(attempt_id: int, text: str, back_to: int | None) -> View:
    """A refusal inside the exam (modals have no private replies), with a way back."""
    blocks: list[Block] = [section(f"⚠️ {text}", block_id="note")]
    if back_to:
        blocks.append(
            actions(
                [_button(attempt_id, MockAction.BACK, back_to, "Back to the exam")],
                block_id="moves",
            )
        )
    return _modal(attempt_id, "Mock exam", blocks)


def for_night(view: View, mock_id: int) -> View:
    """The modal, remembering which night it belongs to (for the clock's last word)."""
    meta = json.loads(view["private_metadata"])
    view["private_metadata"] = json.dumps({**meta, "mock": mock_id})
    return view


def night_of(view: dict[str, Any]) -> int | None:
    """The night an exam modal on screen belongs to."""
    mock = json.loads(view.get("private_metadata") or "{}").get("mock")
    return mock if isinstance(mock, int) else None


def exam_modal(outcome: object, note: str | None = None) -> View:
    """The modal for what the exam service returned."""
    if isinstance(outcome, AttemptView):
        return attempt_modal(outcome, note)
    if isinstance(outcome, ResultView):
        return result_modal(outcome, note)
    if isinstance(outcome, ReviewStep):
        return review_modal(outcome)
    raise TypeError(outcome)
