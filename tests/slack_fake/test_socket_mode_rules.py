"""Deadlines, one-use tokens, faults and limits as the real slack-bolt app meets them."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from tests.slack_fake.app import StudyApp
from tests.slack_fake.conftest import ADA, BOB, STUDY

# ----------------------------------------------------------------------------- acks


async def test_a_late_ack_is_an_error_for_the_user_and_is_recorded(
    fake: FakeSlack, study: StudyApp
) -> None:
    fake.ack_deadline = 0.2  # Slack's 3 s, shortened; the handler waits on a gate, not a clock

    result = await fake.slash(ADA, STUDY, "/study", "slow")
    assert result.user_error == "operation_timeout"
    assert not result.acked_in_time

    study.gate.set()
    await fake.wait_until(lambda: result.ack is not None, what="the late ack")
    assert result.envelope.late
    assert fake.failed_acks == [result.envelope]
    assert result.ephemerals == []  # Slack drops what a late ack carried


async def test_an_invalid_ack_shows_the_user_an_error(fake: FakeSlack, study: StudyApp) -> None:
    result = await fake.slash(ADA, STUDY, "/study", "huge")

    assert result.acked_in_time
    assert result.user_error == "invalid_blocks"
    assert fake.ephemerals(ADA) == []


async def test_an_unhandled_action_is_never_acked(fake: FakeSlack, study: StudyApp) -> None:
    fake.ack_deadline = 0.2
    await fake.slash(ADA, STUDY, "/study", "question")
    [question] = await fake.wait_until(lambda: fake.messages(STUDY), what="the question")
    question.blocks[1]["elements"][0]["action_id"] = "nobody_listens"

    result = await fake.click(BOB, question.ts, "nobody_listens")

    assert result.user_error == "operation_timeout"


async def test_errors_must_name_an_input_of_the_modal(fake: FakeSlack, study: StudyApp) -> None:
    opened = await fake.slash(ADA, STUDY, "/study", "reason")
    modal = await opened.wait_view()

    result = await fake.submit_view(ADA, modal.id, {"reasoning": "blame nobody for this"})

    assert result.user_error == "invalid_errors"
    assert modal.errors == {}


# ------------------------------------------------------------------- trigger_id


async def test_a_trigger_expires_after_three_seconds(
    fake: FakeSlack, study: StudyApp, clock: FakeClock
) -> None:
    await fake.slash(ADA, STUDY, "/study", "late-modal")
    clock.advance(timedelta(seconds=3.5))
    study.gate.set()

    errors = await fake.wait_until(lambda: study.errors, what="views.open to fail")
    assert errors == ["expired_trigger_id"]
    assert fake.open_views(ADA) == []


async def test_a_trigger_opens_one_view(
    fake: FakeSlack, study: StudyApp, client: AsyncWebClient
) -> None:
    result = await fake.slash(ADA, STUDY, "/study", "reason")
    modal = await result.wait_view()

    with pytest.raises(SlackApiError) as again:
        await client.views_open(trigger_id=result.trigger_id, view=modal.definition)
    with pytest.raises(SlackApiError) as made_up:
        await client.views_open(trigger_id="123.456.abc", view=modal.definition)

    assert again.value.response["error"] == "exchanged_trigger_id"
    assert made_up.value.response["error"] == "invalid_trigger_id"


# ----------------------------------------------------------------- response_url


async def test_a_response_url_takes_five_posts(
    fake: FakeSlack, study: StudyApp, session: aiohttp.ClientSession
) -> None:
    result = await fake.slash(ADA, STUDY, "/study", "announce")
    await result.wait_response()
    url = result.payload["response_url"]
    assert url.startswith(f"http://127.0.0.1:{fake.port}/")
    hook = AsyncWebhookClient(url, session=session)

    statuses = [(await hook.send(text=f"update {n}")).status_code for n in range(5)]

    assert statuses == [200, 200, 200, 200, 404]
    assert len(result.responses) == 5
    assert fake.api.hook_errors == ["used_url"]


async def test_a_response_url_expires_after_thirty_minutes(
    fake: FakeSlack, study: StudyApp, clock: FakeClock, session: aiohttp.ClientSession
) -> None:
    result = await fake.slash(ADA, STUDY, "/study", "plan")
    hook = AsyncWebhookClient(result.payload["response_url"], session=session)
    clock.advance(timedelta(minutes=30, seconds=1))

    response = await hook.send(text="too late")

    assert (response.status_code, fake.api.hook_errors) == (404, ["expired_url"])
    assert [m.text for m in fake.ephemerals(ADA)] == ["Week 1: framing ML problems."]


# ------------------------------------------------------------------ limits, faults


async def test_a_429_is_retried_after_retry_after(fake: FakeSlack, study: StudyApp) -> None:
    fake.enable_rate_limits(retry_after=0)
    fake.fail_next("users.info", 429)

    result = await fake.slash(ADA, STUDY, "/study", "stats @bob")

    assert (await result.wait_ephemeral()).text == "Stats for Bob (Pacific/Auckland)"
    assert [c.status for c in fake.calls("users.info")] == [429, 200]


async def test_tiers_answer_429_with_retry_after(
    fake: FakeSlack, session: aiohttp.ClientSession
) -> None:
    fake.enable_rate_limits(retry_after=0)
    bare = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url, session=session)

    await bare.apps_connections_open(app_token=fake.app_token)
    with pytest.raises(SlackApiError) as limited:
        await bare.apps_connections_open(app_token=fake.app_token)  # tier 1: 1+ per minute

    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "0"


async def test_a_method_over_its_limit_stays_limited_after_the_retry(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.enable_rate_limits(retry_after=0, per_minute={"users.info": 1})

    await client.users_info(user=ADA)
    with pytest.raises(SlackApiError) as limited:
        await client.users_info(user=BOB)

    assert limited.value.response["error"] == "ratelimited"
    assert [c.status for c in fake.calls("users.info")] == [200, 429, 429]


async def test_server_errors_can_be_injected(fake: FakeSlack, study: StudyApp) -> None:
    fake.fail_next("chat.postMessage", 503)

    result = await fake.slash(ADA, STUDY, "/study", "question")

    reply = await result.wait_ephemeral()
    assert reply.text == "I cannot post here: fatal_error"
    assert fake.messages(STUDY) == []
    assert [c.status for c in fake.calls("chat.postMessage")] == [503]


async def test_posting_pace_is_measured_not_enforced(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    for n in range(3):
        await client.chat_postMessage(channel=STUDY, text=f"burst {n}")

    pace = fake.pace(STUDY)

    assert len(fake.messages(STUDY)) == 3
    assert (pace.posts, pace.faster_than_one_per_second) == (3, 2)
    assert pace.shortest_gap is not None and pace.shortest_gap < 1.0


# ---------------------------------------------------------------------------- files


async def test_file_upload_in_three_steps(fake: FakeSlack, client: AsyncWebClient) -> None:
    shared = await client.files_upload_v2(
        channel=STUDY, content=b"BEGIN:VCALENDAR", filename="mock.ics", title="Mock night"
    )
    private = await client.files_upload_v2(content=b"\x89PNG", filename="chart.png")
    with pytest.raises(SlackApiError) as to_user:
        await client.files_upload_v2(channel=ADA, content=b"x", filename="x.txt")

    [in_channel] = fake.files(STUDY)
    assert (in_channel.title, in_channel.content) == ("Mock night", b"BEGIN:VCALENDAR")
    assert shared["file"]["id"] == in_channel.id
    assert fake.messages(STUDY)[0].files == [in_channel.id]
    assert private["file"]["channels"] == []
    assert to_user.value.response["error"] == "channel_not_found"


async def test_a_file_for_one_member_goes_to_the_dm_opened_for_them(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    opened = await client.conversations_open(users=ADA)
    dm = opened["channel"]["id"]
    await client.files_upload_v2(
        channel=dm, content=b"{}", filename="data.json", initial_comment="Your data"
    )
    with pytest.raises(SlackApiError) as unopened:
        await client.files_upload_v2(channel="D0NEVEROPENED", content=b"x", filename="x.txt")

    [message] = fake.dm_messages(ADA)
    [document] = fake.files(dm)
    assert (message.text, message.files, document.content) == ("Your data", [document.id], b"{}")
    assert fake.dm_messages(BOB) == []
    assert unopened.value.response["error"] == "channel_not_found"


# --------------------------------------------------------------- what users can do


async def test_users_can_only_send_what_the_slack_client_allows(
    fake: FakeSlack, study: StudyApp, client: AsyncWebClient
) -> None:
    menu = {
        "type": "static_select",
        "action_id": "domain",
        "options": [{"text": {"type": "plain_text", "text": "Data"}, "value": "data"}],
    }
    posted = await client.chat_postMessage(
        channel=STUDY, text="Pick", blocks=[{"type": "actions", "elements": [menu]}]
    )
    with pytest.raises(ValueError, match="'serving' is not an option of 'domain'"):
        await fake.select(ADA, posted["ts"], "domain", "serving")
    opened = await fake.slash(ADA, STUDY, "/study", "reason")
    modal = await opened.wait_view()
    await fake.slash(ADA, STUDY, "/study", "plan")
    [private] = fake.ephemerals(ADA)

    with pytest.raises(ValueError, match="required input 'reasoning' is empty"):
        await fake.submit_view(ADA, modal.id, {})
    with pytest.raises(ValueError, match="not open on U0BOB's screen"):
        await fake.submit_view(BOB, modal.id, {"reasoning": "Not my modal at all"})
    with pytest.raises(ValueError, match="cannot see"):
        await fake.click(BOB, private.ts, "anything")
    fake.archive(STUDY)
    with pytest.raises(ValueError, match="archived"):
        await fake.slash(ADA, STUDY, "/study", "plan")
