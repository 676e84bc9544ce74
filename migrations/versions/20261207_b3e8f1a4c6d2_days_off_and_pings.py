"""group days off (skipped days and pauses) opt-in pings, the pinned overview

Revision ID: b3e8f1a4c6d2
Revises: b4e8a1c6d2f9
Create Date: 2026-12-07 11:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'b3e8f1a4c6d2'
down_revision: str | None = 'b4e8a1c6d2f9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('days_off', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ping_role_id', sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column('overview_message_id', sa.String(length=32), nullable=True)
        )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('pings', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('pings')
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_column('overview_message_id')
        batch_op.drop_column('ping_role_id')
        batch_op.drop_column('days_off')
