"""mock pacing and hands-on weeks

Revision ID: b3e8a61f04d2
Revises: b4e81f0c6a27
Create Date: 2026-12-07 11:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = 'b3e8a61f04d2'
down_revision: str | None = 'b4e81f0c6a27'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('mock_nights') as batch_op:
        batch_op.add_column(sa.Column('pace_minutes', sa.Integer(), server_default='3', nullable=False))
    with op.batch_alter_table('mock_attempts') as batch_op:
        batch_op.add_column(sa.Column('viewing_since', bot.db.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('mock_answers') as batch_op:
        batch_op.add_column(sa.Column('seconds_spent', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('first_pick', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('returned', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('hands_on_steps',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('done_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_hands_on_steps_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_hands_on_steps_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'member_id', 'theme', 'step', name=op.f('pk_hands_on_steps'))
    )
    op.create_table('hands_on_reflections',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('updated_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_hands_on_reflections_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_hands_on_reflections_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'member_id', 'theme', name=op.f('pk_hands_on_reflections'))
    )


def downgrade() -> None:
    op.drop_table('hands_on_reflections')
    op.drop_table('hands_on_steps')
    with op.batch_alter_table('mock_answers') as batch_op:
        batch_op.drop_column('returned')
        batch_op.drop_column('first_pick')
        batch_op.drop_column('seconds_spent')
    with op.batch_alter_table('mock_attempts') as batch_op:
        batch_op.drop_column('viewing_since')
    with op.batch_alter_table('mock_nights') as batch_op:
        batch_op.drop_column('pace_minutes')
