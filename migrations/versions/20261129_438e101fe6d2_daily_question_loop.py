"""daily question loop

Revision ID: 438e101fe6d2
Revises:
Create Date: 2026-11-29 12:26:32.841385
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = '438e101fe6d2'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('external_id', sa.String(length=32), nullable=False),
    sa.Column('channel_id', sa.String(length=32), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('post_time', sa.String(length=5), nullable=False),
    sa.Column('reveal_time', sa.String(length=5), nullable=False),
    sa.Column('rest_weekdays', sa.String(length=20), nullable=False),
    sa.Column('plan_start', sa.Date(), nullable=False),
    sa.Column('exam_date', sa.Date(), nullable=True),
    sa.Column('created_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups')),
    sa.UniqueConstraint('platform', 'external_id', name=op.f('uq_groups_platform'))
    )
    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('external_id', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('quote_anonymously', sa.Boolean(), nullable=False),
    sa.Column('created_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('platform', 'external_id', name=op.f('uq_members_platform'))
    )
    op.create_table('daily_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('study_date', sa.Date(), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('domain', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('channel_id', sa.String(length=32), nullable=False),
    sa.Column('message_id', sa.String(length=32), nullable=True),
    sa.Column('claimed_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('posted_at', bot.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reveal_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revealed_at', bot.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reveal_message_id', sa.String(length=32), nullable=True),
    sa.Column('thread_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_daily_questions_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_daily_questions')),
    sa.UniqueConstraint('group_id', 'study_date', name=op.f('uq_daily_questions_group_id'))
    )
    with op.batch_alter_table('daily_questions', schema=None) as batch_op:
        batch_op.create_index('ix_daily_questions_group_question', ['group_id', 'question_id'], unique=False)
        batch_op.create_index('ix_daily_questions_state_reveal_at', ['state', 'reveal_at'], unique=False)

    op.create_table('streaks',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('current', sa.Integer(), nullable=False),
    sa.Column('best', sa.Integer(), nullable=False),
    sa.Column('last_study_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_streaks_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_streaks_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'member_id', name=op.f('pk_streaks'))
    )
    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('daily_question_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('pick', sa.String(length=16), nullable=False),
    sa.Column('is_correct', sa.Boolean(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('first_answered_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['daily_question_id'], ['daily_questions.id'], name=op.f('fk_answers_daily_question_id_daily_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_answers_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('daily_question_id', 'member_id', name=op.f('uq_answers_daily_question_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_member_id', ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_member_id')

    op.drop_table('answers')
    op.drop_table('streaks')
    with op.batch_alter_table('daily_questions', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_questions_state_reveal_at')
        batch_op.drop_index('ix_daily_questions_group_question')

    op.drop_table('daily_questions')
    op.drop_table('members')
    op.drop_table('groups')
