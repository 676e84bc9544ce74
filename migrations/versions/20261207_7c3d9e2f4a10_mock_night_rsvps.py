"""mock night rsvps

Revision ID: 7c3d9e2f4a10
Revises: 5a1c0e7b9d21
Create Date: 2026-12-07 10:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = '7c3d9e2f4a10'
down_revision: str | None = '5a1c0e7b9d21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mock_rsvps',
    sa.Column('mock_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('going', sa.Boolean(), nullable=False),
    sa.Column('answered_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_mock_rsvps_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mock_id'], ['mock_nights.id'], name=op.f('fk_mock_rsvps_mock_id_mock_nights'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mock_id', 'member_id', name=op.f('pk_mock_rsvps'))
    )


def downgrade() -> None:
    op.drop_table('mock_rsvps')
