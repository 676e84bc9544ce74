"""Why I missed it: the reasons a member can give for a miss, and what their pattern says.

A reason is stored with its one-letter code (also its part of a component id); the wording
is the same on every platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class MissReason(StrEnum):
    """Why a decision went wrong; the value is its code in the database and in ids."""

    CONSTRAINT = "c"
    ASSUMPTION = "a"
    UNKNOWN_SERVICE = "u"
    MISREAD = "m"
    CHANGED = "x"
    TIME = "t"  # mocks only: a timed exam is the only place time can run out


#: The code a "clear my tag" button carries instead of a reason.
CLEAR = "0"

#: How a reason reads on its button and in a pattern.
LABELS: dict[MissReason, str] = {
    MissReason.CONSTRAINT: "Overlooked the deciding constraint",
    MissReason.ASSUMPTION: "Wrong assumption about a service",
    MissReason.UNKNOWN_SERVICE: "Did not know the service",
    MissReason.MISREAD: "Misread the question",
    MissReason.CHANGED: "Changed a right answer",
    MissReason.TIME: "Ran out of time",
}

#: The short form used in "most misses: …".
SHORT: dict[MissReason, str] = {
    MissReason.CONSTRAINT: "overlooked the constraint",
    MissReason.ASSUMPTION: "wrong assumption about a service",
    MissReason.UNKNOWN_SERVICE: "did not know the service",
    MissReason.MISREAD: "misread the question",
    MissReason.CHANGED: "changed a right answer",
    MissReason.TIME: "ran out of time",
}

#: One concrete suggestion per reason, shown with a member's pattern.
SUGGESTIONS: dict[MissReason, str] = {
    MissReason.CONSTRAINT: (
        "Before looking at the options, underline the one phrase that decides the scenario "
        "(cost, latency, no-code, managed, data residency) and test each option against it."
    ),
    MissReason.ASSUMPTION: (
        "For each service you assumed about, read its limits and when-to-use page and write "
        "one line on what it does not do."
    ),
    MissReason.UNKNOWN_SERVICE: (
        "Keep a list of the services you met for the first time and read one overview page "
        "a day; /review brings those questions back."
    ),
    MissReason.MISREAD: (
        "Read the last sentence first (what is asked), then the scenario, and check words "
        "like NOT, first, least and most before you pick."
    ),
    MissReason.CHANGED: (
        "Change an answer only when you can name the phrase that proves the first pick "
        "wrong; a second guess without new evidence is usually worse."
    ),
    MissReason.TIME: (
        "Give no question more than about two minutes: flag it, move on, and come back "
        "with the time you have left."
    ),
}


def reasons(mock: bool) -> list[MissReason]:
    """The reasons offered for a miss: running out of time only in a mock."""
    return [r for r in MissReason if mock or r is not MissReason.TIME]


def parse_reason(code: str) -> MissReason | None:
    """The reason for a code; ``None`` for the clear code. Unknown codes raise ValueError."""
    return None if code == CLEAR else MissReason(code)


@dataclass(frozen=True)
class MissPattern:
    """How often each reason was given, most frequent first (ties in the order above)."""

    counts: list[tuple[MissReason, int]]

    @property
    def total(self) -> int:
        return sum(n for _r, n in self.counts)

    @property
    def top(self) -> MissReason:
        return self.counts[0][0]

    def headline(self) -> str:
        """ "most misses: overlooked the constraint — 7 of 12"."""
        reason, count = self.counts[0]
        return f"most misses: {SHORT[reason]} — {count} of {self.total}"

    def breakdown(self) -> str:
        """Every reason given, with its count: "overlooked the constraint 7 · misread …"."""
        return " · ".join(f"{SHORT[r]} {n}" for r, n in self.counts)

    @property
    def suggestion(self) -> str:
        return SUGGESTIONS[self.top]


def miss_pattern(counts: Mapping[MissReason, int]) -> MissPattern | None:
    """The pattern of these counts, or ``None`` when no miss was tagged."""
    order = list(MissReason)
    ranked = sorted(
        ((r, n) for r, n in counts.items() if n > 0), key=lambda rn: (-rn[1], order.index(rn[0]))
    )
    return MissPattern(ranked) if ranked else None


TAG_PROMPT = "Why did you miss it? One click tags it for you alone; click another to change it."


def tagged_text(reason: MissReason | None, question_id: str, stats_command: str) -> str:
    """What a member is told after tagging (or clearing) a miss; ``stats_command`` is the
    platform's name of the statistics command."""
    if reason is None:
        return f"Cleared the reason for `{question_id}`. Tag it again any time."
    return (
        f"Tagged `{question_id}`: “{LABELS[reason]}”. Only you see your tags; "
        f"`{stats_command}` shows your pattern. Click another reason to change it."
    )


#: Headings of the pattern in ``stats`` and in the weekly recap.
MEMBER_PATTERN_TITLE = "Why I missed it (only you see this)"
GROUP_PATTERN_TITLE = "Why we missed (tags, no names)"


def member_pattern_text(pattern: MissPattern) -> str:
    """A member's pattern with the suggestion tied to their most frequent reason."""
    return f"{pattern.headline().capitalize()}\nTry this: {pattern.suggestion}"


def group_pattern_text(pattern: MissPattern) -> str:
    """The group's pattern for the recap: counts per reason, never who gave them."""
    return f"{pattern.headline().capitalize()} ({pattern.breakdown()})"
