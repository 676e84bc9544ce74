"""The real bank passes every rule, and a broken file is reported by file, id and field."""

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from shutil import copy

import pytest

from bot.__main__ import main
from bot.content.check import (
    bank_problems,
    coverage_report,
    echo_limit,
    key_echo,
    key_longness,
    key_shortness,
    length_outlier,
    rank_window,
)
from bot.content.loader import Bank, ContentError, default_content_dir, load_bank
from bot.content.schema import Question


def test_every_domain_has_at_least_five_questions(bank: Bank) -> None:
    per_domain = Counter(q.domain for q in bank.active)
    assert set(per_domain) == set(bank.exam.weights)
    assert min(per_domain.values()) >= 5


def test_the_bank_meets_every_target(bank: Bank) -> None:
    """Size, spread over the weights, several-answer share, difficulty, coverage."""
    assert bank_problems(bank) == []


def test_no_answer_letter_is_a_giveaway(bank: Bank) -> None:
    singles = [q for q in bank.active if q.choose == 1]
    letters = Counter(q.answer[0] for q in singles)
    assert max(letters.values()) <= 0.30 * len(singles), letters
    longest = [
        q.id
        for q in bank.active
        if any(len(q.options[a]) == max(map(len, q.options.values())) for a in q.answer)
    ]
    assert len(longest) <= 0.25 * len(bank.active), longest


def test_weights_add_up_and_come_from_the_exam_file(bank: Bank) -> None:
    assert sum(bank.exam.weights.values()) == pytest.approx(100)
    assert bank.exam.guide_version


