"""A checked case import file waiting for its confirmation.

Revision ID: e7c9a1b3d5f8
Revises: e1b3d5f7a9c4
Create Date: 2026-12-03

Reviewed by hand: a new table only; its rows live a day at most.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7c9a1b3d5f8'
down_revision = 'e1b3d5f7a9c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_import_drafts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_drafts')),
    sa.UniqueConstraint('token', name=op.f('uq_import_drafts_token'))
    )


def downgrade():
    op.drop_table('import_drafts')
