"""Operations on Slack: the tokens never reach the logs."""

from __future__ import annotations

import logging

import pytest

from bot.config import Settings
from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from bot.logging_setup import RedactSecrets
from tests.slack_e2e.harness import running_slack, set_up_group
from tests.slack_e2e.test_daily_loop import POST


async def test_the_slack_tokens_never_reach_the_logs_while_the_bot_runs(
    fake: FakeSlack, db_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        slack_bot_token=fake.bot_token,  # type: ignore[arg-type]
        slack_app_token=fake.app_token,  # type: ignore[arg-type]
        database_url=db_url,
    )
    caplog.handler.addFilter(RedactSecrets(settings.secrets()))
    with caplog.at_level(logging.DEBUG):
        async with running_slack(fake, db_url, clock) as run:
            await set_up_group(fake)
            clock.set(POST)
            await run.run_due()
            logging.getLogger("tests").info("tokens %s %s", fake.bot_token, fake.app_token)
    assert caplog.records, "debug logging was on"
    assert fake.bot_token not in caplog.text and fake.app_token not in caplog.text
    assert "[redacted]" in caplog.text
    assert fake.bot_token not in repr(run.bot.services.settings)
