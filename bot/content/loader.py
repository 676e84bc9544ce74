"""Loading and validating the whole content directory.

Every problem is collected (not just the first) and named by file, question id and field,
so one run of ``python -m bot content check`` shows everything to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.content.schema import ExamGuide, Question, StudyPlan


@dataclass(frozen=True)
class ContentProblem:
    file: str
    question_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.question_id:
            where += f" › {self.question_id}"
        if self.field:
            where += f" › {self.field}"
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The content directory has problems; ``problems`` lists every one."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Bank:
    """The validated exam guide and questions, keyed by id (retired ones included)."""

    exam: ExamGuide
    questions: dict[str, Question]
    plan: StudyPlan
    files: dict[str, str] = field(default_factory=dict)  # question id → file it came from
    help_text: str = ""  # ``help.md``: what the bot does, its commands and rules

    @property
    def active(self) -> list[Question]:
        return [q for q in self.questions.values() if not q.retired]

    def get(self, question_id: str) -> Question | None:
        return self.questions.get(question_id)


# help.md is the description of Discord's /help embed (4,096 characters); the command list
# the bot appends goes in fields of the same embed (6,000 characters in all).
HELP_MAX = 3000


def default_content_dir() -> Path:
    """``content/`` beside the package (a source checkout), else in the working directory."""
    beside = Path(__file__).resolve().parents[2] / "content"
    return beside if beside.is_dir() else Path.cwd() / "content"


def load_bank(content_dir: Path) -> Bank:
    """Load and validate ``exam.yaml`` and every ``questions/*.yaml``; raise ContentError."""
    problems: list[ContentProblem] = []
    exam = _load_exam(content_dir, problems)
    questions: dict[str, Question] = {}
    files: dict[str, str] = {}
    question_dir = content_dir / "questions"
    paths = sorted(question_dir.glob("*.yaml")) if question_dir.is_dir() else []
    if not paths:
        problems.append(
            ContentProblem(
                _rel(question_dir, content_dir), None, None, "no question files (*.yaml) found"
            )
        )
    for path in paths:
        rel = _rel(path, content_dir)
        for question in _load_question_file(path, rel, exam, problems):
            if question.id in questions:
                problems.append(
                    ContentProblem(
                        rel,
                        question.id,
                        "id",
                        f"duplicate id, first defined in {files[question.id]}",
                    )
                )
                continue
            questions[question.id] = question
            files[question.id] = rel
    problems += _near_duplicates(questions, files)
    plan = _load_plan(content_dir, exam, problems)
    help_text = _read_text(content_dir / "help.md", "help.md", problems)
    if len(help_text.strip()) > HELP_MAX:
        problems.append(
            ContentProblem(
                "help.md",
                None,
                None,
                f"has {len(help_text.strip()):,} characters; at most {HELP_MAX:,} fit Discord's "
                "help message beside the command list",
            )
        )
    if problems or exam is None or plan is None:
        raise ContentError(problems)
    return Bank(exam=exam, questions=questions, plan=plan, files=files, help_text=help_text)


def _load_plan(
    content_dir: Path, exam: ExamGuide | None, problems: list[ContentProblem]
) -> StudyPlan | None:
    data = _read_yaml(content_dir / "plan.yaml", "plan.yaml", problems)
    if data is None:
        return None
    try:
        plan = StudyPlan.model_validate(data)
    except ValidationError as error:
        problems.extend(_from_validation("plan.yaml", None, error))
        return None
    own = plan.problems(set(exam.weights) if exam else set())
    problems.extend(ContentProblem("plan.yaml", None, f, m) for f, m in own)
    return None if own else plan


def _load_exam(content_dir: Path, problems: list[ContentProblem]) -> ExamGuide | None:
    path = content_dir / "exam.yaml"
    data = _read_yaml(path, "exam.yaml", problems)
    if data is None:
        return None
    try:
        return ExamGuide.model_validate(data)
    except ValidationError as error:
        problems.extend(_from_validation("exam.yaml", None, error))
        return None


def _load_question_file(
    path: Path, rel: str, exam: ExamGuide | None, problems: list[ContentProblem]
) -> Iterable[Question]:
    data = _read_yaml(path, rel, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(ContentProblem(rel, None, None, "must be a YAML list of questions"))
        return []
    loaded: list[Question] = []
    for index, raw in enumerate(data, start=1):
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        label = str(raw_id) if raw_id else f"question #{index} (no id)"
        if not isinstance(raw, dict):
            problems.append(ContentProblem(rel, label, None, "must be a mapping of fields"))
            continue
        try:
            question = Question.model_validate(raw)
        except ValidationError as error:
            problems.extend(_from_validation(rel, label, error))
            continue
        own = [ContentProblem(rel, question.id, f, m) for f, m in question.problems()]
        if exam is not None:
            own += [
                ContentProblem(rel, question.id, f, m) for f, m in _against_exam(question, exam)
            ]
            if path.stem in exam.weights and question.domain != path.stem:
                own.append(
                    ContentProblem(
                        rel,
                        question.id,
                        "domain",
                        f"is “{question.domain}” but the file is {path.name}",
                    )
                )
        problems.extend(own)
        if not own:
            loaded.append(question)
    return loaded


NEAR_DUPLICATE = 0.5  # share of word triples two scenarios may have in common


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}


def _near_duplicates(questions: dict[str, Question], files: dict[str, str]) -> list[ContentProblem]:
    """Scenarios that share most of their wording with an earlier one (Jaccard on word
    triples): usually a copy that was edited too little."""
    found = []
    seen: list[tuple[str, set[tuple[str, ...]]]] = []
    for question_id, question in questions.items():
        mine = _shingles(question.scenario)
        for other_id, theirs in seen:
            overlap = len(mine & theirs) / len(mine | theirs)
            if overlap >= NEAR_DUPLICATE:
                found.append(
                    ContentProblem(
                        files[question_id],
                        question_id,
                        "scenario",
                        f"is a near-duplicate of {other_id} ({overlap:.0%} of word triples shared)",
                    )
                )
        seen.append((question_id, mine))
    return found


def _against_exam(question: Question, exam: ExamGuide) -> list[tuple[str, str]]:
    """Rules that need the exam file: domain, subtopic and pattern slugs."""
    if question.domain not in exam.weights:
        return [("domain", f"“{question.domain}” is not one of {', '.join(exam.weights)}")]
    found = []
    subtopics = exam.domain(question.domain).subtopics
    if question.subtopic not in subtopics:
        found.append(
            (
                "subtopic",
                f"“{question.subtopic}” is not a subtopic of "
                f"{question.domain}: {', '.join(subtopics)}",
            )
        )
    unknown = [p for p in question.patterns if p not in exam.patterns]
    if unknown:
        found.append(
            (
                "patterns",
                f"unknown pattern(s) {', '.join(unknown)}; known: {', '.join(exam.patterns)}",
            )
        )
    return found


def _read_file(path: Path, rel: str, problems: list[ContentProblem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        problems.append(ContentProblem(rel, None, None, f"cannot be read: {error.strerror}"))
        return None


def _read_text(path: Path, rel: str, problems: list[ContentProblem]) -> str:
    """A text file's content; a problem when it cannot be read or is empty."""
    text = _read_file(path, rel, problems)
    if text is not None and not text.strip():
        problems.append(ContentProblem(rel, None, None, "is empty"))
    return text or ""


def _read_yaml(path: Path, rel: str, problems: list[ContentProblem]) -> Any:
    text = _read_file(path, rel, problems)
    if text is None:
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problems.append(ContentProblem(rel, None, None, f"is not valid YAML{where}"))
        return None


def _from_validation(rel: str, label: str | None, error: ValidationError) -> list[ContentProblem]:
    found = []
    for item in error.errors():
        loc = ".".join(str(part) for part in item["loc"]) or None
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "is not a known field (check the spelling; see content/SCHEMA.md)"
        elif item["type"] == "missing":
            message = "is required"
        elif item["type"] == "string_too_long":
            length = len(str(item["input"]).strip())
            message = (
                f"has {length} characters; at most {item['ctx']['max_length']} fit "
                "Discord's message limits (see content/SCHEMA.md)"
            )
        elif item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        found.append(ContentProblem(rel, label, loc, message))
    return found


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)
