"""The benchmarks still run and end with the figures README quotes (at toy sizes: no timing
is asserted, only that each script works end to end and reports what it promises)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def figures(*args: str) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    return dict(pair.split("=", 1) for pair in last.split())


@pytest.mark.parametrize("platform", ["discord", "slack"])
def test_the_answer_burst_benchmark_compares_the_bot_with_the_bare_client(platform: str) -> None:
    found = figures(
        "bench/answers.py",
        *("--platform", platform, "--members", "20", "--bursts", "2"),
        *("--spread-bursts", "1", "--spread-ms", "200"),
    )
    assert set(found) == {
        "answers_per_s",
        "floor_answers_per_s",
        "cpu_ratio",
        "p99_ms",
        "spread_p99_ms",
        "db",
    }
    assert found["db"] == "sqlite"
    assert float(found["answers_per_s"]) > 0
    assert float(found["floor_answers_per_s"]) > 0
    assert float(found["spread_p99_ms"]) > 0


def test_the_stats_benchmark_reports_both_percentiles() -> None:
    found = figures("bench/stats.py", "--members", "30", "--days", "20", "--runs", "3")
    assert {"stats_p95_ms", "leaderboard_p95_ms", "rows"} <= set(found)
    assert int(found["rows"]) > 0


def test_the_reveal_benchmark_reports_database_time_beside_its_floor() -> None:
    found = figures("bench/reveal.py", "--members", "30", "--days", "3", "--runs", "1")
    assert {"members", "reveal_db_ms", "reveal_ms", "statements", "floor_ms", "db"} <= set(found)
    assert found["members"] == "30"
    assert float(found["floor_ms"]) > 0
    # Set-based: a handful of statements whatever the group's size (it was two per member).
    assert int(found["statements"]) < 20


@pytest.mark.parametrize("platform", ["discord", "slack"])
def test_the_fanout_benchmark_reports_time_beside_the_platform_floor(platform: str) -> None:
    found = figures("bench/fanout.py", "--groups", "4", "--platform", platform)
    assert {"groups", "seconds", "floor_seconds", "ratio", "cpu_seconds", "platform"} <= set(found)
    assert (found["groups"], found["platform"]) == ("4", platform)
    assert found["posted"] == "4", "every group got the day's question (and, on Slack, the theme)"
    assert float(found["floor_seconds"]) > 0