def broken_copy(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "content"
    (root / "questions").mkdir(parents=True)
    copy(default_content_dir() / "exam.yaml", root / "exam.yaml")
    copy(default_content_dir() / "plan.yaml", root / "plan.yaml")
    copy(default_content_dir() / "help.md", root / "help.md")
    (root / "questions" / "serving.yaml").write_text(text, encoding="utf-8")
    return root


QUESTION = """\
- id: serving-example-001
  domain: serving
  subtopic: batch-vs-online
  topics: [batch-prediction]
  difficulty: 2
  scenario: >
    A retailer scores 40,000 products every night and the dashboard opens at 6:00; finance
    wants serving costs as low as possible and nobody needs answers during the day.
  question: How should the team produce the scores?
  options:
    A: Run a scheduled batch prediction job overnight.
    B: Keep an online endpoint running all day.
    C: Score each product when a manager opens the dashboard.
    D: Stream every sale through a pipeline and score it at once.
  answer: A
  constraint: serving costs as low as possible
  explanation: Nothing is needed on demand, so a nightly batch job is the cheapest design.
  why_not:
    B: Right when answers are needed within milliseconds at any time of day.
    C: Right when the inputs are only known at request time.
    D: Right when predictions must follow events within seconds.
  references: [https://cloud.google.com/vertex-ai/docs/predictions/overview]
  concept: batch-vs-online-cost
  reviewed: {"on": 2026-12-07, guide: v3}
"""


def test_the_sample_question_is_valid(tmp_path: Path) -> None:
    assert "serving-example-001" in load_bank(broken_copy(tmp_path, QUESTION)).questions


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("  answer: A\n", "  answer: E\n", "answer", "not options"),
        ("  difficulty: 2\n", "  difficulty: 7\n", "difficulty", "less than or equal to 3"),
        (
            "  constraint: serving costs as low as possible\n",
            "  constraint: very cheap\n",
            "constraint",
            "word for word",
        ),
        (
            "    D: Right when predictions must follow events within seconds.\n",
            "",
            "why_not",
            "exactly the wrong options",
        ),
        (
            "  topics: [batch-prediction]\n",
            "  topics: [batch-prediction]\n  colour: red\n",
            "colour",
            "not a known field",
        ),
        ("  domain: serving\n", "  domain: marketing\n", "domain", "not one of"),
        (
            "  subtopic: batch-vs-online\n",
            "  subtopic: astrology\n",
            "subtopic",
            "not a subtopic of serving",
        ),
        ("  subtopic: batch-vs-online\n", "", "subtopic", "is required"),
        ("  concept: batch-vs-online-cost\n", "", "concept", "is required"),
        ('  reviewed: {"on": 2026-12-07, guide: v3}\n', "", "reviewed", "is required"),
    ],
)
def test_a_malformed_question_names_file_id_and_field(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    assert old in QUESTION
    root = broken_copy(tmp_path, QUESTION.replace(old, new))
    with pytest.raises(ContentError) as caught:
        load_bank(root)
    found = [p for p in caught.value.problems if p.field == field]
    assert found, caught.value.problems
    assert found[0].file == "content/questions/serving.yaml"
    assert found[0].question_id == "serving-example-001"
    assert message in found[0].message


def test_invalid_yaml_and_duplicate_ids_are_reported(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, QUESTION + QUESTION)
    (root / "questions" / "monitoring.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(root)
    text = str(caught.value)
    assert "serving-example-001 › id: duplicate id" in text
    assert "content/questions/monitoring.yaml: is not valid YAML (line 2" in text


def test_content_check_command_exits_non_zero_and_names_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_copy(tmp_path, QUESTION.replace("  answer: A\n", "  answer: E\n"))
    monkeypatch.setenv("CONTENT_DIR", str(root))
    assert main(["content", "check"]) == 1
    assert "serving.yaml › serving-example-001 › answer" in capsys.readouterr().err


LONG = "word " * 300  # 1,500 characters


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("  scenario: >\n", f"  scenario: >\n    {LONG}\n", "scenario", "at most 1000"),
        (
            "    A: Run a scheduled batch prediction job overnight.\n",
            f"    A: {LONG[:301]}x\n",
            "options.A",
            "has 302 characters; at most 300",
        ),
        (
            "  explanation: Nothing",
            f"  explanation: {LONG[:900]} Nothing",
            "explanation",
            "at most 900",
        ),
        (
            "    C: Right when the inputs",
            f"    C: {LONG[:400]} Right when the inputs",
            "why_not.C",
            "at most 400",
        ),
        (
            "  constraint: serving costs as low as possible\n",
            f"  constraint: {'x' * 201}\n",
            "constraint",
            "has 201 characters; at most 200",
        ),
        (
            "  references: [https://cloud.google.com/vertex-ai/docs/predictions/overview]\n",
            "  references: [" + ", ".join(["https://cloud.google.com/vertex-ai/docs"] * 6) + "]\n",
            "references",
            "at most 5 items",
        ),
        (
            "  references: [https://cloud.google.com/vertex-ai/docs/predictions/overview]\n",
            f"  references: [https://cloud.google.com/{'a' * 180}]\n",
            "references.0",
            "URL should have at most 200 characters (it has 205)",
        ),
    ],
)
def test_content_check_names_a_field_longer_than_its_cap(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    field: str,
    message: str,
) -> None:
    """Every cap that keeps messages within Discord's limits is named with file, id, field."""
    assert old in QUESTION
    monkeypatch.setenv("CONTENT_DIR", str(broken_copy(tmp_path, QUESTION.replace(old, new))))
    assert main(["content", "check"]) == 1
    err = capsys.readouterr().err
    where = f"content/questions/serving.yaml › serving-example-001 › {field}: "
    assert any(line.strip().startswith(where) and message in line for line in err.splitlines()), err


def test_content_check_command_prints_the_coverage_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["content", "check"]) == 0
    out = capsys.readouterr().out
    assert "single-answer keys" in out and "pipelines" in out


