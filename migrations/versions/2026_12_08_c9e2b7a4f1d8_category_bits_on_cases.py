"""The categories of a case as one integer on cases, a bit each, for the report to count by; on
PostgreSQL an index the report reads an enhet's cases from alone.

Revision ID: c9e2b7a4f1d8
Revises: b5d7f9a1c3e6
Create Date: 2026-12-08

Reviewed by hand: one column, then a backfill from case_categories with the bits the running
app's taxonomy gives the categories (config/taxonomy.toml, or the one in
CASEWORK_DOMAIN_CONFIG_DIR: the bits the services and the report use from now on). A category the
taxonomy does not list has no bit, and no template can count it. The index (unit, received date,
including every column the report reads) is PostgreSQL's own, as SQLite has no INCLUDE.
"""
from alembic import op
from flask import current_app
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e2b7a4f1d8'
down_revision = 'b5d7f9a1c3e6'
branch_labels = None
depends_on = None

#: What the report reads of a case besides its enhet and received date, at this revision.
COUNTING_COLUMNS = ["status", "type", "source", "anonymous", "identified_by", "concerns",
                    "category_bits", "feedback_on", "first_action_on", "authority_notified_on",
                    "number"]


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_bits', sa.BigInteger(), server_default='0',
                                      nullable=False))
    # A case's categories are distinct (the primary key), so their bits' sum is their OR.
    categories = current_app.extensions["casework.catalogue"].taxonomy.categories
    params = {}
    for number, (key, term) in enumerate(categories.items()):
        params |= {f"k{number}": key, f"b{number}": 1 << term.bit}
    bit = " ".join(f"WHEN :k{number} THEN :b{number}" for number in range(len(categories)))
    op.get_bind().execute(sa.text(f"""
        UPDATE cases SET category_bits = (
            SELECT CAST(COALESCE(SUM(CASE cc.category {bit} ELSE 0 END), 0) AS BIGINT)
              FROM case_categories cc WHERE cc.case_id = cases.id)
         WHERE id IN (SELECT case_id FROM case_categories)"""), params)
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_cases_unit_received_counting", "cases", ["unit_id", "received_on"],
                        postgresql_include=COUNTING_COLUMNS)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_cases_unit_received_counting", table_name="cases")
    # Not a copy of the table on SQLite (its DROP TABLE would cascade to case_categories, under
    # the app's foreign_keys=ON): ALTER TABLE DROP COLUMN, which SQLite has since 3.35.
    with op.batch_alter_table('cases', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('category_bits')
