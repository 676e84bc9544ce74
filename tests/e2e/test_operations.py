"""Operations: the health endpoint, Prometheus metrics and JSON logs with the group id."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import aiohttp
import pytest

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord
from bot.observability import JsonFormatter
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, SETUP, running_bot


async def test_health_and_metrics_are_served_when_configured(
    fake: FakeDiscord, db_url: str
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock, health_port=0) as run:
        base = f"http://127.0.0.1:{run.health_port}"
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 14, tzinfo=UTC))  # five hours late: the bot was down
        await run.run_due()
        question = next(m for m in run.public_messages() if "Question of the day" in m.text)
        first = question.custom_ids[0]
        if first.startswith(custom_ids.ANSWER.prefix):
            await fake.click(MEMBERS[0], question.id, first)
        else:
            await fake.select(MEMBERS[0], question.id, first, ["A", "B"])
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/health") as response:
                assert response.status == 200
                body = await response.json()
                assert body["status"] == "ok" and body["connected"] == {"discord": True}
            async with http.get(f"{base}/metrics") as response:
                text = await response.text()
        assert "studybot_answers_total 1.0" in text
        assert 'studybot_scheduler_lag_seconds{action="post"} 18000.0' in text

        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))  # no pass for six hours
        async with aiohttp.ClientSession() as http, http.get(f"{base}/health") as response:
            assert response.status == 503


async def test_no_http_server_unless_configured(fake: FakeDiscord, db_url: str) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock) as run:
        assert run.health_port is None


def test_json_logs_carry_the_group_id() -> None:
    record = logging.LogRecord(
        "bot.services.runner", logging.INFO, __file__, 1, "posted question %s", ("q-1",), None
    )
    record.group_id = 7
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "posted question q-1" and entry["group_id"] == 7


async def test_the_token_never_reaches_the_logs_while_the_bot_runs(
    fake: FakeDiscord, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    token = "MTE4.secret-soak-token.ZZZ"
    fake.token = token  # the fake accepts only its bot's token, as Discord does
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    with caplog.at_level(logging.DEBUG):
        async with running_bot(fake, db_url, clock, discord_token=token) as run:
            await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
            clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
            await run.run_due()
    assert caplog.records, "debug logging was on"
    assert token not in caplog.text
    assert token not in repr(run.bot.services.settings)
