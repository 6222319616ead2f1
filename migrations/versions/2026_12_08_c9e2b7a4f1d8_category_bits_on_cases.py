"""The categories of a case as one integer on cases, a bit each, for the report to count by.

Revision ID: c9e2b7a4f1d8
Revises: a17e0b2c4d61
Create Date: 2026-12-08

Reviewed by hand: one column, then a backfill from case_categories with the bits
config/taxonomy.toml gives the categories at this revision (written out here, so that a later
edit of the taxonomy cannot change what this revision did; the taxonomy never changes or reuses
a bit). A category not listed has no bit, and no template can count it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e2b7a4f1d8'
down_revision = 'a17e0b2c4d61'
branch_labels = None
depends_on = None

BITS = {
    "annat": 0, "annat_ej_personal": 1, "bemanning": 2, "bemotande": 3, "beslut": 4,
    "information": 5, "brister_rutiner": 6, "fraga_ide": 7, "fysisk_miljo": 8,
    "personuppgifter": 9, "halso_sjukvard": 10, "kompetens": 11, "mat": 12, "teknik": 13,
    "tillganglighet": 14, "utebliven_insats": 15, "avv_annat": 16, "avv_bemotande": 17,
    "avv_rattssakerhet": 18, "avv_utforande": 19, "avv_fysisk_miljo": 20,
}


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_bits', sa.BigInteger(), server_default='0',
                                      nullable=False))
    # A case's categories are distinct (the primary key), so their bits' sum is their OR.
    bit = " ".join(f"WHEN '{key}' THEN {1 << value}" for key, value in BITS.items())
    op.execute(f"""
        UPDATE cases SET category_bits = (
            SELECT CAST(COALESCE(SUM(CASE cc.category {bit} ELSE 0 END), 0) AS BIGINT)
              FROM case_categories cc WHERE cc.case_id = cases.id)
         WHERE id IN (SELECT case_id FROM case_categories)""")


def downgrade():
    # Not a copy of the table on SQLite (its DROP TABLE would cascade to case_categories, under
    # the app's foreign_keys=ON): ALTER TABLE DROP COLUMN, which SQLite has since 3.35.
    with op.batch_alter_table('cases', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('category_bits')
