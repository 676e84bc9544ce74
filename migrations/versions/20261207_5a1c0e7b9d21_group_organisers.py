"""group organisers

Revision ID: 5a1c0e7b9d21
Revises: 5e1f0c2a9b7d
Create Date: 2026-12-07 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = '5a1c0e7b9d21'
down_revision: str | None = '5e1f0c2a9b7d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('group_organisers',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=32), nullable=False),
    sa.Column('added_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_organisers_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'external_id', name=op.f('pk_group_organisers'))
    )


def downgrade() -> None:
    op.drop_table('group_organisers')
