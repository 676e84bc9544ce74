"""Bank-wide targets and the coverage report printed by ``python -m bot content check``."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.text import plural

# The key may be the option that shares most words with the scenario no more often than
# chance allows: at most 1 in (number of options) plus two standard errors.
ECHO_MARGIN_SE = 2.0
_STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "is",
        "are",
        "be",
        "as",
        "it",
        "its",
        "this",
        "that",
        "their",
        "they",
        "them",
        "than",
        "then",
        "into",
        "which",
        "who",
        "what",
        "when",
        "where",
        "how",
        "does",
        "do",
        "not",
        "no",
        "can",
        "should",
        "would",
        "will",
        "must",
        "each",
        "every",
        "all",
        "any",
        "more",
        "most",
        "less",
    }
)


def key_is_longest(question: Question) -> bool:
    longest = max(len(text) for text in question.options.values())
    return any(len(question.options[a]) == longest for a in question.answer)


def key_shortness(question: Question) -> float:
    """How much the key of a single-answer question is *the* shortest option: 1 when it
    alone is, 1/k when k options tie for shortest, 0 otherwise."""
    return _key_at(question, min(len(text) for text in question.options.values()))


def key_longness(question: Question) -> float:
    """As ``key_shortness``, for the longest option."""
    return _key_at(question, max(len(text) for text in question.options.values()))


def _key_at(question: Question, size: int) -> float:
    tied = [letter for letter, text in question.options.items() if len(text) == size]
    return sum(1 for a in question.answer if a in tied) / len(tied)


def rank_window(singles: int, options: int = 4) -> tuple[float, float]:
    """How often the key may be the shortest (or the longest) option by chance: 1 in
    (number of options), give or take two standard errors. Writers who trim the key make
    "pick the plain one" a winning guess; writers who then pad it make "never the shortest"
    one: either way a reader who strikes options by length gains."""
    chance = 1 / options
    margin = ECHO_MARGIN_SE * math.sqrt(chance * (1 - chance) / max(singles, 1))
    return chance - margin, chance + margin


def length_outlier(question: Question, margin: float) -> str | None:
    """The option that is ``margin`` (a share) or more shorter, or longer, than every other
    option of its question, if one is: a reader sees it stand out and guesses from that."""
    ordered = sorted(question.options.items(), key=lambda item: len(item[1]))
    (short, shortest), (_, next_up) = ordered[0], ordered[1]
    (_, next_down), (long, longest) = ordered[-2], ordered[-1]
    if len(next_up) - len(shortest) >= margin * len(next_up):
        return short
    if len(longest) - len(next_down) >= margin * len(longest):
        return long
    return None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2} - _STOP_WORDS


def key_echo(question: Question) -> float:
    """How much the key is *the* option sharing most words with the scenario and question:
    1 when it alone leads, 1/k when k options tie for the lead, 0 otherwise. A careful
    reader who matches words instead of knowing the product wins where this is high."""
    asked = _words(f"{question.scenario} {question.question}")
    overlap = {letter: len(_words(text) & asked) for letter, text in question.options.items()}
    best = max(overlap.values())
    leaders = [letter for letter, count in overlap.items() if count == best]
    return sum(1 for a in question.answer if a in leaders) / len(leaders)


def echo_limit(singles: int, options: int = 4) -> float:
    """The share of single-answer keys that may lead the word overlap by chance."""
    return rank_window(singles, options)[1]


def bank_problems(bank: Bank) -> list[str]:
    """Every bank-wide target of ``exam.yaml`` (``targets``) the active questions miss
    (empty when all are met); a target the exam file does not declare is not checked."""
    active = bank.active
    total = len(active) or 1
    targets = bank.exam.targets
    problems = []
    if targets.min_questions is not None and len(active) < targets.min_questions:
        problems.append(f"{len(active)} active questions; the bank needs {targets.min_questions}")
    if targets.share_tolerance is not None:
        per_domain = Counter(q.domain for q in active)
        for domain in bank.exam.domains:
            share = per_domain[domain.slug] / total
            if abs(share - domain.weight / 100) > targets.share_tolerance:
                problems.append(
                    f"{domain.slug}: {share:.1%} of questions, weight {domain.weight:g}%"
                    f" (allowed ±{targets.share_tolerance:.0%})"
                )
    multi = sum(1 for q in active if q.choose > 1) / total
    if targets.min_multi is not None and multi < targets.min_multi:
        problems.append(
            f"{multi:.0%} ask for several answers; at least {targets.min_multi:.0%} should"
        )
    singles = [q for q in active if q.choose == 1]
    if targets.max_letter is not None:
        for letter, count in Counter(q.answer[0] for q in singles).items():
            if count > targets.max_letter * len(singles):
                problems.append(
                    f"{letter} is the key of {count / len(singles):.0%} of single-answer "
                    f"questions (at most {targets.max_letter:.0%})"
                )
    if targets.key_echo and singles:
        echo = sum(key_echo(q) for q in singles) / len(singles)
        if echo > echo_limit(len(singles)):
            problems.append(
                f"the key is the option sharing most words with the scenario in {echo:.0%} of "
                f"single-answer questions (chance allows {echo_limit(len(singles)):.0%}; "
                "reword the key or the distractors of the questions listed by "
                "`content check --echo`)"
            )
    if targets.key_length_rank and singles:
        low, high = rank_window(len(singles))
        for where, measure in (("shortest", key_shortness), ("longest", key_longness)):
            share = sum(measure(q) for q in singles) / len(singles)
            if not low <= share <= high:
                problems.append(
                    f"the key is the {where} option in {share:.0%} of single-answer questions "
                    f"(chance allows {low:.0%}–{high:.0%}; `content check --lengths` lists "
                    "where the key is the shortest or the longest)"
                )
    if targets.length_margin is not None:
        outliers = [q.id for q in active if length_outlier(q, targets.length_margin)]
        if outliers:
            problems.append(
                f"an option stands out by length ({targets.length_margin:.0%} or more shorter "
                f"or longer than every other) in {plural(len(outliers), 'question')}: "
                f"{', '.join(outliers)}"
            )
    if targets.max_concept is not None:
        keyed_by: dict[str, list[str]] = defaultdict(list)
        for q in active:
            if q.concept:
                keyed_by[q.concept].append(q.id)
        for concept, ids in sorted(keyed_by.items()):
            if len(ids) > targets.max_concept:
                problems.append(
                    f"concept {concept} is the key of {len(ids)} questions (at most "
                    f"{targets.max_concept}): {', '.join(ids)}"
                )
    longest = sum(1 for q in active if key_is_longest(q)) / total
    if targets.max_longest is not None and longest > targets.max_longest:
        problems.append(
            f"the right option is the longest in {longest:.0%} of questions "
            f"(at most {targets.max_longest:.0%})"
        )
    difficulty = Counter(q.difficulty for q in active)
    if targets.min_hard is not None and difficulty[3] < targets.min_hard * total:
        problems.append(
            f"difficulty 3: {difficulty[3]} questions ({difficulty[3] / total:.0%}; "
            f"at least {targets.min_hard:.0%})"
        )
    if targets.max_easy is not None and difficulty[1] > targets.max_easy * total:
        problems.append(
            f"difficulty 1: {difficulty[1]} questions ({difficulty[1] / total:.0%}; "
            f"at most {targets.max_easy:.0%})"
        )
    if targets.min_coverage is not None:
        problems += _coverage_problems(bank, targets.min_coverage)
    return problems


def _coverage_problems(bank: Bank, least: int) -> list[str]:
    """Subtopics and scenario patterns with fewer than ``least`` active questions."""
    problems = []
    subtopics = Counter((q.domain, q.subtopic) for q in bank.active)
    for domain in bank.exam.domains:
        for slug in domain.subtopics:
            if subtopics[(domain.slug, slug)] < least:
                problems.append(
                    f"subtopic {domain.slug}/{slug}: "
                    f"{subtopics[(domain.slug, slug)]} questions (at least {least})"
                )
    patterns = Counter(p for q in bank.active for p in q.patterns)
    for pattern in bank.exam.patterns:
        if patterns[pattern] < least:
            problems.append(f"pattern {pattern}: {patterns[pattern]} questions (at least {least})")
    return problems


def coverage_report(bank: Bank) -> str:
    """Questions per domain against the weights, per subtopic, pattern, difficulty, letter."""
    active = bank.active
    total = len(active) or 1
    lines = [
        f"{bank.exam.exam} — guide {bank.exam.guide_version}",
        f"{plural(len(active), 'active question')}, {len(bank.questions) - len(active)} retired",
        "",
        f"{'domain':<14}{'count':>6}{'share':>8}{'weight':>8}",
    ]
    per_domain = Counter(q.domain for q in active)
    for domain in bank.exam.domains:
        count = per_domain[domain.slug]
        lines.append(f"{domain.slug:<14}{count:>6}{count / total:>8.1%}{domain.weight / 100:>8.0%}")
    difficulty = Counter(q.difficulty for q in active)
    lines += [
        "",
        "difficulty: "
        + ", ".join(f"{d}: {difficulty[d]} ({difficulty[d] / total:.0%})" for d in (1, 2, 3)),
    ]
    multi = sum(1 for q in active if q.choose > 1)
    lines.append(f"several answers: {multi} ({multi / total:.0%})")
    singles = [q for q in active if q.choose == 1]
    letters = Counter(q.answer[0] for q in singles)
    lines.append(
        "single-answer keys: "
        + ", ".join(
            f"{letter}: {letters[letter]} ({letters[letter] / (len(singles) or 1):.0%})"
            for letter in "ABCD"
        )
    )
    longest = sum(1 for q in active if key_is_longest(q))
    lines.append(f"right option is the longest: {longest} ({longest / total:.0%})")
    low, high = rank_window(len(singles))
    for where, measure in (("shortest", key_shortness), ("longest", key_longness)):
        share = sum(measure(q) for q in singles)
        lines.append(
            f"single-answer key is the {where} option: {share:.0f} "
            f"({share / (len(singles) or 1):.0%}; chance allows {low:.0%}–{high:.0%})"
        )
    echo = sum(key_echo(q) for q in singles)
    lines.append(
        f"key shares most words with the scenario: {echo:.0f} "
        f"({echo / (len(singles) or 1):.0%}; chance allows {echo_limit(len(singles)):.0%})"
    )
    guide = bank.exam.guide_version.split()[0]  # "v3 (exam guide live from …)" → "v3"
    stale = [q.id for q in active if q.reviewed and q.reviewed.guide != guide]
    lines.append(
        f"reviewed for guide {guide}: {len(active) - len(stale)}"
        + (f"; to re-check for it: {', '.join(stale)}" if stale else "")
    )
    subtopics = Counter((q.domain, q.subtopic) for q in active)
    lines += ["", "subtopics (questions each):"]
    for domain in bank.exam.domains:
        counts = ", ".join(f"{slug} {subtopics[(domain.slug, slug)]}" for slug in domain.subtopics)
        lines.append(f"  {domain.slug}: {counts}")
    patterns = Counter(p for q in active for p in q.patterns)
    lines.append("patterns: " + ", ".join(f"{p} {patterns[p]}" for p in bank.exam.patterns))
    topics = Counter(t for q in active for t in q.topics)
    lines += [
        "",
        f"{len(topics)} topics; most used: "
        + ", ".join(f"{t} {n}" for t, n in topics.most_common(15)),
    ]
    problems = bank_problems(bank)
    declared = bank.exam.targets.model_dump(exclude_defaults=True)
    if not declared:
        lines += ["", "targets: none declared in exam.yaml (see README, another exam)"]
    else:
        lines += ["", "targets: all met ✓" if not problems else "targets missed ✗:"]
    lines += [f"  ✗ {p}" for p in problems]
    return "\n".join(lines)
