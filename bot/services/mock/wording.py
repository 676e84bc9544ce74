"""Words about mock nights that read the same on every platform (each adapter adds its own
markup and command names around them)."""

from __future__ import annotations

from bot.core.pacing import DEFAULT_PACE, FlagReturn, GroupPacing, Pacing, clock
from bot.core.states import NoticeKind
from bot.core.text import plural
from bot.services.mock.views import MockView

EXAM_CONDITIONS = (
    "Exam conditions: timed, no notes, answer every question, flag hard ones and come back."
)
SUBMIT_ADVICE = "There is no penalty for a wrong answer, so answer everything before you submit."
PASS_MARK = "The real pass mark is not published; 70% is our working target."
KEY_WAITS = (
    "This question is the group's open daily question right now, so its answer and "
    "explanation show here once it is revealed."
)
NOBODY_TOOK_PART = "Nobody took this mock. The next one is a good chance!"


def mock_size(mock: MockView) -> str:
    """ "50 questions in 120 minutes"."""
    return f"{plural(mock.question_count, 'question')} in {plural(mock.duration_minutes, 'minute')}"


def reminder_when(kind: str) -> str:
    """ "tomorrow" for the 24-hour reminder, "in an hour" for the last one."""
    return "tomorrow" if kind == NoticeKind.MOCK_DAY_BEFORE else "in an hour"


def score_bands(scores: list[float]) -> list[int]:
    """How many scores fall in 0–19%, 20–39%, … 80–100% (the debrief's histogram)."""
    bands = [0] * 5
    for score in scores:
        bands[min(int(score * 5), 4)] += 1
    return bands


def band_label(index: int) -> str:
    return f"{20 * index:>3}–{20 * index + 19 if index < 4 else 100}%"


PACING_RULE = "No question deserves more than a few minutes: flag it and move on."
RETURN_WORDS = {
    FlagReturn.KEPT_RIGHT: "kept a right answer",
    FlagReturn.FIXED: "fixed a wrong one",
    FlagReturn.SPOILED: "changed a right answer to a wrong one",
    FlagReturn.STILL_WRONG: "still wrong",
}


def _returns(returns: dict[FlagReturn, int]) -> str:
    came_back = sum(returns.values())
    if not came_back:
        return "No flagged question was come back to."
    parts = ", ".join(f"{n} {RETURN_WORDS[r]}" for r, n in returns.items() if n)
    return f"Flagged and came back to: {plural(came_back, 'question')} — {parts}."


def time_per_question(p: Pacing) -> str:
    """ "1 · 2:10   2 · 0:45 ⏱ …", slow questions marked, in paper order."""
    limit = p.limit_minutes * 60
    return "  ".join(
        f"{n}·{clock(s)}{'⏱' if s > limit else ''}" for n, s in enumerate(p.seconds, 1)
    )


def pacing_lines(p: Pacing) -> list[str]:
    """A member's pacing in their results: the slow questions, time left, flags revisited."""
    slow = p.slow
    limit = f"{p.limit_minutes}-minute limit"
    return [
        f"Over the {limit}: questions {', '.join(map(str, slow))}. {PACING_RULE}"
        if slow
        else f"No question took longer than the {limit}.",
        f"Time left at submit: {clock(p.seconds_left)}.",
        _returns(p.returns),
    ]


def review_time_line(seconds: int, limit_minutes: int) -> str:
    over = f" — over the {limit_minutes}-minute limit" if seconds > limit_minutes * 60 else ""
    return f"Your time on it: {clock(seconds)}{over}"


def group_pacing_lines(g: GroupPacing) -> list[str]:
    """The night's pacing across the group, with no names."""
    return [
        f"Median time on a question: {clock(g.median_seconds)} · {g.slow_share:.0%} of "
        f"questions took longer than {plural(g.limit_minutes, 'minute')}.",
        f"Median time left at submit: {clock(g.median_left_seconds)}"
        + (f" · {plural(g.ran_out, 'attempt')} ran out of time." if g.ran_out else "."),
        _returns(g.returns),
    ]


def pace_note(mock: MockView) -> str:
    """ " · 5 min a question" when the night's pacing limit is not the default."""
    return "" if mock.pace_minutes == DEFAULT_PACE else f" · {mock.pace_minutes} min a question"
