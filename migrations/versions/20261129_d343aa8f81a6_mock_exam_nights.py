"""mock exam nights

Revision ID: d343aa8f81a6
Revises: 4bc8332c0fc4
Create Date: 2026-11-29 13:06:10.848272
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = 'd343aa8f81a6'
down_revision: str | None = '4bc8332c0fc4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mock_nights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('focus_domain', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('event_id', sa.String(length=32), nullable=True),
    sa.Column('start_message_id', sa.String(length=32), nullable=True),
    sa.Column('debrief_message_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_mock_nights_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mock_nights'))
    )
    with op.batch_alter_table('mock_nights', schema=None) as batch_op:
        batch_op.create_index('ix_mock_nights_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('mock_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mock_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('started_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deadline', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('current', sa.Integer(), nullable=False),
    sa.Column('submitted_at', bot.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('auto_submitted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_mock_attempts_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mock_id'], ['mock_nights.id'], name=op.f('fk_mock_attempts_mock_id_mock_nights'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mock_attempts')),
    sa.UniqueConstraint('mock_id', 'member_id', name=op.f('uq_mock_attempts_mock_id'))
    )
    op.create_table('mock_questions',
    sa.Column('mock_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('domain', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['mock_id'], ['mock_nights.id'], name=op.f('fk_mock_questions_mock_id_mock_nights'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mock_id', 'position', name=op.f('pk_mock_questions'))
    )
    op.create_table('mock_answers',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('pick', sa.String(length=16), nullable=True),
    sa.Column('is_correct', sa.Boolean(), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('answered_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['mock_attempts.id'], name=op.f('fk_mock_answers_attempt_id_mock_attempts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attempt_id', 'position', name=op.f('pk_mock_answers'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mock_reminders', sa.Boolean(), server_default=sa.true(), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('mock_reminders')

    op.drop_table('mock_answers')
    op.drop_table('mock_questions')
    op.drop_table('mock_attempts')
    with op.batch_alter_table('mock_nights', schema=None) as batch_op:
        batch_op.drop_index('ix_mock_nights_status_starts')

    op.drop_table('mock_nights')
