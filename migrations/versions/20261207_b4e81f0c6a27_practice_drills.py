"""practice drills

Revision ID: b4e81f0c6a27
Revises: 7c3d9e2f4a10
Create Date: 2026-12-07 11:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = 'b4e81f0c6a27'
down_revision: str | None = '7c3d9e2f4a10'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('practice_drills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=40), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('started_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', bot.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_practice_drills_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_practice_drills_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_drills'))
    )
    op.create_index('ix_practice_drills_member_group', 'practice_drills', ['member_id', 'group_id'], unique=False)
    op.create_table('practice_answers',
    sa.Column('drill_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('domain', sa.String(length=40), nullable=False),
    sa.Column('pick', sa.String(length=16), nullable=True),
    sa.Column('is_correct', sa.Boolean(), nullable=True),
    sa.Column('shown_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', bot.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['drill_id'], ['practice_drills.id'], name=op.f('fk_practice_answers_drill_id_practice_drills'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('drill_id', 'position', name=op.f('pk_practice_answers'))
    )


def downgrade() -> None:
    op.drop_table('practice_answers')
    op.drop_index('ix_practice_drills_member_group', table_name='practice_drills')
    op.drop_table('practice_drills')
