"""The follow-up question after a klagomål is closed, its answer, and the reopen request a
"Nej" with a comment makes.

Revision ID: f2c4e6a8b0d1
Revises: e3a9c5d7b1f4
Create Date: 2026-12-04

Written by hand: two new tables, nothing existing changes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2c4e6a8b0d1'
down_revision = 'e3a9c5d7b1f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer', sa.Enum('ja', 'delvis', 'nej', name='answer', native_enum=False, create_constraint=False, length=6), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_follow_ups_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_follow_ups_token_hash'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_follow_ups_case_sent', ['case_id', 'sent_at'], unique=False)
    op.create_table('reopen_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('open', 'accepted', 'declined', name='requeststatus', native_enum=False, create_constraint=False, length=8), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_reopen_requests_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_reopen_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_ups.id'], name=op.f('fk_reopen_requests_follow_up_id_follow_ups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reopen_requests')),
    sa.UniqueConstraint('follow_up_id', name=op.f('uq_reopen_requests_follow_up_id'))
    )
    with op.batch_alter_table('reopen_requests', schema=None) as batch_op:
        batch_op.create_index('ix_reopen_requests_case_status', ['case_id', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('reopen_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_reopen_requests_case_status')
    op.drop_table('reopen_requests')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_ups_case_sent')
    op.drop_table('follow_ups')
