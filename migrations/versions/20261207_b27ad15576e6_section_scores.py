"""section scores: per-member, per-section counts of revealed answers

Revision ID: b27ad15576e6
Revises: b3e8f1a4c6d2
Create Date: 2026-12-07 11:30:00.000000

Filled from the answers of every question already revealed, so /stats and /leaderboard
show the same figures right after the upgrade.
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op


revision: str = 'b27ad15576e6'
down_revision: str | None = 'b3e8f1a4c6d2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALL_TIME = date(1970, 1, 1)  # bot.db.scores.ALL_TIME


def upgrade() -> None:
    op.create_table('section_scores',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('span', sa.String(length=5), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('domain', sa.String(length=40), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_section_scores_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_section_scores_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'span', 'start', 'domain', 'member_id', name=op.f('pk_section_scores'))
    )
    op.create_index('ix_section_scores_member', 'section_scores', ['member_id', 'group_id', 'span', 'start'], unique=False)
    bind = op.get_bind()
    month = (
        "CAST(date_trunc('month', d.study_date) AS DATE)"
        if bind.dialect.name == 'postgresql'
        else "date(d.study_date, 'start of month')"
    )
    spans = (('all', ':all_time', ''), ('month', month, f'{month}, '), ('day', 'd.study_date', 'd.study_date, '))
    for span, start, grouped in spans:
        statement = sa.text(
            "INSERT INTO section_scores "
            "(group_id, span, start, domain, member_id, answered, correct) "
            f"SELECT d.group_id, '{span}', {start}, d.domain, a.member_id, COUNT(*), "
            "SUM(CASE WHEN a.is_correct THEN 1 ELSE 0 END) "
            "FROM answers a JOIN daily_questions d ON d.id = a.daily_question_id "
            "WHERE d.state = 'revealed' "
            f"GROUP BY d.group_id, {grouped}d.domain, a.member_id"
        )
        if span == 'all':
            statement = statement.bindparams(sa.bindparam('all_time', ALL_TIME, type_=sa.Date()))
        bind.execute(statement)

def downgrade() -> None:
    op.drop_index('ix_section_scores_member', table_name='section_scores')
    op.drop_table('section_scores')
