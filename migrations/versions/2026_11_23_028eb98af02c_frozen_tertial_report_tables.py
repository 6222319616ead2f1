"""Frozen tertial report tables.

Revision ID: 028eb98af02c
Revises: 54db623b56b2
Create Date: 2026-11-23

Reviewed by hand: the unique constraint on node, year, tertial and template is what keeps the
tertial job from taking a snapshot twice, even when two runs race.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '028eb98af02c'
down_revision = '54db623b56b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('tertial', sa.SmallInteger(), nullable=False),
    sa.Column('template', sa.Integer(), nullable=False),
    sa.Column('cutoff_on', sa.Date(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.CheckConstraint('tertial BETWEEN 1 AND 3', name=op.f('ck_report_snapshots_tertial')),
    sa.ForeignKeyConstraint(['node_id'], ['org_nodes.id'], name=op.f('fk_report_snapshots_node_id_org_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_snapshots')),
    sa.UniqueConstraint('node_id', 'year', 'tertial', 'template', name='uq_report_snapshots_period')
    )


def downgrade():
    op.drop_table('report_snapshots')
