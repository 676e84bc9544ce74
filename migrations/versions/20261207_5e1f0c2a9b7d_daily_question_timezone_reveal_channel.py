"""daily questions keep their timezone and the channel of a moved reveal

Revision ID: 5e1f0c2a9b7d
Revises: d343aa8f81a6
Create Date: 2026-12-07 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '5e1f0c2a9b7d'
down_revision: str | None = 'd343aa8f81a6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('daily_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reveal_channel_id', sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE daily_questions SET timezone = "
        "(SELECT groups.timezone FROM groups WHERE groups.id = daily_questions.group_id)"
    )
    with op.batch_alter_table('daily_questions', schema=None) as batch_op:
        batch_op.alter_column('timezone', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint('uq_daily_questions_group_id', type_='unique')
        batch_op.create_unique_constraint(
            op.f('uq_daily_questions_group_id'), ['group_id', 'study_date', 'timezone']
        )


def downgrade() -> None:
    with op.batch_alter_table('daily_questions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_daily_questions_group_id', type_='unique')
        batch_op.create_unique_constraint(
            op.f('uq_daily_questions_group_id'), ['group_id', 'study_date']
        )
        batch_op.drop_column('reveal_channel_id')
        batch_op.drop_column('timezone')
