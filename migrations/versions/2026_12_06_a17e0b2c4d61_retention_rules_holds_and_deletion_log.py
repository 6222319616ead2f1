"""Retention: a förvaltning's retention rules and their history, legal holds, the deletion log,
and the one DELETE the audit trail's trigger lets through.

Revision ID: a17e0b2c4d61
Revises: a17e2d4f6a83
Create Date: 2026-12-06

Reviewed by hand: four new tables. On PostgreSQL the audit trail's trigger function is replaced:
it still refuses UPDATE, TRUNCATE and every DELETE, except the DELETE of a row older than five
years in a transaction where the pruning code has turned ``casework.audit_prune`` on (with
``set_config(..., true)``: for that transaction only). The five years are the law's floor
(HSLF-FS 2016:40 4 kap. 9 §), so not even the pruning path can remove a younger row.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a17e0b2c4d61'
down_revision = 'a17e2d4f6a83'
branch_labels = None
depends_on = None

PRUNABLE = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('casework.audit_prune', true) = 'on'
            AND OLD.at < now() - interval '5 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
END
$$;
"""
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
END
$$;
"""


def upgrade():
    op.create_table('retention_rule_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('rule_key', sa.String(length=64), nullable=False),
    sa.Column('years', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['org_nodes.id'], name=op.f('fk_retention_rule_overrides_district_id_org_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_rule_overrides')),
    sa.UniqueConstraint('district_id', 'rule_key', name='uq_retention_rule_overrides_district_rule')
    )
    with op.batch_alter_table('retention_rule_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retention_rule_overrides_district_id'), ['district_id'], unique=False)

    op.create_table('retention_rule_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('rule_key', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['org_nodes.id'], name=op.f('fk_retention_rule_changes_district_id_org_nodes')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_retention_rule_changes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_rule_changes'))
    )
    with op.batch_alter_table('retention_rule_changes', schema=None) as batch_op:
        batch_op.create_index('ix_retention_rule_changes_district_rule', ['district_id', 'rule_key', 'id'], unique=False)

    op.create_table('legal_holds',
    sa.Column('case_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('placed_by_id', sa.Integer(), nullable=True),
    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_legal_holds_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placed_by_id'], ['users.id'], name=op.f('fk_legal_holds_placed_by_id_users')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_legal_holds'))
    )
    op.create_table('retention_log',
    sa.Column('case_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('rule_key', sa.String(length=64), nullable=False),
    sa.Column('years', sa.Integer(), nullable=False),
    sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_retention_log_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_retention_log'))
    )
    with op.batch_alter_table('retention_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retention_log_anonymised_at'), ['anonymised_at'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PRUNABLE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY)
    with op.batch_alter_table('retention_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_log_anonymised_at'))
    op.drop_table('retention_log')
    op.drop_table('legal_holds')
    with op.batch_alter_table('retention_rule_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_retention_rule_changes_district_rule')
    op.drop_table('retention_rule_changes')
    with op.batch_alter_table('retention_rule_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_rule_overrides_district_id'))
    op.drop_table('retention_rule_overrides')
