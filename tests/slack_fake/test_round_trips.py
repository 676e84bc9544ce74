"""The real slack-bolt app against the fake: every kind of envelope makes a round trip."""

from __future__ import annotations

from bot.devtools.fake_slack import FakeSlack
from tests.slack_fake.app import StudyApp
from tests.slack_fake.conftest import ADA, BOB, STUDY


async def test_slash_command_ack_text_is_an_ephemeral_for_the_caller(
    fake: FakeSlack, study: StudyApp
) -> None:
    result = await fake.slash(ADA, STUDY, "/study", "plan")

    assert result.acked_in_time
    assert result.ack == {"text": "Week 1: framing ML problems."}
    assert [m.text for m in result.ephemerals] == ["Week 1: framing ML problems."]
    assert fake.messages(STUDY) == []


async def test_slash_mentions_arrive_escaped_and_respond_reaches_the_user(
    fake: FakeSlack, study: StudyApp
) -> None:
    result = await fake.slash(ADA, STUDY, "/study", "stats @bob")

    assert result.payload["text"] == f"stats <@{BOB}>"
    reply = await result.wait_ephemeral()
    assert reply.text == "Stats for Bob (Pacific/Auckland)"
    assert result.responses[0]["text"] == reply.text
    assert [c.method for c in fake.calls("users.info")] == ["users.info"]
