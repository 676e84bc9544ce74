"""The largest content ``content check`` accepts and the largest things a group can add to it.

``worst_question`` fills every field of a question to its cap; the other builders fill what
members contribute (1,000-character reasonings, hundreds of members right, streak milestones,
open reports) to the most a screen can be asked to show. Texts are made of varied words so
that several worst-case questions are not near-duplicates of each other.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

from bot.content.schema import (
    CONSTRAINT_MAX,
    EXPLANATION_MAX,
    OPTION_MAX,
    QUESTION_MAX,
    REFERENCE_MAX,
    REFERENCES_MAX,
    SCENARIO_MAX,
    WHY_NOT_MAX,
    Question,
)
from bot.core.items import Flag, ItemStats, Pull
from bot.services.daily import (
    MAX_REASONING,
    QUOTES_IN_REVEAL,
    Milestone,
    OptionSplit,
    Quote,
    RevealCard,
)
from bot.services.reports import MAX_DETAILS, ReportView

WORDS = [
    "model",
    "pipeline",
    "endpoint",
    "feature",
    "latency",
    "drift",
    "batch",
    "online",
    "training",
    "serving",
    "monitor",
    "dataset",
    "schema",
    "label",
    "quota",
    "region",
    "budget",
    "tuning",
    "vertex",
    "bigquery",
    "dataflow",
    "gpu",
    "tpu",
    "container",
    "registry",
    "explain",
    "fairness",
    "privacy",
    "retrain",
    "schedule",
    "artifact",
    "metadata",
    "lineage",
    "embedding",
    "vector",
    "index",
    "prompt",
    "gemini",
    "evaluation",
    "threshold",
    "alert",
    "rollout",
    "canary",
    "shadow",
]
SNOWFLAKE = 18_446_744_073_709_551_615  # the largest 64-bit id: 20 digits
WHEN = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)


def text(length: int, seed: str, ending: str = "") -> str:
    """Exactly ``length`` characters of words (then ``ending``), different for each seed."""
    rng = random.Random(seed)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    body = " ".join(words)[: length - len(ending)].rstrip()
    return body + "x" * (length - len(ending) - len(body)) + ending


def worst_question_data(question_id: str, domain: str, subtopic: str) -> dict[str, Any]:
    """A choose-2 question (five options, two keyed, three why-nots) at every cap, as YAML
    would give it."""
    constraint = text(CONSTRAINT_MAX, f"{question_id}-constraint")
    before = text((SCENARIO_MAX - CONSTRAINT_MAX) // 2 - 1, f"{question_id}-before")
    after = text(SCENARIO_MAX - CONSTRAINT_MAX - len(before) - 2, f"{question_id}-after")
    letters = "ABCDE"
    return {
        "id": (question_id + "-" + "x" * 80)[:80],
        "domain": domain,
        "subtopic": subtopic,
        "topics": ["limits"],
        "difficulty": 3,
        "choose": 2,
        "scenario": f"{before} {constraint} {after}",
        "question": text(QUESTION_MAX, f"{question_id}-ask", " (Choose 2.)"),
        "options": {x: text(OPTION_MAX, f"{question_id}-option-{x}") for x in letters},
        "answer": ["A", "B"],
        "constraint": constraint,
        "explanation": text(EXPLANATION_MAX, f"{question_id}-why"),
        "why_not": {x: text(WHY_NOT_MAX, f"{question_id}-not-{x}") for x in "CDE"},
        "references": [
            "https://cloud.google.com/docs/" + text(REFERENCE_MAX - 30, str(n)).replace(" ", "-")
            for n in range(REFERENCES_MAX)
        ],
        "concept": "worst-case-rendering",
        "reviewed": {"on": "2026-12-07", "guide": "v3"},
    }


def worst_question(question_id: str = "serving-limits") -> Question:
    question = Question.model_validate(worst_question_data(question_id, "serving", "limits"))
    assert question.problems() == []
    return question


def member(n: int) -> str:
    return str(SNOWFLAKE - n)


def name(n: int) -> str:
    """A display name as long as we keep (100 characters)."""
    return text(100, f"name-{n}")


def worst_reveal(question: Question) -> RevealCard:
    """A reveal that many members answered: all right, long reasonings, streak milestones,
    open reports."""
    members = [member(n) for n in range(1000)]
    return RevealCard(
        daily_id=999_999_999,
        guild_id=str(SNOWFLAKE),
        channel_id=str(SNOWFLAKE),
        question_channel_id=str(SNOWFLAKE),
        question_message_id=str(SNOWFLAKE),
        study_date=date(2026, 12, 31),
        question=question,
        domain_name="Serving and scaling models",
        answer_count=999_999,
        correct_count=999_999,
        split=[
            OptionSplit(x, question.options[x], 999_999, x in question.answer_set)
            for x in question.letters
        ],
        correct_members=members,
        correct_names=[name(n) for n in range(1000)],
        quotes=[
            Quote(
                member(n),
                "A,B",
                n % 2 == 0,
                5,
                text(MAX_REASONING, f"reasoning-{n}"),
                name(n),
            )
            for n in range(QUOTES_IN_REVEAL)
        ],
        milestones=[Milestone(member(n), 1000, name(n)) for n in range(1000)],
        reveal_message_id=str(SNOWFLAKE),
        thread_id=str(SNOWFLAKE),
        open_reports=999_999,
    )


def worst_reports(questions: int = 40, per_question: int = 30) -> list[ReportView]:
    """Many open reports with the longest details, on questions with the longest ids."""
    return [
        ReportView(
            id=2_147_483_647 - q * per_question - r,
            question_id=(f"q{q}-" + "x" * 80)[:80],
            reason="wrong-key",
            details=text(MAX_DETAILS, f"report-{q}-{r}"),
            member_external_id=member(r),
            created_at=WHEN,
            status="open",
            resolution=None,
        )
        for q in range(questions)
        for r in range(per_question)
    ]


def worst_flagged() -> list[ItemStats]:
    """Thirty questions with the longest ids, flagged for every reason."""
    return [
        ItemStats(
            question_id=f"q{n:02d}-" + "x" * 76,
            answers=99_999,
            ranked=99_999,
            difficulty=0.5,
            discrimination=-0.99,
            upper_lower=-0.99,
            distractors=tuple(Pull(x, 1.0, 1.0, 0.0) for x in "BCDE"),
            flags=(Flag.NEGATIVE, Flag.STRONG_DISTRACTOR),
        )
        for n in range(30)
    ]
