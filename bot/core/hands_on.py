"""Hands-on weeks: which themes' tasks a member may tick off, and their short reflections.

Rules (documented in README, "Hands-on weeks"):
- Every theme of the eight-week plan carries a hands-on task with a checklist of 3–6 steps.
- A member may tick steps of the themes the plan has reached (the current week's and every
  earlier week's), never of a week still to come: catching up is welcome, racing ahead is not
  the point. After the plan's last week, every theme is open.
- A task is finished when every step is ticked; a reflection (up to 500 characters) is
  optional and can be changed or cleared at any time.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from bot.core.errors import InvalidInput
from bot.core.plan import REVISION, layout, total_weeks, week_number

REFLECTION_MAX = 500


def open_themes(plan_start: date, exam_date: date | None, today: date) -> set[int]:
    """The themes whose hands-on steps can be ticked today."""
    reached = week_number(plan_start, today)
    weeks = layout(total_weeks(plan_start, exam_date))
    return {t for themes in weeks[:reached] for t in themes if t != REVISION}


def clean_reflection(text: str) -> str | None:
    """The reflection as stored (None clears it); too long is refused with the count."""
    cleaned = text.strip()
    if len(cleaned) > REFLECTION_MAX:
        raise InvalidInput(
            [
                f"A reflection holds up to {REFLECTION_MAX} characters; yours has "
                f"{len(cleaned)}. Shorten it and send it again."
            ],
            echo=cleaned,
        )
    return cleaned or None


def is_finished(done: Collection[int], steps: int) -> bool:
    return steps > 0 and all(n in done for n in range(1, steps + 1))
