"""Item analysis: questions judged by how members answered them.

From revealed answers (every group), each question gets its *difficulty* (the share of
answers that were right), its *discrimination* (do members who are strong overall get it
right more often than the weak?) and each wrong option's *pull* (who chooses it). A question
whose strong members do no better than its weak ones, or whose strong members prefer a
wrong option, usually has a wrong key, two defensible answers or a misleading scenario.

A member's strength is their share of right answers on *the other* revealed questions they
answered (this one left out, so a question does not vouch for itself). Discrimination is the
point-biserial correlation between that strength and getting this question right; the
upper–lower index (right share among the strongest 27% minus among the weakest 27%) and the
distractors' pull use the same two groups. Every threshold is here and in README ("Questions
judged by their answers").
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core.scoring import pick_letters

MIN_ANSWERS = 30  # answers from ranked members before a question is judged at all
MIN_MEMBER_ANSWERS = 5  # other revealed answers a member needs to be ranked strong or weak
GROUP_SHARE = 0.27  # the strong and the weak group: the top and bottom 27% of the ranked
LOW_DISCRIMINATION = 0.10  # a point-biserial below this looks broken (below 0: negative)
DISTRACTOR_MARGIN = 0.20  # a distractor chosen by this much more of the strong than the weak


class Flag(StrEnum):
    """Why a question looks broken."""

    NEGATIVE = "negative-discrimination"
    NEAR_ZERO = "near-zero-discrimination"
    STRONG_DISTRACTOR = "distractor-pulls-strong-members"


@dataclass(frozen=True)
class Response:
    """One revealed answer: who, to which question, which letters."""

    question_id: str
    member: int
    pick: str  # normalised letters, "A" or "A,C"


@dataclass(frozen=True)
class Key:
    """What the bank says of a question: its options and its right letters."""

    letters: tuple[str, ...]
    answer: frozenset[str]

    def is_right(self, pick: str) -> bool:
        return frozenset(pick_letters(pick)) == self.answer


@dataclass(frozen=True)
class Pull:
    """A wrong option: the share of answers choosing it, among all, the strong and the weak."""

    letter: str
    share: float
    strong: float | None
    weak: float | None


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    answers: int  # every revealed answer
    ranked: int  # answers by members with enough other answers to be ranked
    difficulty: float  # share of answers that were right
    discrimination: float | None  # point-biserial; None when it cannot be computed
    upper_lower: float | None  # right share, strongest 27% minus weakest 27%
    distractors: tuple[Pull, ...]
    flags: tuple[Flag, ...]

    def reasons(self) -> list[str]:
        """Why it is flagged, in words for organisers and authors (empty when it is not)."""
        found = []
        if Flag.NEGATIVE in self.flags:
            found.append(
                f"members strong overall get it right less often than the weak "
                f"(discrimination {self.discrimination:+.2f})"
            )
        if Flag.NEAR_ZERO in self.flags:
            found.append(
                f"strong and weak members get it right about as often "
                f"(discrimination {self.discrimination:+.2f})"
            )
        for pull in self.distractors:
            if _pulls_strong(pull):
                found.append(
                    f"option {pull.letter} is chosen by {pull.strong:.0%} of strong members "
                    f"but {pull.weak:.0%} of weak ones: is it right too, or the key wrong?"
                )
        return found

    def summary(self) -> str:
        """One line: how many answered, difficulty, discrimination."""
        found = f"{self.answers} answers, {self.difficulty:.0%} right"
        if self.discrimination is not None:
            found += f", discrimination {self.discrimination:+.2f}"
        return found


def _pulls_strong(pull: Pull) -> bool:
    return (
        pull.strong is not None
        and pull.weak is not None
        and pull.strong - pull.weak > DISTRACTOR_MARGIN
    )


@dataclass(frozen=True)
class _Row:
    member: int
    letters: frozenset[str]
    right: bool
    strength: float | None  # share right on the member's other answers; None: too few


def analyse(responses: Iterable[Response], keys: Mapping[str, Key]) -> list[ItemStats]:
    """Every question of ``keys`` that was answered, most broken-looking first (flagged,
    then by discrimination). Answers to questions not in ``keys`` are ignored."""
    known = [
        (r.question_id, r.member, frozenset(pick_letters(r.pick)))
        for r in responses
        if r.question_id in keys
    ]
    right = [letters == keys[qid].answer for qid, _, letters in known]
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # member → [right, answered]
    for (_, member, _), ok in zip(known, right, strict=True):
        totals[member][0] += ok
        totals[member][1] += 1
    per_question: dict[str, list[_Row]] = defaultdict(list)
    for (qid, member, letters), ok in zip(known, right, strict=True):
        member_right, answered = totals[member]
        others = answered - 1
        strength = (member_right - ok) / others if others >= MIN_MEMBER_ANSWERS else None
        per_question[qid].append(_Row(member, letters, ok, strength))
    found = [_item(qid, keys[qid], rows) for qid, rows in per_question.items()]
    return sorted(found, key=lambda s: (not s.flags, s.discrimination or 0.0, s.question_id))


def _item(question_id: str, key: Key, rows: list[_Row]) -> ItemStats:
    ranked = sorted(
        (r for r in rows if r.strength is not None),
        key=lambda r: (r.strength, r.member),
    )
    size = round(GROUP_SHARE * len(ranked))
    weak, strong = (ranked[:size], ranked[-size:]) if size else ([], [])
    discrimination = _point_biserial([(r.strength or 0.0, r.right) for r in ranked])
    upper_lower = _share(strong, None) - _share(weak, None) if size else None
    chosen = Counter(letter for r in rows for letter in r.letters)
    distractors = tuple(
        Pull(
            letter=letter,
            share=chosen[letter] / len(rows),
            strong=_share(strong, letter) if size else None,
            weak=_share(weak, letter) if size else None,
        )
        for letter in key.letters
        if letter not in key.answer
    )
    flags: list[Flag] = []
    if len(ranked) >= MIN_ANSWERS:
        if discrimination is not None and discrimination < 0:
            flags.append(Flag.NEGATIVE)
        elif discrimination is not None and discrimination < LOW_DISCRIMINATION:
            flags.append(Flag.NEAR_ZERO)
        if any(_pulls_strong(p) for p in distractors):
            flags.append(Flag.STRONG_DISTRACTOR)
    return ItemStats(
        question_id=question_id,
        answers=len(rows),
        ranked=len(ranked),
        difficulty=sum(r.right for r in rows) / len(rows),
        discrimination=discrimination,
        upper_lower=upper_lower,
        distractors=distractors,
        flags=tuple(flags),
    )


def _share(group: list[_Row], letter: str | None) -> float:
    """Share of ``group`` that was right (``letter`` None) or chose ``letter``."""
    if letter is None:
        return sum(r.right for r in group) / len(group)
    return sum(letter in r.letters for r in group) / len(group)


def _point_biserial(rows: list[tuple[float, bool]]) -> float | None:
    """Correlation of strength with being right; None without spread in either."""
    n = len(rows)
    right = [s for s, ok in rows if ok]
    wrong = [s for s, ok in rows if not ok]
    if not right or not wrong:
        return None
    mean = sum(s for s, _ in rows) / n
    spread = math.sqrt(sum((s - mean) ** 2 for s, _ in rows) / n)
    if spread == 0:
        return None
    p = len(right) / n
    gap = sum(right) / len(right) - sum(wrong) / len(wrong)
    return gap / spread * math.sqrt(p * (1 - p))


def to_json(items: list[ItemStats]) -> str:
    """The export read by ``content check --items``."""
    return json.dumps(
        {
            "thresholds": {
                "min_answers": MIN_ANSWERS,
                "min_member_answers": MIN_MEMBER_ANSWERS,
                "group_share": GROUP_SHARE,
                "low_discrimination": LOW_DISCRIMINATION,
                "distractor_margin": DISTRACTOR_MARGIN,
            },
            "items": [_item_json(item) for item in items],
        },
        indent=2,
    )


def _item_json(item: ItemStats) -> dict[str, Any]:
    return {
        "question_id": item.question_id,
        "answers": item.answers,
        "ranked": item.ranked,
        "difficulty": round(item.difficulty, 4),
        "discrimination": None if item.discrimination is None else round(item.discrimination, 4),
        "upper_lower": None if item.upper_lower is None else round(item.upper_lower, 4),
        "distractors": [
            {"letter": p.letter, "share": p.share, "strong": p.strong, "weak": p.weak}
            for p in item.distractors
        ],
        "flags": [str(f) for f in item.flags],
    }


def from_json(text: str) -> list[ItemStats]:
    """Items from an export; ValueError (with what is wrong) for anything else."""
    try:
        data = json.loads(text)
        return [
            ItemStats(
                question_id=str(raw["question_id"]),
                answers=int(raw["answers"]),
                ranked=int(raw["ranked"]),
                difficulty=float(raw["difficulty"]),
                discrimination=raw["discrimination"],
                upper_lower=raw["upper_lower"],
                distractors=tuple(
                    Pull(str(d["letter"]), float(d["share"]), d["strong"], d["weak"])
                    for d in raw["distractors"]
                ),
                flags=tuple(Flag(f) for f in raw["flags"]),
            )
            for raw in data["items"]
        ]
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"not an item-analysis export ({error})") from None
