"""Legal workflows: the escalation link, the lex Maria signature and documents, art. 34 date.

Revision ID: 4ca2fee205ed
Revises: 1940c2bdc2d1
Create Date: 2026-11-23

Reviewed by hand: a lex Sarah case points at the klagomål or avvikelse it was escalated from
(unique: one escalation per case; the link is dropped, not the case, when the original goes).
The unique constraint's index also serves the reverse lookup shown on the original case.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4ca2fee205ed'
down_revision = '1940c2bdc2d1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('data_breach_details', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subjects_informed_on', sa.Date(), nullable=True))

    with op.batch_alter_table('lex_maria_details', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assessed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ivo_documents', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_lex_maria_details_assessed_by_id_users'), 'users', ['assessed_by_id'], ['id'])

    with op.batch_alter_table('lex_sarah_details', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin_case_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_lex_sarah_details_origin_case_id'), ['origin_case_id'])
        batch_op.create_foreign_key(batch_op.f('fk_lex_sarah_details_origin_case_id_cases'), 'cases', ['origin_case_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('lex_sarah_details', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lex_sarah_details_origin_case_id_cases'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_lex_sarah_details_origin_case_id'), type_='unique')
        batch_op.drop_column('origin_case_id')

    with op.batch_alter_table('lex_maria_details', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lex_maria_details_assessed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('ivo_documents')
        batch_op.drop_column('assessed_on')
        batch_op.drop_column('assessed_by_id')

    with op.batch_alter_table('data_breach_details', schema=None) as batch_op:
        batch_op.drop_column('subjects_informed_on')
