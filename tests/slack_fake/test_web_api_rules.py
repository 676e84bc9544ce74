"""Each rule the fake Slack enforces, seen through the real slack_sdk client."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.devtools.fake_slack import FakeSlack
from tests.slack_fake.app import reason_modal, web_client
from tests.slack_fake.conftest import ADA, OLD, QUIET, SECRET, STUDY


def section(text: str, kind: str = "mrkdwn") -> dict[str, Any]:
    return {"type": "section", "text": {"type": kind, "text": text}}


def button(label: str, kind: str = "plain_text") -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [{"type": "button", "action_id": "go", "text": {"type": kind, "text": label}}],
    }


async def refusal(call: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as caught:
        await call
    return dict(caught.value.response.data)


# ------------------------------------------------------------------ methods and tokens


async def test_unimplemented_methods_answer_unknown_method(client: AsyncWebClient) -> None:
    body = await refusal(client.api_call("chat.scheduleMessage", json={"channel": STUDY}))
    assert body["error"] == "unknown_method"


async def test_bot_methods_refuse_other_tokens(
    fake: FakeSlack, session: aiohttp.ClientSession
) -> None:
    with_app_token = web_client(fake, session, token=fake.app_token)
    assert (await refusal(with_app_token.auth_test()))["error"] == "invalid_auth"
    assert (await refusal(with_app_token.users_info(user=ADA)))["error"] == "invalid_auth"


async def test_socket_mode_url_needs_the_app_token_and_is_local(
    fake: FakeSlack, session: aiohttp.ClientSession, client: AsyncWebClient
) -> None:
    refused = await refusal(client.apps_connections_open(app_token=fake.bot_token))
    assert refused["error"] == "not_allowed_token_type"

    opened = await client.apps_connections_open(app_token=fake.app_token)
    url = opened["url"]
    assert url.startswith(f"ws://127.0.0.1:{fake.port}/link")
    async with session.ws_connect(url) as ws:
        hello = await ws.receive_json()
    assert hello["type"] == "hello"
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await session.ws_connect(url)  # a ticket opens one connection only


# ---------------------------------------------------------------------------- blocks


async def test_a_message_takes_at_most_50_blocks(fake: FakeSlack, client: AsyncWebClient) -> None:
    await client.chat_postMessage(channel=STUDY, text="ok", blocks=[section("x")] * 50)

    body = await refusal(
        client.chat_postMessage(channel=STUDY, text="no", blocks=[section("x")] * 51)
    )

    assert body["error"] == "invalid_blocks"
    assert body["errors"] == ["no more than 50 items allowed [json-pointer:/blocks]"]
    assert len(fake.messages(STUDY)) == 1


async def test_a_modal_takes_at_most_100_blocks(fake: FakeSlack, client: AsyncWebClient) -> None:
    view = {**reason_modal("q1"), "blocks": [section("x")] * 101}

    body = await refusal(client.views_open(trigger_id=fake.new_trigger(ADA), view=view))

    assert body["error"] == "invalid_arguments"
    assert body["response_metadata"]["messages"] == [
        "no more than 100 items allowed [json-pointer:/view/blocks]"
    ]
    opened = await client.views_open(
        trigger_id=fake.new_trigger(ADA), view={**view, "blocks": [section("x")] * 100}
    )
    assert len(opened["view"]["blocks"]) == 100


@pytest.mark.parametrize(
    ("blocks", "problem"),
    [
        (
            [section("x" * 3001)],
            "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
        ),
        (
            [button("x" * 76)],
            "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
        ),
        (
            [button("Go", kind="mrkdwn")],
            "must be a valid enum value (plain_text) [json-pointer:/blocks/0/elements/0/text/type]",
        ),
        (
            [{"type": "header", "text": {"type": "mrkdwn", "text": "*Week 1*"}}],
            "must be a valid enum value (plain_text) [json-pointer:/blocks/0/text/type]",
        ),
        (
            [section("x", kind="markdown")],
            "must be a valid enum value (mrkdwn or plain_text) [json-pointer:/blocks/0/text/type]",
        ),
        ([{"type": "section"}], "must contain either text or fields [json-pointer:/blocks/0]"),
    ],
    ids=[
        "section-3001",
        "button-76",
        "button-mrkdwn",
        "header-mrkdwn",
        "bad-text-type",
        "empty-section",
    ],
)
async def test_block_limits_and_text_types(
    fake: FakeSlack, client: AsyncWebClient, blocks: list[dict[str, Any]], problem: str
) -> None:
    body = await refusal(client.chat_postMessage(channel=STUDY, text="t", blocks=blocks))

    assert body["error"] == "invalid_blocks"
    assert problem in body["errors"]
    assert fake.messages(STUDY) == []


async def test_longest_allowed_texts_pass(fake: FakeSlack, client: AsyncWebClient) -> None:
    await client.chat_postMessage(
        channel=STUDY, text="t", blocks=[section("x" * 3000), button("y" * 75)]
    )
    [message] = fake.messages(STUDY)
    assert message.action_ids() == ["go"]


# ---------------------------------------------------------------------------- channels


@pytest.mark.parametrize(
    ("channel", "error"),
    [
        (QUIET, "not_in_channel"),
        (SECRET, "channel_not_found"),
        ("C0NOWHERE", "channel_not_found"),
        (OLD, "is_archived"),
    ],
)
async def test_posting_where_the_bot_cannot(
    fake: FakeSlack, client: AsyncWebClient, channel: str, error: str
) -> None:
    body = await refusal(client.chat_postMessage(channel=channel, text="hello"))

    assert body["error"] == error
    assert fake.messages(channel) == []


async def test_reading_history_needs_membership(client: AsyncWebClient) -> None:
    assert (await refusal(client.conversations_history(channel=QUIET)))["error"] == "not_in_channel"
    assert (await refusal(client.conversations_info(channel=SECRET)))[
        "error"
    ] == "channel_not_found"


# ------------------------------------------------------------------- history, metadata


async def test_metadata_comes_back_only_when_asked(client: AsyncWebClient) -> None:
    marker = {"event_type": "reveal_started", "event_payload": {"question": "q7"}}
    await client.chat_postMessage(channel=STUDY, text="Reveal", metadata=marker)

    plain = await client.conversations_history(channel=STUDY)
    full = await client.conversations_history(channel=STUDY, include_all_metadata=True)

    assert "metadata" not in plain["messages"][0]
    assert full["messages"][0]["metadata"] == marker


async def test_malformed_metadata_is_refused(client: AsyncWebClient) -> None:
    body = await refusal(
        client.chat_postMessage(channel=STUDY, text="x", metadata={"event_type": "only"})
    )
    assert body["error"] == "invalid_metadata_format"


async def test_throttled_history_gives_15_items_once_a_minute(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.throttled_history = True
    fake.enable_rate_limits(retry_after=0)
    for n in range(20):
        await client.chat_postMessage(channel=STUDY, text=f"m{n}")

    page = await client.conversations_history(channel=STUDY, limit=100)
    again = await refusal(client.conversations_history(channel=STUDY))

    assert [m["text"] for m in page["messages"]] == [f"m{n}" for n in range(19, 4, -1)]
    assert page["has_more"] is True
    assert again["error"] == "ratelimited"


async def test_threads_and_replies(client: AsyncWebClient) -> None:
    parent = await client.chat_postMessage(channel=STUDY, text="Reveal")
    await client.chat_postMessage(channel=STUDY, text="Discuss here", thread_ts=parent["ts"])

    history = await client.conversations_history(channel=STUDY)
    replies = await client.conversations_replies(channel=STUDY, ts=parent["ts"])

    assert [m["text"] for m in history["messages"]] == ["Reveal"]
    assert history["messages"][0]["reply_count"] == 1
    assert [m["text"] for m in replies["messages"]] == ["Reveal", "Discuss here"]


async def test_edit_link_react_and_delete(fake: FakeSlack, client: AsyncWebClient) -> None:
    posted = await client.chat_postMessage(channel=STUDY, text="Answer now")
    ts = posted["ts"]

    await client.chat_update(
        channel=STUDY, ts=ts, text="Closed", blocks=[section("See the reveal")]
    )
    link = await client.chat_getPermalink(channel=STUDY, message_ts=ts)
    await client.reactions_add(channel=STUDY, timestamp=ts, name="white_check_mark")
    twice = await refusal(
        client.reactions_add(channel=STUDY, timestamp=ts, name="white_check_mark")
    )

    [message] = fake.messages(STUDY)
    assert (message.text, message.edited_ts is not None) == ("Closed", True)
    assert link["permalink"].startswith(f"http://127.0.0.1:{fake.port}/archives/{STUDY}/p")
    assert twice["error"] == "already_reacted"
    await client.chat_delete(channel=STUDY, ts=ts)
    assert fake.messages(STUDY) == []
    gone = await refusal(client.chat_update(channel=STUDY, ts=ts, text="again"))
    assert gone["error"] == "message_not_found"


# ---------------------------------------------------------------------- users, views


async def test_users_info_has_timezone_roles_and_display_name(client: AsyncWebClient) -> None:
    user = (await client.users_info(user=ADA))["user"]

    assert (user["tz"], user["tz_offset"]) == ("Europe/Paris", 3600)
    assert (user["is_admin"], user["is_owner"]) == (True, False)
    assert user["profile"]["display_name"] == "Ada L."
    assert (await refusal(client.users_info(user="U0NOBODY")))["error"] == "user_not_found"


async def test_ephemeral_needs_the_user_in_the_channel(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    await client.chat_postEphemeral(channel=STUDY, user=ADA, text="Only you see this")
    body = await refusal(client.chat_postEphemeral(channel=QUIET, user="U0BOB", text="x"))

    assert [m.text for m in fake.ephemerals(ADA)] == ["Only you see this"]
    assert body["error"] == "user_not_in_channel"


async def test_views_update_checks_the_hash(fake: FakeSlack, client: AsyncWebClient) -> None:
    opened = await client.views_open(trigger_id=fake.new_trigger(ADA), view=reason_modal("q1"))
    view = opened["view"]
    paged = {**reason_modal("q1"), "title": {"type": "plain_text", "text": "Page 2"}}

    updated = await client.views_update(view_id=view["id"], hash=view["hash"], view=paged)
    stale = await refusal(client.views_update(view_id=view["id"], hash=view["hash"], view=paged))

    assert updated["view"]["title"]["text"] == "Page 2"
    assert stale["error"] == "hash_conflict"


async def test_modal_needs_a_short_plain_title_and_a_submit_for_inputs(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    long_title = {**reason_modal("q1"), "title": {"type": "plain_text", "text": "x" * 25}}
    no_submit = {k: v for k, v in reason_modal("q1").items() if k != "submit"}

    first = await refusal(client.views_open(trigger_id=fake.new_trigger(ADA), view=long_title))
    second = await refusal(client.views_open(trigger_id=fake.new_trigger(ADA), view=no_submit))

    assert (
        "must be less than 25 characters [json-pointer:/view/title/text]"
        in (first["response_metadata"]["messages"])
    )
    assert second["error"] == "invalid_arguments"


# ------------------------------------------------------------------------- Home tab


async def test_a_home_tab_takes_at_most_100_blocks(fake: FakeSlack, client: AsyncWebClient) -> None:
    home = {"type": "home", "blocks": [section("x")] * 101}

    body = await refusal(client.views_publish(user_id=ADA, view=home))

    assert body["response_metadata"]["messages"] == [
        "no more than 100 items allowed [json-pointer:/view/blocks]"
    ]
    assert fake.home_view(ADA) is None
    published = await client.views_publish(
        user_id=ADA, view={**home, "blocks": home["blocks"][:100]}
    )
    assert published["view"]["type"] == "home"
    assert len(fake.home_view(ADA).blocks) == 100  # type: ignore[union-attr]


async def test_views_publish_refuses_what_slack_refuses(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    home = {"type": "home", "blocks": [section("Welcome")]}

    modal = await refusal(client.views_publish(user_id=ADA, view=reason_modal("q1")))
    nobody = await refusal(client.views_publish(user_id="U0NOBODY", view=home))
    too_large = await refusal(
        client.views_publish(user_id=ADA, view={**home, "private_metadata": "x" * 250_001})
    )
    fake.workspace.home_tab_enabled = False
    disabled = await refusal(client.views_publish(user_id=ADA, view=home))

    assert (
        "must be a valid enum value (home) [json-pointer:/view/type]"
        in (modal["response_metadata"]["messages"])
    )
    assert nobody["error"] == "invalid_arguments"
    assert nobody["response_metadata"]["messages"] == ["invalid `user_id`"]
    assert too_large["error"] == "view_too_large"
    assert disabled["error"] == "not_enabled"
    assert fake.home_view(ADA) is None
    with pytest.raises(ValueError, match="Home tab"):
        await fake.open_home(ADA)


async def test_a_stale_hash_does_not_overwrite_a_newer_home_tab(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    first = await client.views_publish(
        user_id=ADA, view={"type": "home", "blocks": [section("one")]}
    )
    await client.views_publish(user_id=ADA, view={"type": "home", "blocks": [section("two")]})

    stale = await refusal(
        client.views_publish(
            user_id=ADA,
            view={"type": "home", "blocks": [section("three")]},
            hash=first["view"]["hash"],
        )
    )

    assert stale["error"] == "hash_conflict"
    assert fake.home_view(ADA).blocks[0]["text"]["text"] == "two"  # type: ignore[union-attr]


async def test_the_enforced_pace_refuses_a_second_post_in_the_same_channel_within_a_second(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.add_channel("C0OTHER", "other", members=[ADA])
    fake.enforce_pace(60.0, retry_after=0)  # the client's retries come too soon as well
    await client.chat_postMessage(channel=STUDY, text="Question")

    too_soon = await refusal(client.chat_postMessage(channel=STUDY, text="Theme"))
    await client.chat_postMessage(channel="C0OTHER", text="Question")  # another channel

    assert too_soon["error"] == "ratelimited"
    assert [m.text for m in fake.messages(STUDY)] == ["Question"]
    assert fake.pace("C0OTHER").posts == 1
