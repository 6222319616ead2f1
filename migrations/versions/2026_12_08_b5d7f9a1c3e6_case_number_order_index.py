"""An index on the case list's number order (year, length, number), so that the list sorted by
number reads the first page off the index instead of sorting every case in scope (559 ms over
the förvaltning's 200,000 cases).

Revision ID: b5d7f9a1c3e6
Revises: a17e0b2c4d61
Create Date: 2026-12-08

Written by hand: one index on expressions, on PostgreSQL only; nothing existing changes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d7f9a1c3e6'
down_revision = 'a17e0b2c4d61'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite cannot reflect an index on expressions; its databases are small.
    number = sa.column('number')
    op.create_index('ix_cases_number_order', 'cases', [
        sa.func.substr(number, sa.literal_column('1'), sa.literal_column('4')),
        sa.func.length(number),
        number,
    ])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_cases_number_order', table_name='cases')
