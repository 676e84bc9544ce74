"""Week arithmetic of the eight-week plan.

Rules (documented in README, "The study plan"):
- Week 1 starts on the group's plan start date; weeks are 7 local days.
- Without an exam date the plan has 8 weeks; after week 8 every week is a revision week.
- With an exam date, the plan has ``total = (exam - start) // 7 + 1`` weeks, so the exam
  falls in the last week:
  - total ≥ 8: themes 1–6, then ``total - 8`` revision weeks, then theme 7 (mock exams) and
    theme 8 (targeted revision);
  - 3 ≤ total < 8: themes 1–6 are merged into ``total - 2`` weeks (as evenly as possible,
    earlier weeks take the extra theme), then themes 7 and 8;
  - total = 2: themes 7 and 8; total ≤ 1: theme 8 only.
- The last two weeks of the plan are the final stretch: fewer new questions, more revisiting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.core.text import plural

STANDARD_WEEKS = 8
CONTENT_THEMES = (1, 2, 3, 4, 5, 6)
MOCK_THEME, FINAL_THEME = 7, 8
REVISION = 0  # a revision week (not one of the eight themes)
FOCUS_SHARE = 0.7


@dataclass(frozen=True)
class PlanWeek:
    """One calendar week of a group's plan."""

    number: int  # 1-based week of the plan
    total: int  # weeks in the plan (8 without an exam date)
    themes: tuple[int, ...]  # theme numbers from the plan content; (0,) = revision week
    start: date  # first day of the week (local)

    @property
    def final_stretch(self) -> bool:
        """The plan's last two weeks (revision weeks after the end are not)."""
        return self.total - 2 < self.number <= self.total

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


def total_weeks(plan_start: date, exam_date: date | None) -> int:
    if exam_date is None:
        return STANDARD_WEEKS
    return max((exam_date - plan_start).days // 7 + 1, 1)


def layout(total: int) -> list[tuple[int, ...]]:
    """Theme numbers for each week of a plan of ``total`` weeks."""
    if total <= 1:
        return [(FINAL_THEME,)]
    if total == 2:
        return [(MOCK_THEME,), (FINAL_THEME,)]
    tail: list[tuple[int, ...]] = [(MOCK_THEME,), (FINAL_THEME,)]
    if total >= STANDARD_WEEKS:
        singles: list[tuple[int, ...]] = [(t,) for t in CONTENT_THEMES]
        return singles + [(REVISION,)] * (total - STANDARD_WEEKS) + tail
    slots = total - 2
    base, extra = divmod(len(CONTENT_THEMES), slots)
    merged: list[tuple[int, ...]] = []
    index = 0
    for slot in range(slots):
        size = base + (1 if slot < extra else 0)
        merged.append(CONTENT_THEMES[index : index + size])
        index += size
    return merged + tail


def week_number(plan_start: date, today: date) -> int:
    """1 for the first seven days from the start; 0 before the plan starts."""
    if today < plan_start:
        return 0
    return (today - plan_start).days // 7 + 1


def plan_week(plan_start: date, exam_date: date | None, number: int) -> PlanWeek:
    """The plan's week ``number`` (1-based); weeks past the end are revision weeks."""
    total = total_weeks(plan_start, exam_date)
    weeks = layout(total)
    themes = weeks[number - 1] if 1 <= number <= len(weeks) else (REVISION,)
    start = plan_start + timedelta(days=7 * (max(number, 1) - 1))
    return PlanWeek(number=max(number, 1), total=total, themes=themes, start=start)


def current_week(plan_start: date, exam_date: date | None, today: date) -> PlanWeek:
    return plan_week(plan_start, exam_date, max(week_number(plan_start, today), 1))


def focus_weights(
    weights: Mapping[str, float], focus: Sequence[str], share: float = FOCUS_SHARE
) -> dict[str, float]:
    """Domain weights where the focus domains get ``share`` of the questions together
    (split by their exam weights) and the rest keep the remainder, so nothing is forgotten."""
    chosen = [d for d in focus if d in weights]
    if not chosen or len(chosen) == len(weights):
        return dict(weights)
    focus_total = sum(weights[d] for d in chosen)
    other_total = sum(w for d, w in weights.items() if d not in chosen)
    return {
        d: (share * w / focus_total) if d in chosen else ((1 - share) * w / other_total)
        for d, w in weights.items()
    }


def days_until(today: date, target: date | None) -> int | None:
    return None if target is None else (target - today).days


def countdown(days: int | None) -> str:
    """A :func:`days_until` count as words: "in 3 days", "today", "2 days ago", "not set"."""
    if days is None:
        return "not set"
    if days < 0:
        return f"{plural(-days, 'day')} ago"
    return "today" if days == 0 else f"in {plural(days, 'day')}"


def first_study_day_of_week(
    is_study_day: Callable[[date], bool], week_start: date, day: date
) -> bool:
    """Whether ``day`` is the first study day of the plan week starting ``week_start``."""
    if not is_study_day(day):
        return False
    return not any(
        is_study_day(week_start + timedelta(days=k)) for k in range((day - week_start).days)
    )


def in_quiet_hours(local: time, start: time | None, end: time | None) -> bool:
    """Whether a local time falls in quiet hours (which may wrap past midnight)."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end
