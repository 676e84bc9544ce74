"""Tables. Alembic migrations in ``migrations/`` must match these (a test compares them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Member(Base):
    """A person, known to us by their chat platform and that platform's user id."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str] = mapped_column(String(100))
    quote_anonymously: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    exam_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    reminders: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    quiet_start: Mapped[str | None] = mapped_column(String(5), nullable=True)  # HH:MM
    quiet_end: Mapped[str | None] = mapped_column(String(5), nullable=True)
    stats_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mock_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Group(Base):
    """A study group: one per server, with its channel and schedule."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64))
    post_time: Mapped[str] = mapped_column(String(5))  # HH:MM, group's local time
    reveal_time: Mapped[str] = mapped_column(String(5))
    rest_weekdays: Mapped[str] = mapped_column(String(20), default="")  # "5,6" (Mon = 0)
    plan_start: Mapped[date] = mapped_column(Date)
    exam_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Skipped days and pauses, as bot.core.days_off writes them ("" when none).
    days_off: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The role the bot manages for members who asked to be pinged (Discord), once made.
    ping_role_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # The pinned overview message the bot keeps up to date in the channel.
    overview_message_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class DailyQuestion(Base):
    """The question a group gets on one study date; (group, date) is unique: never twice.

    ``state`` moves claimed → posted → revealing → revealed. ``claimed`` and ``revealing``
    mark work that was started: a restart finishes it, looking before it posts again.
    ``study_date`` is a date in ``timezone``, the group's timezone when it was claimed (after
    a change across the date line a date can come twice). The reveal is posted in
    ``reveal_channel_id`` when the group's channel changed after the question was posted.
    """

    __tablename__ = "daily_questions"
    __table_args__ = (
        UniqueConstraint("group_id", "study_date", "timezone"),
        Index("ix_daily_questions_state_reveal_at", "state", "reveal_at"),
        Index("ix_daily_questions_group_question", "group_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    study_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(80))
    domain: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12), default="claimed")
    channel_id: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reveal_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reveal_channel_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reveal_message_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    thread_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revisit: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Answer(Base):
    """A member's pick for a daily question; the last pick before the reveal counts."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("daily_question_id", "member_id"),
        Index("ix_answers_member_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    daily_question_id: Mapped[int] = mapped_column(
        ForeignKey("daily_questions.id", ondelete="CASCADE")
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    pick: Mapped[str] = mapped_column(String(16))
    is_correct: Mapped[bool] = mapped_column(Boolean)
    changes: Mapped[int] = mapped_column(Integer, default=0)
    first_answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reasoning: Mapped[str | None] = mapped_column(Text, nullable=True)
    confidence: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Streak(Base):
    """A member's streak in a group, settled at each reveal."""

    __tablename__ = "streaks"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    current: Mapped[int] = mapped_column(Integer, default=0)
    best: Mapped[int] = mapped_column(Integer, default=0)
    last_study_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class Report(Base):
    """A member's report of a problem with a question (wrong key, outdated, unclear, typo)."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_group_status", "group_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(16))
    details: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)


class GroupOrganiser(Base):
    """Someone who organises a group, besides those the platform itself makes organisers
    (Slack: whoever set the group up; channel problems are reported to them by DM)."""

    __tablename__ = "group_organisers"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    external_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Membership(Base):
    """That a member takes part in a group (first answer or command there)."""

    __tablename__ = "memberships"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The member asked to be pinged on each daily post and mock-night announcement.
    pings: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Assessment(Base):
    """A member's self-assessment of one domain (1–5), kept with its date."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_member_domain", "member_id", "domain"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Announcement(Base):
    """A post the bot makes once per key (a week's theme, a rest day)."""

    __tablename__ = "announcements"
    __table_args__ = (UniqueConstraint("group_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DirectMessage(Base):
    """A DM the bot sent (or tried to) once per key: reminders, exam eve and after."""

    __tablename__ = "direct_messages"
    __table_args__ = (UniqueConstraint("member_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(32))
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReviewCard(Base):
    """A question a member should see again, scheduled with FSRS (state kept as JSON)."""

    __tablename__ = "review_cards"
    __table_args__ = (
        UniqueConstraint("member_id", "question_id"),
        Index("ix_review_cards_member_due", "member_id", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(Text)  # fsrs Card.to_dict() as JSON
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    misses: Mapped[int] = mapped_column(Integer, default=0)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MockNight(Base):
    """A scheduled group mock exam; ``status``: scheduled → open → closed, or cancelled."""

    __tablename__ = "mock_nights"
    __table_args__ = (Index("ix_mock_nights_status_starts", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int] = mapped_column(Integer)
    question_count: Mapped[int] = mapped_column(Integer)
    focus_domain: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    event_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    start_message_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    debrief_message_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Minutes one question may take before the results call it slow (organiser's choice).
    pace_minutes: Mapped[int] = mapped_column(Integer, default=3, server_default="3")


class MockQuestion(Base):
    """The paper of a mock night: the same questions, in the same order, for everyone."""

    __tablename__ = "mock_questions"

    mock_id: Mapped[int] = mapped_column(
        ForeignKey("mock_nights.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(String(80))
    domain: Mapped[str] = mapped_column(String(40))


class MockAttempt(Base):
    """A member's private attempt at a mock night."""

    __tablename__ = "mock_attempts"
    __table_args__ = (UniqueConstraint("mock_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mock_id: Mapped[int] = mapped_column(ForeignKey("mock_nights.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    current: Mapped[int] = mapped_column(Integer, default=1)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    auto_submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the member arrived at question ``current``: its time runs from here.
    viewing_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class MockAnswer(Base):
    """One answer (or flag) in an attempt; the last pick before submitting counts."""

    __tablename__ = "mock_answers"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("mock_attempts.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    pick: Mapped[str | None] = mapped_column(String(16), nullable=True)
    is_correct: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Time on this question, summed over the member's visits (server clock).
    seconds_spent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_pick: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # The member came back to this question while it was flagged.
    returned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class MockRsvp(Base):
    """A member's answer to "are you coming?" for a mock night, where the platform has no
    event of its own to mark (Slack); the last answer counts."""

    __tablename__ = "mock_rsvps"

    mock_id: Mapped[int] = mapped_column(
        ForeignKey("mock_nights.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    going: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PracticeDrill(Base):
    """A member's private practice drill (``/practice``): ``count`` questions asked one at a
    time; ``position`` is the question being asked (past ``count`` once the drill is done).
    Practice never counts toward streaks or leaderboards."""

    __tablename__ = "practice_drills"
    __table_args__ = (Index("ix_practice_drills_member_group", "member_id", "group_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    domain: Mapped[str | None] = mapped_column(String(40), nullable=True)  # None: weighted mix
    count: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PracticeAnswer(Base):
    """The question at one position of a drill, drawn when it is first shown, and the
    member's answer to it (``pick`` is None until answered)."""

    __tablename__ = "practice_answers"

    drill_id: Mapped[int] = mapped_column(
        ForeignKey("practice_drills.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(String(80))
    domain: Mapped[str] = mapped_column(String(40))
    pick: Mapped[str | None] = mapped_column(String(16), nullable=True)
    is_correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class HandsOnStep(Base):
    """A step of a plan theme's hands-on task that a member marked done."""

    __tablename__ = "hands_on_steps"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[int] = mapped_column(Integer, primary_key=True)
    step: Mapped[int] = mapped_column(Integer, primary_key=True)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HandsOnReflection(Base):
    """A member's short reflection on a theme's hands-on task."""

    __tablename__ = "hands_on_reflections"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MissTag(Base):
    """Why a member missed a question, in their own words (one of ``MissReason``): one tag
    per member and question, changed or cleared at will."""

    __tablename__ = "miss_tags"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    reason: Mapped[str] = mapped_column(String(1))
    tagged_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SectionScore(Base):
    """A member's revealed answers in one exam section of a group, counted over a span:
    all time, a calendar month, or one study date (``start`` is its first day; all time
    starts on ``bot.db.scores.ALL_TIME``). Added to at each reveal, so only revealed answers
    are ever counted; ``/stats`` and ``/leaderboard`` read these instead of the answers."""

    __tablename__ = "section_scores"
    __table_args__ = (Index("ix_section_scores_member", "member_id", "group_id", "span", "start"),)

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    span: Mapped[str] = mapped_column(String(5), primary_key=True)
    start: Mapped[date] = mapped_column(Date, primary_key=True)
    domain: Mapped[str] = mapped_column(String(40), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    answered: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer)
