"""What the daily-question services return: the question card, the reveal card, receipts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.content.schema import Question
from bot.core.markers import Marker, Post
from bot.core.reveal import Milestone, OptionSplit, Quote


@dataclass(frozen=True)
class QuestionCard:
    """What the question message shows."""

    daily_id: int
    guild_id: str
    channel_id: str
    message_id: str | None
    study_date: date
    question: Question
    domain_name: str
    reveal_at: datetime
    answer_count: int
    closed: bool
    reveal_message_id: str | None
    reveal_channel_id: str  # where the reveal is (or will be) posted
    revisit: bool = False
    fresh_claim: bool = False  # claimed in this very pass: nothing can have been sent yet
    # Who asked to be pinged when it is posted (set on the cards the post is made from):
    # Discord pings the role the bot manages, Slack mentions the members.
    ping_role_id: str | None = None
    ping_members: tuple[str, ...] = ()

    @property
    def marker(self) -> Marker:
        return Marker(Post.QUESTION, self.daily_id)


@dataclass(frozen=True)
class RevealCard:
    """What the reveal message shows; ``channel_id`` is where it is posted (the group's
    channel), which may differ from ``question_channel_id`` when the channel changed."""

    daily_id: int
    guild_id: str
    channel_id: str
    question_channel_id: str
    question_message_id: str | None
    study_date: date
    question: Question
    domain_name: str
    answer_count: int
    correct_count: int
    split: list[OptionSplit]
    correct_members: list[str]
    quotes: list[Quote]
    milestones: list[Milestone]
    reveal_message_id: str | None
    thread_id: str | None
    open_reports: int = 0
    # Display names of ``correct_members``, in the same order (Slack shows names, not pings).
    correct_names: list[str] = field(default_factory=list)
    fresh_reveal: bool = False  # begun in this very call: nothing can have been posted yet

    @property
    def marker(self) -> Marker:
        return Marker(Post.REVEAL, self.daily_id)


@dataclass(frozen=True)
class AnswerReceipt:
    daily_id: int
    pick: str
    changed: bool
    answer_count: int
    reveal_at: datetime
    has_reasoning: bool
    quote_anonymously: bool


@dataclass(frozen=True)
class StreakView:
    current: int
    best: int
    answered_total: int


@dataclass(frozen=True)
class DueReveal:
    daily_id: int
    group_id: int
    state: str
