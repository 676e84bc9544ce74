from datetime import date, time

import pytest

from bot.core.errors import InvalidInput
from bot.core.group_settings import SetupRequest, apply_setup, timezone_suggestions

TODAY = date(2026, 3, 2)
VALID = SetupRequest(
    channel_id="42",
    timezone="Europe/Berlin",
    post_time="08:30",
    reveal_time="19:00",
    rest_days="sat,sun",
    start_date="2026-03-02",
    exam_date="2026-05-01",
)


def problems(request: SetupRequest) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        apply_setup(None, request, TODAY)
    return caught.value.problems


def test_a_valid_request_gives_the_settings() -> None:
    settings = apply_setup(None, VALID, TODAY)
    assert settings.post_time == time(8, 30)
    assert settings.rest_weekdays == frozenset({5, 6})
    assert settings.exam_date == date(2026, 5, 1)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"timezone": "Mars/Olympus"}, "IANA name such as Europe/Berlin"),
        ({"post_time": "9am"}, "Use 24-hour HH:MM"),
        ({"reveal_time": "25:00"}, "Use 24-hour HH:MM"),
        ({"post_time": "20:00", "reveal_time": "08:00"}, "must be later on the same day"),
        ({"rest_days": "funday"}, "is not a weekday"),
        ({"rest_days": "mon,tue,wed,thu,fri,sat,sun"}, "must stay a study day"),
        ({"start_date": "03/02/2026"}, "Use YYYY-MM-DD"),
        ({"start_date": "2024-01-01"}, "more than a year ago"),
        ({"exam_date": "2026-01-01"}, "in the past"),
        (
            {"channel_missing_permissions": ("Send Messages", "Embed Links")},
            "missing Send Messages, Embed Links",
        ),
    ],
)
def test_each_invalid_value_says_what_is_valid(change: dict[str, object], expected: str) -> None:
    request = SetupRequest(**{**VALID.__dict__, **change})
    found = problems(request)
    assert any(expected in p for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    request = SetupRequest(channel_id="1", timezone="Nowhere", post_time="x", reveal_time="y")
    assert len(problems(request)) == 3


def test_each_problem_names_the_field_a_form_shows_it_beside() -> None:
    request = SetupRequest(
        **{**VALID.__dict__, "timezone": "Nowhere", "reveal_time": "07:00", "exam_date": "x"}
    )
    with pytest.raises(InvalidInput) as caught:
        apply_setup(None, request, TODAY)
    placed = dict(zip(caught.value.fields or [], caught.value.problems, strict=True))
    assert set(placed) == {"timezone", "reveal_time", "exam_date"}
    assert "not a timezone" in placed["timezone"]
    assert "must be later" in placed["reveal_time"]
    assert "not a date" in placed["exam_date"]


def test_first_setup_needs_a_timezone_and_later_changes_keep_the_rest() -> None:
    assert any("timezone" in p for p in problems(SetupRequest(channel_id="1")))
    first = apply_setup(None, VALID, TODAY)
    later = apply_setup(first, SetupRequest(reveal_time="21:15"), TODAY)
    assert later.reveal_time == time(21, 15)
    assert later.timezone == "Europe/Berlin" and later.channel_id == "42"


def test_exam_date_can_be_cleared() -> None:
    first = apply_setup(None, VALID, TODAY)
    assert apply_setup(first, SetupRequest(exam_date="none"), TODAY).exam_date is None


def test_timezone_suggestions_prefer_city_matches() -> None:
    assert timezone_suggestions("berl")[0] == "Europe/Berlin"
    assert len(timezone_suggestions("a")) == 25
    assert "UTC" in timezone_suggestions("")
