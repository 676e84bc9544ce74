"""A strict local fake Slack (Web API + Socket Mode on 127.0.0.1) for end-to-end tests.

The real slack-bolt ``AsyncApp`` and ``AsyncSocketModeHandler`` connect to it unchanged:
give ``AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)`` to the app and
``fake.app_token`` to the handler. Tests build a workspace (users, channels), inject what
users do (slash commands, clicks, selects, modal submissions, shortcuts, Home-tab visits)
and assert on what the fake recorded (messages, ephemerals, views, files, acks)::

    fake = FakeSlack()
    fake.add_user("U1", "ada")
    fake.add_channel("C1", "study", members=["U1"])
    async with fake:
        ...  # start the app's Socket Mode handler, then:
        await fake.wait_connected()
        result = await fake.slash("U1", "C1", "/study", "stats @ada")
        assert result.acked_in_time

Slack's rules are enforced, never relaxed: see README "Tests" for the list.
"""

from bot.devtools.fake_slack.limits import Fault, PaceReport
from bot.devtools.fake_slack.model import (
    FakeSlackTimeout,
    SlackChannel,
    SlackFile,
    SlackMessage,
    SlackUser,
    SlackView,
)
from bot.devtools.fake_slack.results import ActionResult
from bot.devtools.fake_slack.server import FakeSlack
from bot.devtools.fake_slack.socket_mode import Envelope
from bot.devtools.fake_slack.web_api import ApiCall

__all__ = [
    "ActionResult",
    "ApiCall",
    "Envelope",
    "FakeSlack",
    "FakeSlackTimeout",
    "Fault",
    "PaceReport",
    "SlackChannel",
    "SlackFile",
    "SlackMessage",
    "SlackUser",
    "SlackView",
]
