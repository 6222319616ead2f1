"""Deadline rules per district: each district's changes to config/deadlines.toml, and their
history.

Revision ID: d9f1b3a5c7e2
Revises: d5a7c3e9f1b2
Create Date: 2026-12-03

Reviewed by hand: two new tables only; nothing existing changes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9f1b3a5c7e2'
down_revision = 'd5a7c3e9f1b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deadline_rule_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('rule_key', sa.String(length=64), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('remind_working_days_before', sa.Integer(), nullable=True),
    sa.Column('remind_hours_before', sa.JSON(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['org_nodes.id'], name=op.f('fk_deadline_rule_overrides_district_id_org_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_rule_overrides')),
    sa.UniqueConstraint('district_id', 'rule_key', name='uq_deadline_rule_overrides_district_rule')
    )
    with op.batch_alter_table('deadline_rule_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_rule_overrides_district_id'), ['district_id'], unique=False)

    op.create_table('deadline_rule_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('rule_key', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['org_nodes.id'], name=op.f('fk_deadline_rule_changes_district_id_org_nodes')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_deadline_rule_changes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_rule_changes'))
    )
    with op.batch_alter_table('deadline_rule_changes', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_rule_changes_district_rule', ['district_id', 'rule_key', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('deadline_rule_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_rule_changes_district_rule')
    op.drop_table('deadline_rule_changes')
    with op.batch_alter_table('deadline_rule_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_rule_overrides_district_id'))
    op.drop_table('deadline_rule_overrides')
