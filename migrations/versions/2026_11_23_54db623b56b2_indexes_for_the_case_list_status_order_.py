"""Indexes for the case list: status order, number prefix and description search.

Revision ID: 54db623b56b2
Revises: a48bab72425f
Create Date: 2026-11-23

Reviewed by hand: the pattern and trigram indexes are PostgreSQL's own (pg_trgm is a trusted
extension, so the database owner may create it); SQLite, the embedded demo database, scans.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '54db623b56b2'
down_revision = 'a48bab72425f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.create_index('ix_cases_status_received', ['status', 'received_on', 'id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index("ix_cases_number_pattern", "cases", ["number"],
                        postgresql_ops={"number": "varchar_pattern_ops"})
        op.create_index("ix_cases_description_trgm", "cases", ["description"],
                        postgresql_using="gin", postgresql_ops={"description": "gin_trgm_ops"})



def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_cases_description_trgm", table_name="cases")
        op.drop_index("ix_cases_number_pattern", table_name="cases")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_status_received')
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)

