"""The bot run for another certification on Slack: CONTENT_DIR holds a made-up "Cloud Data
Engineer" bank with three sections, and the Slack side posts, reveals, helps and announces
mock nights from it, with no word of the default exam; its manifest names the app after it."""

from __future__ import annotations

import json

import pytest

from bot.__main__ import main
from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from tests.other_exam import OTHER_EXAM, other_bank
from tests.slack_e2e.harness import ADMIN, MEMBERS, block_text, running_slack, set_up_group
from tests.slack_e2e.study_days import open_day, reveal_day, seen, study

DEFAULT_EXAM_WORDS = ("Machine Learning", "PMLE", "Vertex")


async def test_another_exam_is_posted_revealed_helped_and_mocked_on_slack(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    bank = other_bank()
    async with running_slack(fake, db_url, clock, content_dir=OTHER_EXAM) as run:
        await set_up_group(fake)
        question = await open_day(run, clock, 0, {MEMBERS[0]: True, MEMBERS[1]: False})
        assert question.id in bank.questions, "drawn from the other exam's bank"
        assert bank.exam.domain(question.domain).name in seen(run.questions()[-1])
        await reveal_day(run, clock, 0)
        [reveal] = run.reveals()
        assert question.explanation[:60] in block_text(reveal)

        shown = seen(await study(fake, MEMBERS[2], "help"))
        assert "*Study group for the Cloud Data Engineer (practice edition) exam*" in shown
        assert "*Streaks.* Rest days never break a streak." in shown, "content in Slack's mrkdwn"
        assert "`/study mock" in shown and "`/study stats" in shown, "the subcommands as registered"
        assert not any(word in shown for word in DEFAULT_EXAM_WORDS)

        answer = await study(fake, ADMIN, "mock schedule 2026-03-04 19:00 questions:10 minutes:15")
        assert "Scheduled" in answer.text
        [announcement] = run.posts(ids.MOCK_ANNOUNCE_EVENT)
        assert "CDE mock exam #1" in block_text(announcement)
        assert not any(word in seen(announcement) for word in DEFAULT_EXAM_WORDS)


def test_the_manifest_names_the_app_after_the_exam_in_content_dir(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTENT_DIR", str(OTHER_EXAM))
    assert main(["slack", "manifest"]) == 0
    body = json.loads(capsys.readouterr().out.split("\n\n")[0])
    shown = body["display_information"]
    assert shown["name"] == "CDE Study Bot" == body["features"]["bot_user"]["display_name"]
    assert "CDE study group" in shown["description"]
    assert "Cloud Data Engineer (practice edition) exam" in shown["long_description"]
    assert not any(word in json.dumps(shown) for word in DEFAULT_EXAM_WORDS)
