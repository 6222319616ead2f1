"""The weekly access-log checks (loggkontroll): one signed check per enhet and ISO week, and
the index their queries read the trail by (an enhet's events in a period).

Revision ID: a17e2d4f6a83
Revises: c6e8a0b2d4f7
Create Date: 2026-12-06

Written by hand: a new table and an index, nothing existing changes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a17e2d4f6a83'
down_revision = 'c6e8a0b2d4f7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('log_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('week', sa.Integer(), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('read_count', sa.Integer(), nullable=False),
    sa.Column('sample', sa.JSON(), nullable=False),
    sa.Column('anomalies', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_log_checks_signed_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_nodes.id'], name=op.f('fk_log_checks_unit_id_org_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_checks')),
    sa.UniqueConstraint('unit_id', 'year', 'week', name='uq_log_checks_unit_week')
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_unit_at', ['unit_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_unit_at')
    op.drop_table('log_checks')
