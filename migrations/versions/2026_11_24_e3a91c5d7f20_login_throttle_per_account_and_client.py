"""The login throttle counts per account and client and per address, in locked counter rows.

Revision ID: e3a91c5d7f20
Revises: c7d2e4f6a8b1
Create Date: 2026-11-24

Reviewed by hand: login_failures (one row per failure, keyed by account or by address) gives way
to login_counters (one row per throttle key, locked while an attempt is checked). The old rows
are dropped, not carried over: they hold at most one window's failures, and their account keys
cannot be paired with an address afterwards. The downgrade brings back the empty old table.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a91c5d7f20'
down_revision = 'c7d2e4f6a8b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_counters',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_counters'))
    )
    with op.batch_alter_table('login_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_counters_window_started_at'), ['window_started_at'], unique=False)

    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_at'))
        batch_op.drop_index('ix_login_failures_address_at')
        batch_op.drop_index('ix_login_failures_account_at')
    op.drop_table('login_failures')


def downgrade():
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('address_key', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index('ix_login_failures_account_at', ['account_key', 'at'], unique=False)
        batch_op.create_index('ix_login_failures_address_at', ['address_key', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failures_at'), ['at'], unique=False)

    with op.batch_alter_table('login_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_counters_window_started_at'))
    op.drop_table('login_counters')
