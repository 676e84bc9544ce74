"""miss tags: why a member missed a question

Revision ID: b4e8a1c6d2f9
Revises: b3e8a61f04d2
Create Date: 2026-12-07 11:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = 'b4e8a1c6d2f9'
down_revision: str | None = 'b3e8a61f04d2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('miss_tags',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('reason', sa.String(length=1), nullable=False),
    sa.Column('tagged_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_miss_tags_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'question_id', name=op.f('pk_miss_tags'))
    )


def downgrade() -> None:
    op.drop_table('miss_tags')
