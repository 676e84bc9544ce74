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

    assert result.payload["text"] == f"stats <@{BOB}|bob>"
    reply = await result.wait_ephemeral()
    assert reply.text == "Stats for Bob (Pacific/Auckland)"
    assert result.responses[0]["text"] == reply.text
    assert [c.method for c in fake.calls("users.info")] == ["users.info"]


async def test_in_channel_response_is_a_message_everyone_sees(
    fake: FakeSlack, study: StudyApp
) -> None:
    result = await fake.slash(ADA, STUDY, "/study", "announce")

    message = await fake.wait_until(lambda: fake.messages(STUDY), what="the announcement")
    assert [m.text for m in message] == ["Mock night on Friday!"]
    assert result.ephemerals == []


async def test_button_click_carries_the_posted_element_and_respond_answers_privately(
    fake: FakeSlack, study: StudyApp
) -> None:
    await fake.slash(ADA, STUDY, "/study", "question")
    [question] = await fake.wait_until(lambda: fake.messages(STUDY), what="the question")

    result = await fake.click(BOB, question.ts, "answer_B")

    [action] = result.payload["actions"]
    assert action["block_id"] == "answers"
    assert action["value"] == "q1:B"
    assert action["text"] == {"type": "plain_text", "text": "B"}
    assert result.payload["message"]["ts"] == question.ts
    reply = await result.wait_ephemeral()
    assert (reply.text, reply.ephemeral_to, reply.channel) == ("You picked B", BOB, STUDY)
    assert fake.messages(STUDY) == [question]


async def test_modal_round_trip_with_errors_then_saved(fake: FakeSlack, study: StudyApp) -> None:
    await fake.slash(ADA, STUDY, "/study", "question")
    [question] = await fake.wait_until(lambda: fake.messages(STUDY), what="the question")
    click = await fake.click(ADA, question.ts, "reason")
    modal = await click.wait_view()
    assert (modal.callback_id, modal.private_metadata) == ("reason", "q1")

    short = await fake.submit_view(ADA, modal.id, {"reasoning": "cheap"})
    assert short.view_errors == {"reasoning": "Say a little more."}
    assert fake.open_views(ADA) == [modal]

    saved = await fake.submit_view(ADA, modal.id, {"reasoning": "Vertex AI trains custom models."})
    assert saved.acked_in_time and saved.user_error is None
    assert fake.open_views(ADA) == []
    assert study.submissions == [{"question": "q1", "text": "Vertex AI trains custom models."}]
    dm = await fake.wait_until(lambda: fake.dm_messages(ADA), what="the DM")
    assert [m.text for m in dm] == ["Reasoning saved."]


async def test_external_select_gets_options_and_closing_notifies(
    fake: FakeSlack, study: StudyApp
) -> None:
    opened = await fake.slash(ADA, STUDY, "/study", "reason")
    modal = await opened.wait_view()

    typed = await fake.suggest(ADA, modal.id, "timezone", "europe")
    assert [o["value"] for o in typed.options] == ["Europe/Paris", "Europe/London"]

    closed = await fake.close_view(ADA, modal.id)
    assert closed is not None and closed.acked_in_time
    assert study.closed_views == [modal.id]


async def test_shortcuts_open_a_modal_or_answer_on_the_message(
    fake: FakeSlack, study: StudyApp
) -> None:
    global_shortcut = await fake.shortcut(ADA, "mock_night")
    assert (await global_shortcut.wait_view()).private_metadata == "mock"

    await fake.slash(ADA, STUDY, "/study", "question")
    [question] = await fake.wait_until(lambda: fake.messages(STUDY), what="the question")
    on_message = await fake.shortcut(BOB, "report_question", message_ts=question.ts)
    assert on_message.payload["type"] == "message_action"
    reply = await on_message.wait_ephemeral()
    assert reply.text == f"Thanks, message {question.ts} reported."


async def test_home_tab_is_published_when_opened(fake: FakeSlack, study: StudyApp) -> None:
    assert fake.home_view(ADA) is None

    result = await fake.open_home(ADA)

    assert result.acked_in_time
    home = await fake.wait_until(lambda: fake.home_view(ADA), what="views.publish")
    assert home.blocks[0]["text"]["text"] == f"Welcome back <@{ADA}>"


async def test_disconnect_request_makes_the_app_reconnect(fake: FakeSlack, study: StudyApp) -> None:
    await fake.request_reconnect()

    assert len(fake.calls("apps.connections.open")) == 2
    result = await fake.slash(ADA, STUDY, "/study", "plan")
    assert result.acked_in_time
    assert fake.socket_mode.protocol_errors == []


async def test_select_in_an_ephemeral_sends_the_chosen_option_and_replaces_it(
    fake: FakeSlack, study: StudyApp
) -> None:
    asked = await fake.slash(ADA, STUDY, "/study", "focus")
    menu = await asked.wait_ephemeral()

    chosen = await fake.select(ADA, menu.ts, "focus", "serving")

    [action] = chosen.payload["actions"]
    assert action["selected_option"]["text"]["text"] == "Serving"
    assert chosen.payload["container"]["is_ephemeral"] is True
    await fake.wait_until(lambda: menu.text == "Focus: serving", what="the menu replaced")
    assert [m.text for m in fake.ephemerals(ADA)] == ["Focus: serving"]


async def test_a_submission_can_turn_the_page(fake: FakeSlack, study: StudyApp) -> None:
    opened = await fake.slash(ADA, STUDY, "/study", "reason")
    modal = await opened.wait_view()

    result = await fake.submit_view(ADA, modal.id, {"reasoning": "next page, please"})

    assert result.view is modal
    assert modal.definition["title"]["text"] == "Page 2"
    assert fake.open_views(ADA) == [modal]
