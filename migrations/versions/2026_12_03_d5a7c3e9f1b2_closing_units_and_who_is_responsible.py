"""Closing an enhet, and who is responsible in it: three nullable columns on org_nodes.

Revision ID: d5a7c3e9f1b2
Revises: c4e8a2f6b0d9
Create Date: 2026-12-03

Reviewed by hand: new nullable columns only (every existing unit stays open, with nobody
chosen, so reminders go where they went); the foreign keys set NULL if a user row is deleted.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5a7c3e9f1b2'
down_revision = 'c4e8a2f6b0d9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('org_nodes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('responsible_handler_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('escalation_manager_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_org_nodes_responsible_handler_id_users'),
                                    'users', ['responsible_handler_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_org_nodes_escalation_manager_id_users'),
                                    'users', ['escalation_manager_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('org_nodes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_org_nodes_escalation_manager_id_users'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_org_nodes_responsible_handler_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('escalation_manager_id')
        batch_op.drop_column('responsible_handler_id')
        batch_op.drop_column('closed_on')
