"""A recording publisher (our own port, not a Discord mock) and group set-up helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.content.loader import Bank
from bot.core.clock import FakeClock
from bot.core.group_settings import SetupRequest
from bot.db.engine import Database
from bot.services.daily import DailyService, QuestionCard, RevealCard
from bot.services.groups import GroupService, GroupView
from bot.services.mock import Debrief, MockService, MockView
from bot.services.notices import DirectNotice, Notice, NoticeService
from bot.services.runner import ChannelProblem, Runner


@dataclass
class RecordingPublisher:
    questions: dict[int, str] = field(default_factory=dict)
    reveals: dict[int, RevealCard] = field(default_factory=dict)
    closed: list[int] = field(default_factory=list)
    notices: dict[int, Notice] = field(default_factory=dict)
    direct: list[DirectNotice] = field(default_factory=list)
    mock_posts: list[tuple[int, str]] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    channel_problem: ChannelProblem | None = None
    sent: int = 0
    groups_at_once: int = 1

    async def find_question(self, card: QuestionCard) -> str | None:
        return self.questions.get(card.daily_id)

    async def publish_question(self, card: QuestionCard) -> str:
        if card.daily_id not in self.questions:
            self.sent += 1
            self.questions[card.daily_id] = f"msg-{card.daily_id}"
        return self.questions[card.daily_id]

    async def publish_reveal(self, card: RevealCard) -> str:
        self.reveals.setdefault(card.daily_id, card)
        return f"reveal-{card.daily_id}"

    async def open_thread(self, card: RevealCard, reveal_message_id: str) -> str | None:
        return f"thread-{card.daily_id}"

    async def close_question(self, card: QuestionCard) -> None:
        self.closed.append(card.daily_id)

    async def check_channel(self, guild_id: str, channel_id: str) -> None:
        if self.channel_problem is not None:
            raise self.channel_problem

    async def report_to_organisers(self, guild_id: str, message: str) -> bool:
        self.reports.append(message)
        return True

    async def publish_notice(self, notice: Notice) -> str:
        self.notices.setdefault(notice.announcement_id, notice)
        return f"notice-{notice.announcement_id}"

    async def send_direct(self, notice: DirectNotice) -> bool:
        self.direct.append(notice)
        return True

    async def publish_mock_reminder(self, mock: MockView, kind: str) -> None:
        self.mock_posts.append((mock.id, kind))

    async def interested_members(self, mock: MockView) -> list[str]:
        return []

    async def send_mock_dm(self, member_external_id: str, mock: MockView, kind: str) -> bool:
        return True

    async def publish_mock_start(self, mock: MockView) -> str:
        self.mock_posts.append((mock.id, "start"))
        return f"mock-start-{mock.id}"

    async def publish_debrief(self, debrief: Debrief) -> str:
        self.mock_posts.append((debrief.mock.id, "debrief"))
        return f"mock-debrief-{debrief.mock.id}"


def runner_for(
    database: Database, bank: Bank, clock: FakeClock, publisher: RecordingPublisher
) -> Runner:
    """A runner over real services (the publisher is our own recording port)."""
    return Runner(
        DailyService(database, bank, "discord"),
        GroupService(database),
        NoticeService(database, bank),
        MockService(database, bank, "discord"),
        publisher,
        clock,
        platform="discord",
    )


async def make_group(
    groups: GroupService, clock: FakeClock, guild: str = "100", **overrides: str
) -> GroupView:
    values = {
        "channel_id": "555",
        "timezone": "UTC",
        "post_time": "09:00",
        "reveal_time": "20:00",
        "rest_days": "sun",
        "start_date": "2026-03-02",
    }
    values.update(overrides)
    return await groups.configure(
        "discord", guild, SetupRequest(**values), clock.now(), clock.now().date()
    )
