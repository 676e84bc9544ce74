"""Bank-wide targets and the coverage report printed by ``python -m bot content check``."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from bot.content.loader import Bank
from bot.content.schema import Question
from bot.core.text import plural

MIN_QUESTIONS = 240
SHARE_TOLERANCE = 0.03  # each domain within ±3 percentage points of its weight
MIN_MULTI = 0.10  # at least 10% ask for several answers
MAX_LETTER = 0.30  # no letter keys more than 30% of single-answer questions
MAX_LONGEST = 0.25  # the right option is the longest no more often than chance (1 in 4)
MAX_CONCEPT = 3  # a concept is the key of at most this many active questions
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
MIN_HARD = 0.35  # at least 35% at the hardest level: the exam's distractors are close calls
MAX_EASY = 0.25  # at most 25% at the easiest
MIN_COVERAGE = 2  # every subtopic and scenario pattern at least twice


def key_is_longest(question: Question) -> bool:
    longest = max(len(text) for text in question.options.values())
    return any(len(question.options[a]) == longest for a in question.answer)


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
    chance = 1 / options
    return chance + ECHO_MARGIN_SE * math.sqrt(chance * (1 - chance) / max(singles, 1))


def bank_problems(bank: Bank) -> list[str]:
    """Every bank-wide target the active questions miss (empty when all are met)."""
    active = bank.active
    total = len(active) or 1
    problems = []
    if len(active) < MIN_QUESTIONS:
        problems.append(f"{len(active)} active questions; the bank needs {MIN_QUESTIONS}")
    per_domain = Counter(q.domain for q in active)
    for domain in bank.exam.domains:
        share = per_domain[domain.slug] / total
        if abs(share - domain.weight / 100) > SHARE_TOLERANCE:
            problems.append(
                f"{domain.slug}: {share:.1%} of questions, weight {domain.weight:g}%"
                f" (allowed ±{SHARE_TOLERANCE:.0%})"
            )
    multi = sum(1 for q in active if q.choose > 1) / total
    if multi < MIN_MULTI:
        problems.append(f"{multi:.0%} ask for several answers; at least {MIN_MULTI:.0%} should")
    singles = [q for q in active if q.choose == 1]
    for letter, count in Counter(q.answer[0] for q in singles).items():
        if count > MAX_LETTER * len(singles):
            problems.append(
                f"{letter} is the key of {count / len(singles):.0%} of single-answer "
                f"questions (at most {MAX_LETTER:.0%})"
            )
    if singles:
        echo = sum(key_echo(q) for q in singles) / len(singles)
        if echo > echo_limit(len(singles)):
            problems.append(
                f"the key is the option sharing most words with the scenario in {echo:.0%} of "
                f"single-answer questions (chance allows {echo_limit(len(singles)):.0%}; "
                "reword the key or the distractors of the questions listed by "
                "`content check --echo`)"
            )
    keyed_by: dict[str, list[str]] = defaultdict(list)
    for q in active:
        if q.concept:
            keyed_by[q.concept].append(q.id)
    for concept, ids in sorted(keyed_by.items()):
        if len(ids) > MAX_CONCEPT:
            problems.append(
                f"concept {concept} is the key of {len(ids)} questions (at most "
                f"{MAX_CONCEPT}): {', '.join(ids)}"
            )
    longest = sum(1 for q in active if key_is_longest(q)) / total
    if longest > MAX_LONGEST:
        problems.append(
            f"the right option is the longest in {longest:.0%} of questions "
            f"(at most {MAX_LONGEST:.0%})"
        )
    difficulty = Counter(q.difficulty for q in active)
    if difficulty[3] < MIN_HARD * total:
        problems.append(
            f"difficulty 3: {difficulty[3]} questions ({difficulty[3] / total:.0%}; "
            f"at least {MIN_HARD:.0%})"
        )
    if difficulty[1] > MAX_EASY * total:
        problems.append(
            f"difficulty 1: {difficulty[1]} questions ({difficulty[1] / total:.0%}; "
            f"at most {MAX_EASY:.0%})"
        )
    subtopics = Counter((q.domain, q.subtopic) for q in active)
    for domain in bank.exam.domains:
        for slug in domain.subtopics:
            if subtopics[(domain.slug, slug)] < MIN_COVERAGE:
                problems.append(
                    f"subtopic {domain.slug}/{slug}: "
                    f"{subtopics[(domain.slug, slug)]} questions (at least "
                    f"{MIN_COVERAGE})"
                )
    patterns = Counter(p for q in active for p in q.patterns)
    for pattern in bank.exam.patterns:
        if patterns[pattern] < MIN_COVERAGE:
            problems.append(
                f"pattern {pattern}: {patterns[pattern]} questions (at least {MIN_COVERAGE})"
            )
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
    lines += ["", "targets: all met ✓" if not problems else "targets missed ✗:"]
    lines += [f"  ✗ {p}" for p in problems]
    return "\n".join(lines)
