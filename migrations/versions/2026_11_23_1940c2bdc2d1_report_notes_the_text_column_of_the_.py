"""Report notes: the text column of the report table.

Revision ID: 1940c2bdc2d1
Revises: 028eb98af02c
Create Date: 2026-11-23

Reviewed by hand: one note per node, report year, template and row; the unique constraint's
index also serves the page's lookup of a table's notes (node, year, template).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1940c2bdc2d1'
down_revision = '028eb98af02c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('template', sa.Integer(), nullable=False),
    sa.Column('row_key', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['org_nodes.id'], name=op.f('fk_report_notes_node_id_org_nodes')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_report_notes_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_notes')),
    sa.UniqueConstraint('node_id', 'year', 'template', 'row_key', name='uq_report_notes_row')
    )


def downgrade():
    op.drop_table('report_notes')
