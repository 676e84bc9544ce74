"""The coverage report printed by ``python -m bot content check``."""

from __future__ import annotations

from collections import Counter

from bot.content.loader import Bank


def coverage_report(bank: Bank) -> str:
    """Questions per domain against the weights, per difficulty, per topic, key letters."""
    active = bank.active
    total = len(active) or 1
    lines = [
        f"{bank.exam.exam} — guide {bank.exam.guide_version}",
        f"{len(active)} active question(s), {len(bank.questions) - len(active)} retired",
        "",
        f"{'domain':<14}{'count':>6}{'share':>8}{'weight':>8}",
    ]
    per_domain = Counter(q.domain for q in active)
    for domain in bank.exam.domains:
        count = per_domain[domain.slug]
        lines.append(f"{domain.slug:<14}{count:>6}{count / total:>8.0%}{domain.weight / 100:>8.0%}")
    difficulty = Counter(q.difficulty for q in active)
    lines += ["", "difficulty: " + ", ".join(f"{d}: {difficulty[d]}" for d in (1, 2, 3))]
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
    longest = sum(1 for q in active if _key_is_longest(q.options, q.answer))
    lines.append(f"right option is the longest: {longest} ({longest / total:.0%})")
    subtopics = Counter((q.domain, q.subtopic) for q in active)
    lines += ["", "subtopics (questions each):"]
    for domain in bank.exam.domains:
        counts = ", ".join(f"{slug} {subtopics[(domain.slug, slug)]}" for slug in domain.subtopics)
        lines.append(f"  {domain.slug}: {counts}")
    patterns = Counter(p for q in active for p in q.patterns)
    lines.append("patterns: " + ", ".join(f"{p} {patterns[p]}" for p in bank.exam.patterns))
    topics = Counter(t for q in active for t in q.topics)
    lines += ["", "topics: " + ", ".join(f"{t} {n}" for t, n in sorted(topics.items()))]
    return "\n".join(lines)


def _key_is_longest(options: dict[str, str], answer: list[str]) -> bool:
    longest = max(len(text) for text in options.values())
    return any(len(options[a]) == longest for a in answer)
