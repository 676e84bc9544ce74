"""Words about mock nights that read the same on every platform (each adapter adds its own
markup and command names around them)."""

from __future__ import annotations

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