def test_a_near_duplicate_scenario_is_reported(tmp_path: Path) -> None:
    twin = QUESTION.replace("serving-example-001", "serving-example-002").replace(
        "A retailer scores", "A grocer scores"
    )
    with pytest.raises(ContentError) as caught:
        load_bank(broken_copy(tmp_path, QUESTION + twin))
    (problem,) = caught.value.problems
    assert (problem.question_id, problem.field) == ("serving-example-002", "scenario")
    assert "near-duplicate of serving-example-001" in problem.message


def test_a_broken_plan_names_the_field(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, QUESTION)
    plan = (root / "plan.yaml").read_text(encoding="utf-8")
    (root / "plan.yaml").write_text(
        plan.replace("focus_domains: [serving]", "focus_domains: [servng]"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_bank(root)
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("plan.yaml", "weeks.5.focus_domains")
    assert "servng" in problem.message


def test_a_plan_message_longer_than_fits_a_message_is_named(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, QUESTION)
    plan = (root / "plan.yaml").read_text(encoding="utf-8")
    (root / "plan.yaml").write_text(
        plan.replace('  final_stretch: "', f'  final_stretch: "{"word " * 220}'), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_bank(root)
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("plan.yaml", "messages.final_stretch")
    assert "at most 1000" in problem.message


def test_the_key_that_repeats_the_scenario_is_counted_as_an_echo(tmp_path: Path) -> None:
    plain = load_bank(broken_copy(tmp_path, QUESTION)).questions["serving-example-001"]
    echoing = plain.model_copy(
        update={
            "options": {
                **plain.options,
                "A": "Run a nightly batch job so serving costs stay as low as possible.",
            }
        }
    )
    assert key_echo(echoing) == 1.0, "the key alone shares most words with the scenario"
    tied = plain.model_copy(
        update={
            "options": {
                **echoing.options,
                "B": "Keep an endpoint so serving costs stay as low as possible nightly.",
            }
        }
    )
    assert key_echo(tied) == 0.5
    assert echo_limit(400) == pytest.approx(0.25 + 2 * (0.25 * 0.75 / 400) ** 0.5)


def rekeyed(bank: Bank, rewrite: Callable[[Question, str], str]) -> Bank:
    """The bank with the key of every active single-answer question rewritten (``rewrite``
    gets the question and the key's letter, and returns the key's new text)."""
    questions = dict(bank.questions)
    for question in bank.active:
        if question.choose == 1:
            key = question.answer[0]
            options = {**question.options, key: rewrite(question, key)}
            questions[question.id] = question.model_copy(update={"options": options})
    return Bank(exam=bank.exam, questions=questions, plan=bank.plan, files=bank.files)


def test_a_bank_whose_keys_echo_the_scenario_misses_its_target(bank: Bank) -> None:
    echoing = rekeyed(bank, lambda q, key: f"{q.options[key]} ({q.scenario})"[:300])
    assert any("sharing most words with the scenario" in p for p in bank_problems(echoing))


def test_a_key_shorter_or_longer_than_every_other_option_is_counted(tmp_path: Path) -> None:
    plain = load_bank(broken_copy(tmp_path, QUESTION)).questions["serving-example-001"]
    assert key_shortness(plain) == 0.0, "B is shorter than the key A"
    trimmed = plain.model_copy(update={"options": {**plain.options, "A": "Batch it."}})
    assert key_shortness(trimmed) == 1.0
    assert key_longness(trimmed) == 0.0
    tied = trimmed.model_copy(update={"options": {**trimmed.options, "C": "Stream it"}})
    assert key_shortness(tied) == 0.5
    padded = plain.model_copy(update={"options": {**plain.options, "A": "x" * 120}})
    assert key_longness(padded) == 1.0
    low, high = rank_window(400)
    assert (low, high) == pytest.approx(
        (0.25 - 2 * (0.25 * 0.75 / 400) ** 0.5, 0.25 + 0.0433), abs=1e-3
    )


@pytest.mark.parametrize(("where", "key_text"), [("shortest", "Yes."), ("longest", "x" * 299)])
def test_a_bank_whose_keys_share_a_length_rank_misses_its_target(
    bank: Bank, where: str, key_text: str
) -> None:
    assert not any(f"the {where} option" in p for p in bank_problems(bank))
    moved = rekeyed(bank, lambda _question, _key: key_text)
    assert any(f"the key is the {where} option in 100%" in p for p in bank_problems(moved))


def test_a_bank_whose_keys_are_never_the_shortest_misses_its_target(bank: Bank) -> None:
    """Padding every key past the shortest distractor is a tell too: "never the shortest"."""

    def past_the_shortest(question: Question, key: str) -> str:
        text = question.options[key]
        others = min(len(t) for letter, t in question.options.items() if letter != key)
        return text + " so" * ((others - len(text)) // 3 + 1) if len(text) <= others else text

    padded = rekeyed(bank, past_the_shortest)
    assert any("the key is the shortest option in 0%" in p for p in bank_problems(padded))


def test_an_option_much_shorter_or_longer_than_the_others_stands_out(tmp_path: Path) -> None:
    plain = load_bank(broken_copy(tmp_path, QUESTION)).questions["serving-example-001"]
    even = {letter: f"Option {letter} " + "x" * 40 for letter in "ABCD"}
    level = plain.model_copy(update={"options": even})
    assert length_outlier(level, 0.10) is None
    padded = level.model_copy(update={"options": {**even, "C": even["C"] + " and more words"}})
    assert length_outlier(padded, 0.10) == "C", "C is a quarter longer than every other"
    cut = level.model_copy(update={"options": {**even, "B": "Option B"}})
    assert length_outlier(cut, 0.10) == "B"
    close = level.model_copy(update={"options": {**even, "D": even["D"] + "yy"}})
    assert length_outlier(close, 0.10) is None, "two characters in fifty do not stand out"


def test_a_bank_with_an_option_standing_out_by_length_misses_its_target(bank: Bank) -> None:
    first = bank.active[0]
    letter = next(iter(first.options))
    longer = " ".join([first.options[letter]] * 2)[:300]
    changed = first.model_copy(update={"options": {**first.options, letter: longer}})
    copy_of = Bank(
        exam=bank.exam,
        questions={**bank.questions, first.id: changed},
        plan=bank.plan,
        files=bank.files,
    )
    problems = [p for p in bank_problems(copy_of) if "stands out by length" in p]
    assert problems and first.id in problems[0]


def test_a_concept_keyed_by_more_than_three_questions_is_reported(bank: Bank) -> None:
    four = [q.id for q in bank.active[:4]]
    same = {
        qid: q.model_copy(update={"concept": "one-idea"}) if qid in four else q
        for qid, q in bank.questions.items()
    }
    copy_of = Bank(exam=bank.exam, questions=same, plan=bank.plan, files=bank.files)
    (problem,) = [p for p in bank_problems(copy_of) if "one-idea" in p]
    assert "key of 4 questions" in problem and all(qid in problem for qid in four)


def test_questions_reviewed_for_an_older_guide_are_listed_to_re_check(bank: Bank) -> None:
    first = bank.active[0]
    assert first.reviewed is not None
    older = first.model_copy(update={"reviewed": first.reviewed.model_copy(update={"guide": "v2"})})
    copy_of = Bank(exam=bank.exam, questions={**bank.questions, first.id: older}, plan=bank.plan)
    report = coverage_report(copy_of)
    assert f"to re-check for it: {first.id}" in report
    assert "to re-check" not in coverage_report(bank), "the current bank is reviewed for v3"


def test_the_help_text_comes_from_content_and_an_empty_one_is_named(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, QUESTION)
    assert "**Streaks.**" in load_bank(root).help_text
    (root / "help.md").write_text("\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(root)
    (problem,) = caught.value.problems
    assert (problem.file, problem.message) == ("help.md", "is empty")
