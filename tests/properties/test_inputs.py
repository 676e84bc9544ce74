"""Property tests: any input gets a clear answer — a result or a friendly refusal — never an
unhandled exception, and a refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.errors import UserFacingError
from bot.core.group_settings import SetupRequest, apply_setup
from bot.db.engine import Database
from bot.db.migrate import upgrade_to_head
from bot.services.daily import DailyService
from bot.services.groups import GroupService
from bot.services.me import MeService
from bot.services.mock import MockService
from bot.services.review import ReviewService
from tests.services.helpers import RecordingPublisher, make_group, runner_for

TODAY = date(2026, 3, 2)
texts = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(
        [
            "09:00",
            "25:61",
            "none",
            "sat,sun",
            "Europe/Berlin",
            "2026-03-02",
            "2025-01-01",
            "",
            " ",
            "9.30",
            "mon",
        ]
    ),
)
ids = st.integers(min_value=-(2**63), max_value=2**63 - 1)
letters = st.lists(st.text(alphabet="ABCDEFZ,a ", max_size=3), max_size=6)
SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@given(
    st.builds(
        SetupRequest,
        channel_id=texts,
        timezone=texts,
        post_time=texts,
        reveal_time=texts,
        rest_days=texts,
        start_date=texts,
        exam_date=texts,
    )
)
@settings(max_examples=300, deadline=None)
def test_setup_accepts_or_refuses_every_input_clearly(request: SetupRequest) -> None:
    try:
        settings_ = apply_setup(None, request, TODAY)
    except UserFacingError as refusal:
        assert refusal.message.startswith("Nothing was saved")
    else:
        assert settings_.reveal_time > settings_.post_time
        assert len(settings_.rest_weekdays) < 7


@pytest.fixture
async def world(tmp_path: Path, bank: Bank):  # type: ignore[no-untyped-def]
    database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    await upgrade_to_head(database)
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    publisher = RecordingPublisher()
    await make_group(GroupService(database), clock)
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    await runner_for(database, bank, clock, publisher).run_due()
    yield database, clock, publisher
    await database.dispose()


@SLOW
@given(guild=st.sampled_from(["100", "200", "x", ""]), daily_id=ids, picks=letters)
async def test_answers_with_crafted_ids_and_picks_are_refused_cleanly(
    world,
    bank: Bank,
    guild: str,
    daily_id: int,
    picks: list[str],  # type: ignore[no-untyped-def]
) -> None:
    database, clock, publisher = world
    daily = DailyService(database, bank, "discord")
    (real_id,) = publisher.questions
    target = real_id if daily_id % 3 == 0 else daily_id
    try:
        receipt = await daily.record_answer(guild, "u1", "Ada", target, picks, clock.now())
    except UserFacingError:
        return
    assert guild == "100" and target == real_id, "only the server's own open question"
    assert receipt.answer_count >= 1


@SLOW
@given(text=st.text(max_size=1200), confidence=st.text(max_size=4))
async def test_any_reasoning_is_saved_or_refused_with_a_reason(
    world,
    bank: Bank,
    text: str,
    confidence: str,  # type: ignore[no-untyped-def]
) -> None:
    database, clock, publisher = world
    daily = DailyService(database, bank, "discord")
    (daily_id,) = publisher.questions
    card = await daily.question_card(daily_id)
    await daily.record_answer("100", "u1", "Ada", daily_id, list(card.question.answer), clock.now())
    try:
        await daily.add_reasoning("100", "u1", daily_id, text, confidence, clock.now())
    except UserFacingError as refusal:
        assert "Nothing was saved" in refusal.message
        return
    assert 0 < len(text.strip()) <= 1000


@SLOW
@given(timezone=texts, exam=texts, quiet=texts)
async def test_member_settings_accept_or_refuse_every_input(
    world,
    timezone: str | None,
    exam: str | None,
    quiet: str | None,  # type: ignore[no-untyped-def]
) -> None:
    database, clock, _publisher = world
    me = MeService(database, "discord")
    before = await me.show("u9", "Cy", clock.now())
    try:
        await me.update(
            "100", "u9", "Cy", clock.now(), timezone=timezone, exam_date=exam, quiet_hours=quiet
        )
    except UserFacingError:
        assert await me.show("u9", "Cy", clock.now()) == before, "a refusal changes nothing"


@SLOW
@given(
    attempt_id=ids,
    card_id=ids,
    position=st.integers(-5, 100),
    picks=letters,
    action=st.sampled_from(["answer", "flag", "goto", "submit", "bogus"]),
)
async def test_crafted_mock_and_review_ids_are_refused(
    world,
    bank: Bank,
    attempt_id: int,
    card_id: int,
    position: int,  # type: ignore[no-untyped-def]
    picks: list[str],
    action: str,
) -> None:
    database, clock, _publisher = world
    with pytest.raises(UserFacingError):
        await MockService(database, bank, "discord").act(
            "u1", attempt_id, action, position, picks, clock.now()
        )
    with pytest.raises(UserFacingError):
        await ReviewService(database, bank, "discord").answer("u1", card_id, picks, clock.now())
