"""Pydantic models for everything under ``content/``; unknown keys are errors."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    field_validator,
    model_validator,
)

from bot.core.text import plural

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LETTERS = "ABCDE"

# Length caps (characters) chosen so that the largest possible question still fits every
# Discord message that shows it: the reveal (answer, explanation, deciding phrase, every
# why-not and the references share 6,000 characters with the group's split and quotes), a
# field value (1,024: explanation, references) and the question post. content/SCHEMA.md lists
# them; tests/adapter/test_limits.py renders a question at every cap.
SCENARIO_MAX = 1000
QUESTION_MAX = 300
OPTION_MAX = 300
CONSTRAINT_MAX = 200
EXPLANATION_MAX = 900
WHY_NOT_MAX = 400
REFERENCES_MAX = 5
REFERENCE_MAX = 200


def _short_url(url: HttpUrl) -> HttpUrl:
    if len(str(url)) > REFERENCE_MAX:
        raise ValueError(
            f"URL should have at most {REFERENCE_MAX} characters (it has {len(str(url))})"
        )
    return url


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Domain(_Strict):
    slug: Annotated[str, Field(pattern=ID_PATTERN)]
    number: Annotated[int, Field(ge=1)]
    name: Annotated[str, Field(min_length=3, max_length=100)]
    weight: Annotated[float, Field(gt=0, le=100)]
    subtopics: Annotated[dict[Annotated[str, Field(pattern=ID_PATTERN)], str], Field(min_length=1)]


class Targets(_Strict):
    """Bank-wide targets ``content check`` holds the active questions to; each is checked
    only when the exam file declares it (a small or new bank may declare none)."""

    min_questions: Annotated[int, Field(ge=1)] | None = None
    share_tolerance: Annotated[float, Field(gt=0, le=1)] | None = None  # per section vs weight
    min_multi: Annotated[float, Field(ge=0, le=1)] | None = None  # share asking for several
    max_letter: Annotated[float, Field(gt=0, le=1)] | None = None  # share keyed by one letter
    max_longest: Annotated[float, Field(gt=0, le=1)] | None = None  # key is the longest option
    key_echo: bool = False  # the key leads the word overlap no more often than chance
    key_length_rank: bool = False  # the key is the shortest / longest option as often as chance
    length_margin: Annotated[float, Field(gt=0, lt=1)] | None = None  # no option stands out
    max_concept: Annotated[int, Field(ge=1)] | None = None  # questions keyed by one concept
    min_hard: Annotated[float, Field(ge=0, le=1)] | None = None  # share at difficulty 3
    max_easy: Annotated[float, Field(ge=0, le=1)] | None = None  # share at difficulty 1
    min_coverage: Annotated[int, Field(ge=1)] | None = None  # questions per subtopic, pattern


# Slack limits an app's name to 35 characters and its short description to 140.
APP_NAME_MAX = 35


class ExamGuide(_Strict):
    exam: Annotated[str, Field(min_length=3, max_length=150)]
    # The exam's short name, used where the full one is too long: the mock-night event's
    # title, the Slack app's name and description.
    short_name: Annotated[str, Field(min_length=2, max_length=APP_NAME_MAX - len(" Study Bot"))]
    guide_version: str
    guide_url: HttpUrl
    duration_minutes: Annotated[int, Field(gt=0)]
    questions_per_exam: str
    domains: Annotated[list[Domain], Field(min_length=1)]
    patterns: dict[Annotated[str, Field(pattern=ID_PATTERN)], str] = Field(default_factory=dict)
    targets: Targets = Field(default_factory=Targets)

    @model_validator(mode="after")
    def _weights_sum_to_100(self) -> ExamGuide:
        total = sum(d.weight for d in self.domains)
        if abs(total - 100) > 0.01:
            raise ValueError(f"domain weights add up to {total:g}, not 100")
        slugs = [d.slug for d in self.domains]
        if len(set(slugs)) != len(slugs):
            raise ValueError("domain slugs must be unique")
        return self

    def domain(self, slug: str) -> Domain:
        for domain in self.domains:
            if domain.slug == slug:
                return domain
        raise KeyError(slug)

    @property
    def weights(self) -> dict[str, float]:
        return {d.slug: d.weight for d in self.domains}

    @property
    def app_name(self) -> str:
        """The bot's name where a platform shows one (the Slack app)."""
        return f"{self.short_name} Study Bot"

    @property
    def help_heading(self) -> str:
        """The first line of every help text."""
        return f"Study group for the {self.exam} exam"

    def mock_title(self, number: int) -> str:
        """A mock night's title in calendars and events."""
        return f"{self.short_name} mock exam #{number}"


