"""The public e-service's submissions, counted against its limits for an hour.

Revision ID: f4b6d8a0c2e3
Revises: f2c4e6a8b0d1
Create Date: 2026-12-03

Reviewed by hand: one new table; no client address is stored, only an HMAC of it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4b6d8a0c2e3'
down_revision = 'f2c4e6a8b0d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('address_key', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_public_submissions_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_nodes.id'], name=op.f('fk_public_submissions_unit_id_org_nodes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_submissions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_public_submissions_token_hash'))
    )
    with op.batch_alter_table('public_submissions', schema=None) as batch_op:
        batch_op.create_index('ix_public_submissions_address_at', ['address_key', 'at'], unique=False)
        batch_op.create_index('ix_public_submissions_unit_at', ['unit_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('public_submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_public_submissions_unit_at')
        batch_op.drop_index('ix_public_submissions_address_at')

    op.drop_table('public_submissions')
