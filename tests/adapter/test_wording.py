"""What members read: counts with the right noun ("1 point", "1 study day", "2 questions")."""

from datetime import UTC, datetime, timedelta

from bot.content.loader import default_content_dir, load_bank
from bot.discord.mock.render import debrief_embed, mock_dm_text
from bot.discord.notices import direct_message
from bot.discord.stats.render import leaderboard_embed, streak_text
from bot.services.daily import StreakView
from bot.services.mock import Debrief, MockView
from bot.services.notices import DirectNotice
from bot.services.stats import Leaderboard, LeaderRow

START = datetime(2026, 3, 5, 19, tzinfo=UTC)


def mock(questions: int = 10, minutes: int = 30) -> MockView:
    return MockView(
        id=1,
        guild_id="1",
        channel_id="2",
        starts_at=START,
        ends_at=START + timedelta(minutes=minutes),
        duration_minutes=minutes,
        question_count=questions,
        focus_domain=None,
        status="scheduled",
        event_id=None,
        start_message_id=None,
    )


def test_streak_of_one_study_day() -> None:
    text = streak_text(StreakView(current=1, best=1, answered_total=1))
    assert "**1** study day in a row" in text and "day(s)" not in text
    text = streak_text(StreakView(current=3, best=4, answered_total=9))
    assert "**3** study days in a row" in text


def test_leaderboard_points_and_members() -> None:
    me = LeaderRow(rank=1, member_external_id="42", points=1, answered=1)
    other = LeaderRow(rank=2, member_external_id="43", points=0, answered=2)
    board = Leaderboard("week", None, None, [me, other], me, participants=1)
    embed = leaderboard_embed(board, None)
    assert "— 1 point (1 answered)" in (embed.description or "")
    assert "— 0 points (2 answered)" in (embed.description or "")
    assert embed.footer.text is not None and embed.footer.text.startswith("1 member ·")
    assert "pts" not in str(embed.to_dict())


def test_review_reminder_agrees_with_its_count() -> None:
    bank = load_bank(default_content_dir())

    def reminder(due: int) -> str:
        notice = DirectNotice(1, "review", "42", "1", "2", None, None, None, [], review_due=due)
        return direct_message(notice, bank.plan.messages)[0]

    assert reminder(1).startswith("📚 1 question is due") and "keeps it from" in reminder(1)
    assert reminder(3).startswith("📚 3 questions are due") and "keeps them" in reminder(3)


def test_mock_sizes_and_debrief_participants() -> None:
    assert "10 questions in 30 minutes" in mock_dm_text(mock(), "mock-1h")
    debrief = Debrief(mock(), participants=1, scores=[0.8], per_domain=[], hardest=[])
    assert "1 member took part" in (debrief_embed(debrief, "tag").description or "")
