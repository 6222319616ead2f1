"""What was said in an återkoppling, so that the person who raised the case (a medarbetare
reading their avvikelse) sees more than "Telefon till X".

Revision ID: a1ca1c708083
Revises: f2b3c4d5e6a7
Create Date: 2026-12-02

Reviewed by hand: a nullable column. Entries recorded before it have no content and the case
page says so; the handling service requires it of every new entry.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1ca1c708083'
down_revision = 'f2b3c4d5e6a7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('case_feedback', schema=None) as batch_op:
        batch_op.drop_column('content')
