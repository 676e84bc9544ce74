"""The command line as a new user meets it."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.logging_setup import RedactSecrets

ROOT = Path(__file__).resolve().parents[2]


def test_run_without_a_token_names_the_variable_and_the_readme_section(
    tmp_path: Path,
) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "DISCORD_TOKEN" in result.stderr
    assert "Create the Discord application" in result.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Create the Discord application" in readme


def test_migrate_creates_the_sqlite_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "nested" / "bot.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    assert main(["migrate"]) == 0
    assert database.exists()
    assert "up to date (sqlite)" in capsys.readouterr().out


def test_the_token_never_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    token = "MTIzNDU2.secret-token-value"
    logger = logging.getLogger("tests.secret")
    logger.addFilter(RedactSecrets([token]))
    with caplog.at_level(logging.INFO):
        logger.info("connecting with %s", token)
        logger.warning(f"header Authorization: Bot {token}")
    assert token not in caplog.text
    assert caplog.text.count("[redacted]") == 2


async def test_the_demo_shows_a_question_a_reveal_and_a_rest_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.demo import run_demo

    assert await run_demo(3) == 0
    out = capsys.readouterr().out
    assert "Question of the day · Fri 06 Mar" in out
    assert "the reveal" in out and "The deciding phrase" in out
    assert "Sun 08 Mar 09:00" in out and "Rest day" in out
    assert "Week 1 of 8" in out
    assert "runs /streak" in out


async def test_the_slack_demo_runs_the_same_loop_on_the_stand_in_for_slack(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.demo_slack import run_slack_demo

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert await run_slack_demo(3) == 0
    out = capsys.readouterr().out
    assert "runs /study setup" in out and "The study group is set up." in out
    assert "Question of the day · Fri 06 Mar" in out and "[ A ] [ B ]" in out
    assert "the reveal" in out and "The deciding phrase" in out
    assert "Sun 08 Mar 09:00" in out and "Rest day" in out  # a rest day between the two
    assert "runs /study streak" in out
    assert "<!date" not in out and "<@U" not in out  # markup is shown as a member sees it
