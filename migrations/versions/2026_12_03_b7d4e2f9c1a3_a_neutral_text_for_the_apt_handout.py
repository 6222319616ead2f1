"""A neutral text for the APT handout, written by the handler when marking a case, so that the
workplace meeting never reads the description with its client details.

Revision ID: b7d4e2f9c1a3
Revises: a1ca1c708083
Create Date: 2026-12-03

Reviewed by hand: a nullable column. Cases marked before it have none; the handout then shows
the closing summary, or says that no text was written, never the description.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d4e2f9c1a3'
down_revision = 'a1ca1c708083'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('apt_note', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('apt_note')