class Review(_Strict):
    """When a question was last checked against the documentation, and for which guide."""

    on: date
    guide: Annotated[str, Field(min_length=1, max_length=20)]


class Question(_Strict):
    """One scenario question; see ``content/SCHEMA.md`` for the meaning of each field."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    domain: str
    subtopic: str
    patterns: list[str] = Field(default_factory=list)
    topics: Annotated[
        list[Annotated[str, Field(pattern=ID_PATTERN)]], Field(min_length=1, max_length=6)
    ]
    difficulty: Annotated[int, Field(ge=1, le=3)]
    choose: Annotated[int, Field(ge=1, le=2)] = 1
    scenario: Annotated[str, Field(min_length=40, max_length=SCENARIO_MAX)]
    question: Annotated[str, Field(min_length=10, max_length=QUESTION_MAX)]
    options: dict[str, Annotated[str, Field(min_length=1, max_length=OPTION_MAX)]]
    answer: list[str]
    constraint: Annotated[str, Field(min_length=3, max_length=CONSTRAINT_MAX)]
    explanation: Annotated[str, Field(min_length=20, max_length=EXPLANATION_MAX)]
    why_not: dict[str, Annotated[str, Field(min_length=10, max_length=WHY_NOT_MAX)]]
    references: Annotated[
        list[Annotated[HttpUrl, AfterValidator(_short_url)]],
        Field(min_length=1, max_length=REFERENCES_MAX),
    ]
    retired: bool = False
    concept: Annotated[str, Field(pattern=ID_PATTERN, max_length=60)] | None = None
    reviewed: Review | None = None

    @field_validator("answer", mode="before")
    @classmethod
    def _answer_as_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("scenario", "question", "explanation", "constraint")
    @classmethod
    def _single_spaced(cls, value: str) -> str:
        return re.sub(r"\s+", " ", value).strip()

    def problems(self) -> list[tuple[str, str]]:
        """Rules that span fields, as ``(field, message)`` pairs (empty when consistent)."""
        found: list[tuple[str, str]] = []
        expected = LETTERS[: 4 if self.choose == 1 else 5]
        if "".join(sorted(self.options)) != expected:
            found.append(
                ("options", f"must be exactly {', '.join(expected)} for choose {self.choose}")
            )
        if len(self.answer) != self.choose or len(set(self.answer)) != self.choose:
            found.append(("answer", f"must name {plural(self.choose, 'different letter')}"))
        unknown = sorted(a for a in self.answer if a not in self.options)
        if unknown:
            found.append(("answer", f"names letters that are not options: {', '.join(unknown)}"))
        wrong = set(self.options) - set(self.answer)
        if set(self.why_not) != wrong:
            found.append(
                (
                    "why_not",
                    f"must explain exactly the wrong options ({', '.join(sorted(wrong))}); "
                    f"found {', '.join(sorted(self.why_not)) or 'none'}",
                )
            )
        if not self.retired:
            if self.concept is None:
                found.append(("concept", "is required: the one idea the key tests, as a slug"))
            if self.reviewed is None:
                found.append(
                    (
                        "reviewed",
                        "is required: when it was checked against the docs, and for which guide",
                    )
                )
        if self.constraint not in self.scenario:
            found.append(("constraint", "must appear word for word in the scenario"))
        if self.choose > 1 and "choose" not in self.question.lower():
            found.append(("question", f"must say “(Choose {self.choose}.)”"))
        return found

    @property
    def answer_set(self) -> frozenset[str]:
        return frozenset(self.answer)

    @property
    def letters(self) -> list[str]:
        return sorted(self.options)


class PlanTheme(_Strict):
    """One theme of the study plan (a week, or the revision week)."""

    theme: Annotated[str, Field(min_length=3, max_length=100)]
    summary: Annotated[str, Field(min_length=20, max_length=800)]
    focus_domains: list[str]
    activities: Annotated[
        list[Annotated[str, Field(max_length=300)]], Field(min_length=1, max_length=5)
    ]
    blueprint: Annotated[str, Field(min_length=20, max_length=1000)]
    rest_day: Annotated[str, Field(min_length=10, max_length=300)]

    @field_validator("summary")
    @classmethod
    def _single_spaced(cls, value: str) -> str:
        return re.sub(r"\s+", " ", value).strip()


class HandsOn(_Strict):
    """A theme's hands-on task: a small project in the spirit of the exam guide, as 3–6
    concrete steps a member ticks off."""

    title: Annotated[str, Field(min_length=5, max_length=100)]
    goal: Annotated[str, Field(min_length=20, max_length=400)]
    steps: Annotated[
        list[Annotated[str, Field(min_length=10, max_length=200)]],
        Field(min_length=3, max_length=6),
    ]

    @field_validator("goal")
    @classmethod
    def _single_spaced(cls, value: str) -> str:
        return re.sub(r"\s+", " ", value).strip()

    def problems(self) -> list[tuple[str, str]]:
        """Outdated product names, and Vertex AI features named without their prefix."""
        found: list[tuple[str, str]] = []
        for field_name, text in [("title", self.title), ("goal", self.goal)] + [
            (f"steps.{n}", step) for n, step in enumerate(self.steps, start=1)
        ]:
            for old, new in RETIRED_NAMES.items():
                if old in text:
                    found.append((field_name, f"“{old}” is a retired name; say “{new}”"))
            for feature in VERTEX_FEATURES:
                if re.search(rf"(?<!Vertex AI )(?<!Kubeflow ){feature}", text):
                    found.append((field_name, f"say “Vertex AI {feature}”, the product's name"))
        if len(set(self.steps)) != len(self.steps):
            found.append(("steps", "two steps are the same"))
        return found


# Names Google Cloud no longer uses, and what to say instead.
RETIRED_NAMES = {
    "AI Platform": "Vertex AI",
    "Cloud ML Engine": "Vertex AI",
    "AutoML Tables": "AutoML tabular on Vertex AI",
    "Cloud DLP": "Sensitive Data Protection",
    "Data Loss Prevention": "Sensitive Data Protection",
}
# Vertex AI features whose product name carries the "Vertex AI" prefix.
VERTEX_FEATURES = (
    "Feature Store",
    "Model Registry",
    "Model Monitoring",
    "Pipelines",
    "Experiments",
    "Workbench",
    "Vizier",
    "Vector Search",
)


class PlanWeekContent(PlanTheme):
    number: Annotated[int, Field(ge=1, le=8)]
    hands_on: HandsOn


# A plan message is a field value (final stretch), part of a description (rest day) or of a
# message's content (reminders) with the bot's own words around it.
PLAN_MESSAGE_MAX = 1000
PlanMessage = Annotated[str, Field(min_length=1, max_length=PLAN_MESSAGE_MAX)]


class PlanMessages(_Strict):
    """Texts the bot posts; ``{placeholders}`` are filled in by the bot."""

    week_start: PlanMessage
    final_stretch: PlanMessage
    rest_day: PlanMessage
    closing_reminder: PlanMessage
    exam_eve: PlanMessage
    exam_after: PlanMessage


class StudyPlan(_Strict):
    weeks: list[PlanWeekContent]
    revision_week: PlanTheme
    messages: PlanMessages

    def theme(self, number: int) -> PlanTheme:
        """Theme ``number`` (1–8), or the revision week for 0."""
        if number == 0:
            return self.revision_week
        return next(w for w in self.weeks if w.number == number)

    def hands_on(self, number: int) -> HandsOn:
        """The hands-on task of theme ``number`` (1–8)."""
        return next(w.hands_on for w in self.weeks if w.number == number)

    def problems(self, domains: set[str]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        numbers = sorted(w.number for w in self.weeks)
        if numbers != list(range(1, 9)):
            found.append(("weeks", f"must be numbered 1 to 8 once each, found {numbers}"))
        for label, theme in [(f"weeks.{w.number}", w) for w in self.weeks] + [
            ("revision_week", self.revision_week)
        ]:
            unknown = [d for d in theme.focus_domains if d not in domains]
            if unknown:
                found.append((f"{label}.focus_domains", f"unknown domain(s) {', '.join(unknown)}"))
        for week in self.weeks:
            found += [(f"weeks.{week.number}.hands_on.{f}", m) for f, m in week.hands_on.problems()]
        placeholders = {
            "week_start": ["{week}", "{total}", "{theme}", "{summary}"],
            "rest_day": ["{suggestion}"],
            "closing_reminder": ["{closes}", "{link}"],
        }
        for key, needed in placeholders.items():
            text = getattr(self.messages, key)
            missing = [p for p in needed if p not in text]
            if missing:
                found.append((f"messages.{key}", f"must contain {', '.join(missing)}"))
        return found
